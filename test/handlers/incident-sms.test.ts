import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboundMessages, incidents } from '../../src/db/schema.js';
import { queryRows } from '../../src/db/client.js';
import { createLocalPorts } from '../../src/ports/local/index.js';
import { INCIDENT_ACTIONS as A, INCIDENT_FIELDS as F, INCIDENT_VIEWS as V } from '../../src/views/ids/incidents.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { seedReservation } from '../support/seed.js';

const t = useBotTest();
const ENV = { QRV_OPERATORS: 'U0SATO', QRV_BULK_SMS_PER_SECOND: '10' };
const replies = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const id = (i: number) => `QRV-S${String(i).padStart(5, '0')}`;

async function seedClients() {
  const at = jst('2026-11-30 03:10');
  for (let i = 1; i <= 49; i++) {
    await seedReservation(t.database.db, { id: id(i), status: i % 2 ? 'received' : 'payment_pending', clientPhone: `080-1234-${5600 + i}`, createdAt: at, updatedAt: at });
  }
  // A landline: skipped and listed. Confirmed, or untouched since before the incident: not selected.
  await seedReservation(t.database.db, { id: id(50), status: 'calling', clientPhone: '03-1234-5678', createdAt: at, updatedAt: at });
  await seedReservation(t.database.db, { id: id(51), status: 'confirmed', clientPhone: '090-1111-2222', createdAt: at, updatedAt: at });
  const before = jst('2026-11-29 12:00');
  await seedReservation(t.database.db, { id: id(52), status: 'received', clientPhone: '090-3333-4444', createdAt: before, updatedAt: before });
}

describe('依頼者に状況説明SMS送信 (manual §7.2)', { timeout: 120_000 }, () => {
  it('50 affected clients: preview (count, example, the invalid number skipped), a double confirm sends once, at the bulk rate, with the tally in the thread', async () => {
    const ports = createLocalPorts();
    await t.h.start({ clock: fixedClock('2026-11-30 03:00'), env: ENV, ports });
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'incident declare 高 Bland.ai障害で電話発信が停止', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const incident = await eventually(async () => (await t.database.db.select().from(incidents))[0]?.slackTs ? (await t.database.db.select().from(incidents))[0] : undefined);
    const ts = incident!.slackTs!;
    await seedClients();

    await t.h.fake.clickButton({ actionId: A.statusSms, value: String(incident!.id), userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ts });
    const select = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => v.callback_id === V.statusSmsSelect));
    expect(JSON.stringify(select)).toContain('{予約ID}');
    const statuses = ['received', 'calling', 'payment_pending'].map((value) => ({ value }));
    const template = '【QRV】ご予約（{予約ID}）について、システム障害のためお手続きが遅れております。復旧しだいご連絡いたします。';
    const preview = await t.h.fake.submitView({ userId: 'U0SATO', values: { [F.statuses]: { value: { selected_options: statuses } }, [F.template]: { value: { value: template } } } });
    expect(preview.ack.payload.response_action).toBe('update');
    const confirm = JSON.stringify(preview.ack.payload.view);
    expect(confirm).toContain('*送信先: 49件*（10件/秒で送信、約5秒）');
    expect(confirm).toContain(`*スキップ: 1件*\\n・${id(50)}（03-1234-5678: SMSを送れない番号）`);
    expect(confirm).toContain(`【QRV】ご予約（${id(1)}）について`);
    expect(confirm).toContain('49件に送信');

    const confirmView = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => v.callback_id === V.statusSmsConfirm));
    await Promise.all([
      t.h.fake.submitView({ userId: 'U0SATO', viewId: String(confirmView.id) }),
      t.h.fake.submitView({ userId: 'U0SATO', viewId: String(confirmView.id) }),
    ]);
    // Both submissions arrived; the second queued nothing.
    const started = await eventually(() => {
      const lines = replies(ts).filter((r) => r.startsWith('📤 <@U0SATO> 依頼者に状況説明SMSを送信開始'));
      return lines.length === 2 ? lines : undefined;
    });
    expect(started.sort()).toEqual([expect.stringContaining('送信開始: 0件（10件/秒）、送信済み・送信中のため除外 49件'), expect.stringContaining('送信開始: 49件（10件/秒）\n')]);
    expect(started.find((l) => l.includes('49件（'))).toContain(`スキップ 1件（SMSを送れない番号）:\n・${id(50)}`);

    const rows = await t.database.db.select().from(outboundMessages).where(eq(outboundMessages.incidentId, incident!.id));
    expect(rows).toHaveLength(49);
    expect(rows.find((r) => r.reservationId === id(3))!.body).toBe(template.replace('{予約ID}', id(3)));
    // The bulk rate: at most 10 jobs start in any one second, spread over 5 seconds.
    const jobs = await queryRows<{ second: number; n: number }>(
      t.database.db,
      // Each row's first job (a later enqueue may add one for a row whose job is already running: it finds the row sent and does nothing).
      sql`select floor(extract(epoch from first - min(first) over ()))::int as second from (
            select singleton_key, min(start_after) as first from pgboss.job where name = 'qrv-deliver' and data->>'kind' = 'message' group by singleton_key) j`,
    );
    const perSecond = new Map<number, number>();
    for (const j of jobs) perSecond.set(Number(j.second), (perSecond.get(Number(j.second)) ?? 0) + 1);
    expect(jobs).toHaveLength(49);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(10);
    expect(Math.max(...perSecond.keys())).toBeGreaterThanOrEqual(4);

    const tally = await eventually(() => replies(ts).find((r) => r.startsWith('📤 状況説明SMSの送信結果')), 60_000);
    expect(tally).toBe('📤 状況説明SMSの送信結果: 送信 49件 / 失敗 0件');
    expect(ports.sms.sent).toHaveLength(49);
    expect(new Set(ports.sms.sent.map((s) => s.to)).size).toBe(49);
  });
});
