import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alerts } from '../../src/db/schema.js';
import { CLAIM_ALERT_ACTION } from '../../src/views/ids/alerts.js';
import { PAYMENT_EXPIRED_ACTIONS } from '../../src/views/ids/procedures/payment-expired.js';
import type { JsonObject } from '../../src/fake-slack/types.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { AROMA_RESERVATION, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();
const ENV = { QRV_OPERATORS: 'U0SATO,U0TANAKA' };

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db);
});

/** The core raised it at a JST time; resolves once posted with its permalink stored. */
async function raised(kind: string, at: string, status?: string) {
  const [row] = await t.database.db
    .insert(alerts)
    .values({ kind, reservationId: AROMA_RESERVATION.id, createdAt: jst(at), details: kind === 'change_request' ? { shop_id: 'SHOP-001' } : {}, ...(status ? { expectedStatus: status } : {}) })
    .returning({ id: alerts.id });
  const posted = await eventually(async () => {
    const [r] = await t.database.db.select().from(alerts).where(eq(alerts.id, row!.id));
    return r?.permalink ? r : undefined;
  });
  return { id: row!.id, ts: posted.slackTs!, permalink: posted.permalink! };
}

/** The queue sections of a view or message, as `title → lines`. */
function sections(blocks: JsonObject[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const b of blocks) {
    const text = b.type === 'section' ? String(b.text?.text ?? '') : '';
    const m = /^\*(未対応|対応中（ほかの担当者）|自分の担当)\*（\d+件）\n([\s\S]*)$/.exec(text);
    if (m) out[m[1]!] = m[2]!.split('\n');
  }
  return out;
}
const home = (user: string) => (t.h.fake.homeView(user)?.blocks ?? []) as JsonObject[];

describe('the open-work queue', () => {
  it('App Home: 未対応 / 対応中 / 自分の担当 by priority then deadline, with time left or 期限超過 and a link; refreshed on claim and resolve', async () => {
    const clock = fixedClock('2026-11-30 10:30');
    await t.h.start({ clock, env: ENV });
    const change = await raised('change_request', '2026-11-30 09:00'); // 中, 期限 10:00: overdue
    const ng = await raised('all_shops_ng', '2026-11-30 09:50'); // 高, 期限 10:50
    const sms = await raised('sms_failed', '2026-11-30 10:20'); // 緊急, 期限 10:50
    const info = await raised('payment_expired', '2026-11-30 10:25'); // 低
    expect(sms.permalink).toMatch(/^https:\/\/.*\.slack\.com\/archives\/C0QRVALERT\/p\d+$/);

    await t.h.fake.openHome('U0SATO');
    const first = await eventually(() => sections(home('U0SATO')).未対応);
    expect(first).toEqual([
      `🔴 緊急 <${sms.permalink}|#${sms.id} SMS送信失敗> QRV-A1B2C3 — 残り20分（期限 11月30日 10:50） · 未対応`,
      `🟠 高 <${ng.permalink}|#${ng.id} 全店NG> QRV-A1B2C3 — 残り20分（期限 11月30日 10:50） · 未対応`,
      `🟡 中 <${change.permalink}|#${change.id} 変更依頼> QRV-A1B2C3 — ⚠️ *期限超過*（期限 11月30日 10:00） · 未対応`,
      `🟢 低 <${info.permalink}|#${info.id} 決済期限切れ> QRV-A1B2C3 — 残り23時間55分（期限 12月1日 10:25） · 未対応`,
    ]);

    await t.h.fake.clickButton({ actionId: CLAIM_ALERT_ACTION, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ng.ts });
    const mine = await eventually(() => {
      const s = sections(home('U0SATO'));
      return s.自分の担当?.[0]?.includes(`#${ng.id} 全店NG`) ? s : undefined;
    });
    expect(mine.未対応!.map((l) => l.match(/#\d+ (\S+)>/)![1])).toEqual(['SMS送信失敗', '変更依頼', '決済期限切れ']);
    expect(mine.自分の担当![0]).toContain('担当 <@U0SATO>');

    // Tanaka sees Sato's alert under 対応中 in `/qrv queue`.
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'queue', userId: 'U0TANAKA', channelId: ALERTS_CHANNEL });
    const reply = await eventually(() => t.h.fake.ephemerals('U0TANAKA')[0]);
    expect(reply.text).toBe('対応待ちの通知 4件');
    expect(sections(reply.blocks)['対応中（ほかの担当者）']).toEqual([`🟠 高 <${ng.permalink}|#${ng.id} 全店NG> QRV-A1B2C3 — 残り20分（期限 11月30日 10:50） · 担当 <@U0SATO>`]);
    expect(sections(reply.blocks).自分の担当).toEqual(['ありません']);

    // Resolved (決済期限切れ 確認済み): it leaves the queue.
    await t.h.fake.clickButton({ actionId: PAYMENT_EXPIRED_ACTIONS.acknowledge, userId: 'U0TANAKA', channel: ALERTS_CHANNEL, messageTs: info.ts });
    await eventually(() => sections(home('U0SATO')).未対応?.length === 2);
    expect(JSON.stringify(home('U0SATO'))).not.toContain('決済期限切れ>');
  });

  it('a new alert refreshes the Home tabs opened earlier', async () => {
    await t.h.start({ clock: fixedClock('2026-11-30 10:30'), env: ENV });
    await t.h.fake.openHome('U0TANAKA');
    await eventually(() => sections(home('U0TANAKA')).未対応?.[0] === 'ありません ✅');
    const sms = await raised('sms_failed', '2026-11-30 10:29');
    await eventually(() => sections(home('U0TANAKA')).未対応?.[0]?.includes(`#${sms.id} SMS送信失敗`));
  });
});
