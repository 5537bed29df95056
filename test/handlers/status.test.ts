import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { history } from '../../src/db/schema.js';
import { RESERVATION_VIEWED } from '../../src/repositories/history.js';
import { ALERT_DETAIL_ACTION, CLAIM_ALERT_ACTION } from '../../src/views/ids/alerts.js';
import { STATUS_OPEN_CARD_ACTION } from '../../src/views/ids/commands.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { AROMA_RESERVATION, coreRaisesAlert, DOGENZAKA, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();

beforeEach(async () => {
  await t.h.start();
});

const status = async (text: string, userId = 'U0SATO') => {
  await t.h.fake.sendSlashCommand({ command: '/qrv', text, userId, channelId: ALERTS_CHANNEL });
  const reply = await eventually(() => t.h.fake.ephemerals(userId).at(-1));
  return { reply, all: JSON.stringify(reply) };
};

describe('/qrv status', () => {
  it('shows the reservation card: status, service, time, address, client, shop, calls by round, alerts, history', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db, { shopId: SHIBUYA_AROMA.id, status: 'calling_failed' });
    for (const round of [1, 2]) {
      await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round, outcome: 'ng' });
      await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: DOGENZAKA.id, round, outcome: round === 1 ? 'no_answer' : 'ng' });
    }
    const alertId = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const ts = await eventually(() => t.h.fake.messages(ALERTS_CHANNEL)[0]?.ts);
    await t.h.fake.clickButton({ actionId: CLAIM_ALERT_ACTION, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ts });
    await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, ts).length > 0);

    const { all } = await status('status qrv-a1b2c3');
    expect(all).toContain('予約 QRV-A1B2C3');
    expect(all).toContain('全店NG（calling_failed）');
    expect(all).toContain('Aroma Massage');
    expect(all).toContain('1月30日 14:00-17:00');
    expect(all).toContain('東京都渋谷区道玄坂1-2-3');
    expect(all).toContain('080-1234-5678');
    expect(all).toContain('〇〇マッサージ店（SHOP-001）');
    expect(all).toContain('1周目: 〇〇マッサージ店（SHOP-001） NG · 道玄坂リラク（SHOP-002） 不在');
    expect(all).toContain('2周目: 〇〇マッサージ店（SHOP-001） NG · 道玄坂リラク（SHOP-002） NG');
    expect(all).toContain('【マニュアルオペレーション】全店NG — 対応中 <@U0SATO>');
    expect(all).toContain('対応開始 — <@U0SATO>');
    expect(alertId).toBeGreaterThan(0);
  });

  it('an unknown ID: 予約が見つかりません', async () => {
    const { reply } = await status('status QRV-ZZZ999');
    expect(reply.text).toBe('予約が見つかりません: QRV-ZZZ999');
  });

  it.each(['status', 'status QRV-1', "status QRV-A1B2C3'; drop table reservations;--", 'status <@U123>'])(
    'a malformed ID (%s) gets the usage line',
    async (text) => {
      const { reply } = await status(text);
      expect(reply.text).toContain('使い方: `/qrv status QRV-XXXXXX`');
      expect(reply.text).not.toMatch(/Error|at .*\.ts/);
    },
  );

  it('詳細 on an alert shows the same card to the clicking user only', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const ts = await eventually(() => t.h.fake.messages(ALERTS_CHANNEL)[0]?.ts);
    await t.h.fake.clickButton({ actionId: ALERT_DETAIL_ACTION, userId: 'U0TANAKA', channel: ALERTS_CHANNEL, messageTs: ts });
    const reply = await eventually(() => t.h.fake.ephemerals('U0TANAKA')[0]);
    expect(JSON.stringify(reply)).toContain('予約 QRV-A1B2C3');
  });

  it('詳細 pressed by ten operators at once: each gets the card listing their own reading first; on a system alert, the line saying it has no reservation', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    await coreRaisesAlert(t.database.db, 'system', null, { message: 'core down' });
    const [reservationTs, systemTs] = await eventually(() => {
      const posted = t.h.fake.messages(ALERTS_CHANNEL);
      return posted.length >= 2 ? [posted.find((m) => JSON.stringify(m).includes('QRV-A1B2C3'))!.ts, posted.find((m) => !JSON.stringify(m).includes('QRV-A1B2C3'))!.ts] : undefined;
    });
    const users = Array.from({ length: 10 }, (_, i) => `U0OP${String(i).padStart(3, '0')}`);
    await Promise.all(users.map((userId) => t.h.fake.clickButton({ actionId: ALERT_DETAIL_ACTION, userId, channel: ALERTS_CHANNEL, messageTs: reservationTs })));
    for (const userId of users) {
      const card = JSON.stringify(await eventually(() => t.h.fake.ephemerals(userId).at(-1)));
      expect(card).toContain('予約 QRV-A1B2C3');
      expect(card).toContain(`閲覧記録: <@${userId}>`);
    }
    await t.h.fake.clickButton({ actionId: ALERT_DETAIL_ACTION, userId: 'U0TANAKA', channel: ALERTS_CHANNEL, messageTs: systemTs });
    expect((await eventually(() => t.h.fake.ephemerals('U0TANAKA')[0])).text).toBe('このアラートには予約がありません（システムアラート）。');
  });
});

