import { beforeEach, describe, expect, it } from 'vitest';
import { alerts, shops } from '../../src/db/schema.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst, seedReservations } from '../support/metrics-seed.js';
import { seedShops } from '../support/seed.js';

const t = useBotTest();
beforeEach(async () => {
  await seedShops(t.database.db);
  await t.database.db.insert(shops).values({ id: 'SHOP-009', name: '青山リラク', phone: '03-5555-1234', listed: false });
});

const textOf = (m: unknown): string => JSON.stringify(m) ?? '';
/** Tomorrow (12月1日) at a JST time, one hour long. */
const at = (time: string) => ({ startsAt: jst(`2026-12-01 ${time}`), endsAt: new Date(jst(`2026-12-01 ${time}`).getTime() + 3_600_000) });

describe('18:00 明日の予約確認', () => {
  it('counts only live reservations; lists those needing attention first, then the rest, with ほか N件 and /qrv tomorrow for all', async () => {
    const clock = fixedClock('2026-11-30 17:00');
    const bot = await t.h.start({ clock, env: { QRV_SCHEDULER: 'on' } });
    const db = t.database.db;
    await seedReservations(db, '2026-11-29 12:00', ['cancelled', 'failed', 'payment_expired'], at('09:00')); // ended: neither counted nor listed
    const [early] = await seedReservations(db, '2026-11-29 12:00', ['confirmed'], at('08:00'));
    for (let i = 0; i < 16; i++) await seedReservations(db, '2026-11-29 12:00', ['confirmed'], at(`${String(10 + (i % 8)).padStart(2, '0')}:${i < 8 ? '00' : '30'}`));
    const [unpaid] = await seedReservations(db, '2026-11-29 12:00', ['payment_pending'], at('19:00'));
    const [cancelWish] = await seedReservations(db, '2026-11-29 12:00', ['confirmed'], at('18:00'));
    const [unlisted] = await seedReservations(db, '2026-11-29 12:00', ['confirmed'], { ...at('12:15'), shopId: 'SHOP-009' });
    await db.insert(alerts).values({ kind: 'late_cancel', reservationId: cancelWish!, createdAt: jst('2026-11-30 16:00') });
    await eventually(async () => (await db.select().from(alerts)).every((a) => a.slackTs));

    clock.set('2026-11-30 18:00');
    await bot.scheduler!.tick();
    const post = t.h.fake.messages(ALERTS_CHANNEL).find((m) => textOf(m.blocks).includes('【終業時の記録】'))!;
    const text = textOf(post.blocks);
    expect(text).toContain('予約件数: 20件（キャンセル・予約不可・決済期限切れを除く）');
    expect(text).toContain('確定（決済済み）（confirmed） 19件');
    expect(text).not.toContain('cancelled');
    expect(text).toContain('*特別な対応が必要な予約*: 3件（先頭に表示）');
    const lines = text.split('\\n').filter((l) => l.startsWith('• '));
    expect(lines.slice(0, 4)).toEqual([
      `• 12月1日 12:15-13:15 ${unlisted} Aroma Massage · 確定（決済済み）（confirmed） — ⚠️ 未登録店舗`,
      `• 12月1日 18:00-19:00 ${cancelWish} Aroma Massage · 確定（決済済み）（confirmed） — ⚠️ 依頼者がキャンセル希望`,
      `• 12月1日 19:00-20:00 ${unpaid} Aroma Massage · 決済待ち（payment_pending） — ⚠️ 未決済`,
      `• 12月1日 08:00-09:00 ${early} Aroma Massage · 確定（決済済み）（confirmed）`,
    ]);
    expect(lines).toHaveLength(15);
    expect(text).toContain('ほか 5件（`/qrv tomorrow` で全件）');

    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'tomorrow', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const all = await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    expect(all.text).toBe('明日の予約 20件');
    expect(textOf(all.blocks).split('\\n').filter((l) => l.startsWith('• '))).toHaveLength(20);
    expect(textOf(all.blocks)).not.toContain('ほか');
  });
});
