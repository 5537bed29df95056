import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { alerts, history, inquiries, incidents } from '../../src/db/schema.js';
import { NOT_OPERATOR_MESSAGE } from '../../src/errors.js';
import { ALERT_DETAIL_ACTION, CLAIM_ALERT_ACTION } from '../../src/views/ids/alerts.js';
import { REFRESH_HOME_ACTION } from '../../src/views/ids/dashboard.js';
import { ALL_SHOPS_NG_ACTIONS, ALL_SHOPS_NG_VIEWS } from '../../src/views/ids/procedures/all-shops-ng.js';
import { AMBIGUOUS_VIEWS } from '../../src/views/ids/procedures/ambiguous-answer.js';
import { CHANGE_VIEWS } from '../../src/views/ids/procedures/change-request.js';
import { LATE_CANCEL_VIEWS } from '../../src/views/ids/procedures/late-cancel.js';
import { SMS_FAILED_VIEWS } from '../../src/views/ids/procedures/sms-failed.js';
import { STALE_VIEWS } from '../../src/views/ids/procedures/stale.js';
import { DAILY_NOTE_CALLBACK } from '../../src/views/ids/reports.js';
import { NO_ACCESS_LINE } from '../../src/views/home.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { buttonsOf, procedureDriver } from '../support/procedures.js';
import { AROMA_RESERVATION, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();
const OPERATORS = { QRV_OPERATORS: 'S0QRVOPS', QRV_VIEWERS: 'U0VIEW' };
const GUEST = 'U0GUEST';

async function start(env: Record<string, string> = OPERATORS) {
  t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO']);
  await seedShops(t.database.db);
  await seedReservation(t.database.db);
  await t.h.start({ env });
  return procedureDriver(t.h, t.database.db);
}

const command = (text: string, userId: string) => t.h.fake.sendSlashCommand({ command: '/qrv', text, userId, channelId: ALERTS_CHANNEL });

/** Every ephemeral the user got is the one refusal line. */
async function refusedOnly(userId: string, count: number) {
  const got = await eventually(() => (t.h.fake.ephemerals(userId).length >= count ? t.h.fake.ephemerals(userId) : undefined));
  await new Promise((r) => setTimeout(r, 200));
  const all = t.h.fake.ephemerals(userId);
  expect(all.map((e) => [e.text, e.blocks ?? null])).toEqual(all.map(() => [NOT_OPERATOR_MESSAGE, null]));
  return got;
}

const writtenBy = async (userId: string) => ({
  history: (await t.database.db.select().from(history).orderBy(asc(history.id))).filter((h) => h.actor === userId),
  claimed: (await t.database.db.select().from(alerts)).filter((a) => a.assignee === userId),
  inquiries: await t.database.db.select().from(inquiries),
  incidents: await t.database.db.select().from(incidents),
});

describe('start-up', () => {
  it('no QRV_OPERATORS: the bot refuses to start, naming the variable', async () => {
    const error = await t.h.start({ env: { QRV_OPERATORS: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('QRV_OPERATORS');
  });

  it('QRV_OPERATORS=*: every member acts, and start-up says so as a warning', async () => {
    await start({ QRV_OPERATORS: '*' });
    const warning = t.h.logs().find((l) => String(l.msg).startsWith('QRV_OPERATORS=*'));
    expect(warning?.level).toBe(40);
  });
});

describe('a member outside QRV_OPERATORS', () => {
  it('every /qrv subcommand but help gets the one refusal line, and nothing is written or read', async () => {
    await start();
    const texts = ['status QRV-A1B2C3', 'dashboard', 'logs QRV-A1B2C3', 'logs errors', 'inquiry QRV-A1B2C3 料金の問い合わせ', 'incident 電話が不通', 'frobnicate'];
    for (const text of texts) await command(text, GUEST); // acked (the fake Slack rejects an envelope not acked in 3 s)
    await refusedOnly(GUEST, texts.length);
    expect(await writtenBy(GUEST)).toEqual({ history: [], claimed: [], inquiries: [], incidents: [] });

    await command('help', GUEST);
    const help = await eventually(() => t.h.fake.ephemerals(GUEST).find((e) => JSON.stringify(e).includes('/qrv status QRV-XXXXXX')));
    expect(help).toBeDefined();
  });

  it('every button on every kind of alert, and a button inside an operator\'s modal, is refused', async () => {
    const d = await start();
    const kinds = ['all_shops_ng', 'sms_failed', 'payment_expired', 'ambiguous_answer', 'change_request', 'late_cancel'];
    let clicks = 0;
    for (const kind of kinds) {
      const { ts } = await d.raise(kind);
      for (const actionId of buttonsOf(t.h.fake.message(ALERTS_CHANNEL, ts)!)) {
        await d.click(actionId, ts, GUEST); // acked, as above
        clicks += 1;
      }
    }
    const system = await d.raise('system', { severity: 'critical', title: 'API 応答なし' }, null);
    for (const actionId of buttonsOf(t.h.fake.message(ALERTS_CHANNEL, system.ts)!)) {
      await d.click(actionId, system.ts, GUEST);
      clicks += 1;
    }
    expect(clicks).toBeGreaterThanOrEqual(kinds.length * 3 + 2);

    // The operator opens 手順3-A; the guest presses its 全て断られた.
    const first = (await t.database.db.select().from(alerts).orderBy(asc(alerts.id)))[0]!;
    await d.click(ALL_SHOPS_NG_ACTIONS.shopSearch, first.slackTs!, 'U0SATO');
    const modal = await d.modal(ALL_SHOPS_NG_VIEWS.shopFound);
    await d.clickInModal(ALL_SHOPS_NG_ACTIONS.allRefused, String(modal.id), GUEST);
    clicks += 1;

    await refusedOnly(GUEST, clicks);
    expect(t.h.fake.openViews(GUEST)).toEqual([]);
    const written = await writtenBy(GUEST);
    expect(written.history).toEqual([]);
    expect(written.claimed).toEqual([]);
  });

  it('every modal submission (forged) is refused and writes nothing', async () => {
    const d = await start();
    const { alertId } = await d.raise('all_shops_ng');
    const callbacks = [
      ...Object.values(ALL_SHOPS_NG_VIEWS),
      ...Object.values(SMS_FAILED_VIEWS),
      ...Object.values(AMBIGUOUS_VIEWS),
      ...Object.values(CHANGE_VIEWS),
      ...Object.values(LATE_CANCEL_VIEWS),
      ...Object.values(STALE_VIEWS),
      DAILY_NOTE_CALLBACK,
    ];
    const metadata = JSON.stringify({ alertId, channel: ALERTS_CHANNEL, prefilledMinutes: 0 });
    for (const callbackId of callbacks) {
      const result = await t.h.fake.submitView({ userId: GUEST, callbackId, privateMetadata: metadata });
      expect(result.ack.payload).toEqual({});
    }
    await refusedOnly(GUEST, callbacks.length);
    const s = await d.state();
    expect(s.history).toEqual([]);
    expect(s.records).toEqual([]);
    expect(s.reservation.status).toBe(AROMA_RESERVATION.status);
  });

  it('App Home shows only the one line', async () => {
    await start();
    await t.h.fake.openHome(GUEST);
    const home = await eventually(() => t.h.fake.homeView(GUEST));
    expect(home.blocks).toEqual([{ type: 'section', text: { type: 'plain_text', text: NO_ACCESS_LINE } }]);
  });
});

describe('QRV_VIEWERS', () => {
  it('a viewer reads /qrv status, 詳細, /qrv dashboard and App Home, but cannot act', async () => {
    const d = await start();
    const { ts } = await d.raise('all_shops_ng');
    await command('status QRV-A1B2C3', 'U0VIEW');
    await command('dashboard', 'U0VIEW');
    await d.click(ALERT_DETAIL_ACTION, ts, 'U0VIEW');
    const replies = await eventually(() => (t.h.fake.ephemerals('U0VIEW').length >= 3 ? t.h.fake.ephemerals('U0VIEW') : undefined));
    expect(replies.filter((r) => JSON.stringify(r).includes('予約 QRV-A1B2C3'))).toHaveLength(2);
    await t.h.fake.openHome('U0VIEW');
    const home = await eventually(() => t.h.fake.homeView('U0VIEW'));
    expect(JSON.stringify(home)).toContain(REFRESH_HOME_ACTION);

    await d.click(CLAIM_ALERT_ACTION, ts, 'U0VIEW');
    await command('inquiry 料金の問い合わせ', 'U0VIEW');
    const refusals = await eventually(() => {
      const r = t.h.fake.ephemerals('U0VIEW').filter((e) => e.text === NOT_OPERATOR_MESSAGE);
      return r.length === 2 ? r : undefined;
    });
    expect(refusals).toHaveLength(2);
    const written = await writtenBy('U0VIEW');
    expect(written.claimed).toEqual([]);
    expect(written.inquiries).toEqual([]);
    expect(written.history.map((h) => [h.action, h.after])).toEqual([
      ['reservation.viewed', { via: 'status' }],
      ['reservation.viewed', { via: 'detail' }],
    ]);
  });
});

describe('view audit', () => {
  it('/qrv status and 詳細 record who read which reservation, shown in /qrv status', async () => {
    const d = await start();
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(ALERT_DETAIL_ACTION, ts, 'U0SATO');
    await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    await command('status qrv-a1b2c3', 'U0SATO');
    const card = await eventually(() => t.h.fake.ephemerals('U0SATO')[1]);
    const text = JSON.stringify(card);
    expect(text).toMatch(/閲覧記録: <@U0SATO> \d+月\d+日 \d\d:\d\d（\/qrv status） · <@U0SATO> \d+月\d+日 \d\d:\d\d（詳細）/);
    const rows = (await d.state()).history.filter((h) => h.action === 'reservation.viewed');
    expect(rows.map((h) => [h.actor, h.reservationId, h.alertId, h.after])).toEqual([
      ['U0SATO', 'QRV-A1B2C3', alertId, { via: 'detail' }],
      ['U0SATO', 'QRV-A1B2C3', null, { via: 'status' }],
    ]);
  });
});