describe('/qrv status under a burst', () => {
  it('twenty operators ask for the same card at once: every one gets it, listing their own reading first, and every reading is recorded', async () => {
    await seedReservation(t.database.db);
    const users = Array.from({ length: 20 }, (_, i) => `U0OP${String(i).padStart(3, '0')}`);
    await Promise.all(users.map((userId) => t.h.fake.sendSlashCommand({ command: '/qrv', text: 'status QRV-A1B2C3', userId, channelId: ALERTS_CHANNEL })));
    for (const userId of users) {
      // In the ack when the shared reading is ready within the budget, else by response_url: the operator sees the same card.
      const card = JSON.stringify(await eventually(() => t.h.fake.ephemerals(userId).at(-1)));
      expect(card).toContain('予約 QRV-A1B2C3');
      expect(card).toContain(`閲覧記録: <@${userId}>`);
    }
    const recorded = await t.database.db.select().from(history).where(eq(history.action, RESERVATION_VIEWED));
    expect(recorded.map((r) => r.actor).sort()).toEqual(users);
  });
});

describe('/qrv status by phone number or e-mail (manual §3.3: find the client who calls)', () => {
  const seedClient = async () => {
    await seedReservation(t.database.db, { id: 'QRV-OLD001', status: 'completed', createdAt: new Date('2026-01-10T00:00:00Z') });
    await seedReservation(t.database.db, {
      id: 'QRV-NEW002',
      status: 'confirmed',
      clientPhone: '+81 80 1234 5678',
      clientEmail: 'Hanako@Example.com',
      startsAt: new Date('2026-02-14T03:00:00Z'),
      endsAt: new Date('2026-02-14T04:00:00Z'),
      createdAt: new Date('2026-02-01T00:00:00Z'),
    });
    await seedReservation(t.database.db, { id: 'QRV-MID003', status: 'cancelled', clientPhone: '０８０（１２３４）５６７８', createdAt: new Date('2026-01-20T00:00:00Z') });
    await seedReservation(t.database.db, { id: 'QRV-OTHER4', clientPhone: '090-9999-0000', clientEmail: 'hanako@example.org' });
  };

  it.each(['080-1234-5678', '08012345678', '+81 80-1234-5678', '+818012345678', '０８０－１２３４－５６７８'])(
    '%s finds every reservation of that number however it was stored, newest first',
    async (phone) => {
      await seedClient();
      const { reply, all } = await status(`status ${phone}`);
      expect(all).toContain('依頼者 080-1234-5678 の予約（3件）');
      const ids = [...all.matchAll(/QRV-[A-Z0-9]{6}/g)].map((m) => m[0]);
      expect([...new Set(ids)]).toEqual(['QRV-NEW002', 'QRV-MID003', 'QRV-OLD001']);
      expect(all).toContain('確定（決済済み）（confirmed）');
      expect(all).toContain('2月14日 12:00-13:00');
      expect(reply.via).toBe('ack');
    },
  );

  it('an e-mail address matches regardless of case; カードを表示 opens that reservation\'s card', async () => {
    await seedClient();
    const { reply, all } = await status('status hanako@example.COM');
    expect(all).toContain('依頼者 hanako@example.COM の予約（1件）');
    expect(all).toContain('QRV-NEW002');
    expect(all).not.toContain('QRV-OTHER4');
    await t.h.fake.clickButton({ actionId: STATUS_OPEN_CARD_ACTION, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: reply.ts, value: 'QRV-NEW002' });
    const card = await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => JSON.stringify(e).includes('予約 QRV-NEW002')));
    expect(JSON.stringify(card)).toContain('閲覧記録');
  });

  it('a number nobody booked with: 見つかりませんでした; a malformed one: the usage', async () => {
    await seedClient();
    expect((await status('status 03-5555-0000')).reply.text).toContain('依頼者 03-5555-0000 の予約は見つかりませんでした');
    expect((await status('status 090-12')).reply.text).toContain('電話番号・メールアドレス');
    expect((await status('status name@')).reply.text).toContain('使い方');
  });
});

describe('/qrv help and unknown input', () => {
  it.each(['', 'help'])('"/qrv %s" shows the usage', async (text) => {
    const { all } = await status(text);
    expect(all).toContain('/qrv status QRV-XXXXXX');
  });

  it('unknown input gets a short Japanese usage message, never a stack trace', async () => {
    const { reply, all } = await status('frobnicate <!channel> `rm -rf`');
    expect(String(reply.text)).toContain('は分かりませんでした');
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('/qrv status QRV-XXXXXX');
  });
});
