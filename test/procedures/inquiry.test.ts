import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { alerts, inquiries } from '../../src/db/schema.js';
import { INQUIRY_ACTIONS, INQUIRY_FIELDS, INQUIRY_VIEWS } from '../../src/views/ids/procedures/inquiry.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { buttonsOf, DAY_BEFORE, messageText, procedureDriver, testClock, startProcedureTest } from '../support/procedures.js';
import { AROMA_RESERVATION, } from '../support/seed.js';

const t = useBotTest();
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  ({ clock, d } = await startProcedureTest(t, 'payment_expired'));
});

const inquiry = async (text: string) => {
  const before = t.h.fake.ephemerals('U0SATO').length;
  await t.h.fake.sendSlashCommand({ command: '/qrv', text: `inquiry ${text}`, userId: 'U0SATO', channelId: ALERTS_CHANNEL });
  return eventually(() => t.h.fake.ephemerals('U0SATO')[before]?.text);
};

const postedAlert = async (kind = 'inquiry') =>
  eventually(async () => {
    const rows = await t.database.db.select().from(alerts).where(eq(alerts.kind, kind));
    const row = rows.at(-1);
    return row?.slackTs ? row : undefined;
  });

describe('一般問い合わせ (manual §2.2, §5.2: 低, 緑, 24時間以内)', () => {
  it('/qrv inquiry counts it for 18:00 and raises a green alert with 予約を確認 / 対応済み; 対応済み needs what was answered', async () => {
    const reply = await inquiry('qrv-a1b2c3 決済期限が切れました。どうすればいいですか？');
    expect(reply).toContain('問い合わせを記録しました（QRV-A1B2C3）: 決済期限が切れました。どうすればいいですか？');
    expect(reply).toContain('本日の問い合わせ件数: 1件');
    expect(reply).toMatch(/一般問い合わせ #\d+ として通知します（対応期限: 24時間以内）/);
    expect(await t.database.db.select().from(inquiries)).toHaveLength(1);

    const alert = await postedAlert();
    expect(alert).toMatchObject({ reservationId: AROMA_RESERVATION.id, details: { source: 'command', raised_by: 'U0SATO', matched: ['QRV-A1B2C3'] } });
    expect(alert.createdAt.toISOString()).toBe(new Date(DAY_BEFORE).toISOString());
    const message = t.h.fake.message(ALERTS_CHANNEL, alert.slackTs!)!;
    const text = messageText(message);
    expect(text).toContain('【問い合わせ】一般問い合わせ');
    expect(text).toContain('#2EB67D');
    expect(text).toContain('対応期限: 24時間以内');
    expect(text).toContain('優先度: 低（緑）');
    expect(text).toContain('受付: `/qrv inquiry`（<@U0SATO>）');
    expect(text).toContain('> 決済期限が切れました。どうすればいいですか？');
    expect(text).toContain('該当する予約: QRV-A1B2C3');
    expect(buttonsOf(message)).toEqual(expect.arrayContaining([INQUIRY_ACTIONS.reservations, INQUIRY_ACTIONS.done]));

    // 予約を確認: the one reservation's card, to the clicking user only.
    await d.click(INQUIRY_ACTIONS.reservations, alert.slackTs!, 'U0SUZUKI');
    const card = await eventually(() => t.h.fake.ephemerals('U0SUZUKI').find((e) => JSON.stringify(e).includes('予約 QRV-A1B2C3')));
    expect(JSON.stringify(card)).toContain('決済期限切れ');

    clock.advance(12);
    await d.click(INQUIRY_ACTIONS.done, alert.slackTs!);
    await d.modal(INQUIRY_VIEWS.done);
    const empty = await d.submit({ [INQUIRY_FIELDS.answer]: { value: { value: '  ' } } });
    expect(empty.ack.payload.errors).toEqual({ [INQUIRY_FIELDS.answer]: '対応内容を入力してください' });
    await d.submit({ [INQUIRY_FIELDS.answer]: { value: { value: '「最初からAIチャットで予約してください」と案内' } } });
    const { message: done, note } = await d.finished(alert.id, alert.slackTs!);
    expect(messageText(done)).toContain('✅ 完了: 対応済み — <@U0SATO>');
    expect(buttonsOf(done)).toEqual([]);
    expect(note.text).toContain('問い合わせに対応: 「最初からAIチャットで予約してください」と案内');
    const s = await d.state();
    expect(s.records[0]).toMatchObject({ procedure: 'inquiry', result: '対応済み', actor: 'U0SATO', durationMinutes: 0 });
    expect(s.reservation.status).toBe('payment_expired');
  });

  it('without a reservation, or naming one that does not exist: still counted, the alert has no reservation', async () => {
    expect(await inquiry('提携店から請求書の問い合わせ')).toContain('本日の問い合わせ件数: 1件');
    const first = await postedAlert();
    expect(first.reservationId).toBeNull();
    expect(messageText(t.h.fake.message(ALERTS_CHANNEL, first.slackTs!)!)).toContain('該当する予約: なし');

    expect(await inquiry('QRV-ZZZ999 予約の確認')).toContain('（QRV-ZZZ999: 予約が見つかりません）');
    expect(await t.database.db.select().from(inquiries)).toHaveLength(2);
    const second = await eventually(async () => {
      const rows = await t.database.db.select().from(alerts).where(eq(alerts.kind, 'inquiry'));
      return rows.length === 2 && rows[1]!.slackTs ? rows[1] : undefined;
    });
    expect(second.reservationId).toBeNull();

    await d.click(INQUIRY_ACTIONS.reservations, second.slackTs!);
    const none = await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes(`問い合わせ #${second.id} に該当する予約は見つかりませんでした`)));
    expect(none.text).toContain('/qrv status 090-1234-5678');
  });

  it('the QRV core (or the inquiry mailbox) may raise one without a reservation', async () => {
    const { ts } = await d.raise('inquiry', { source: 'mail', summary: '領収書を再発行してほしい', from: 'hanako@example.com', subject: '領収書', matched: [] }, null);
    const text = messageText(t.h.fake.message(ALERTS_CHANNEL, ts)!);
    expect(text).toContain('受付: メール（inquiry@）');
    expect(text).toContain('差出人: hanako@example.com');
    expect(text).toContain('件名: 領収書');
  });
});
