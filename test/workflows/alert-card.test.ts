import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Alert, HistoryEntry } from '../../src/db/schema.js';
import { alerts, callAttempts } from '../../src/db/schema.js';
import { DEFAULT_DAYTIME } from '../../src/domain/all-shops-ng-options.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { buildAlertMessage } from '../../src/views/alert-message.js';
import { loadAlertCard, type AlertCard } from '../../src/workflows/alert-card.js';
import { useTestDatabase } from '../support/db.js';
import { coreRaisesAlert, DOGENZAKA, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useTestDatabase();

/**
 * The card as it was read before issue 15 (one query per part: alert, reservation, shop, record,
 * outbox, call attempts, history): the one-query read must give the same card.
 */
async function cardPartByPart(repos: Repositories, alertId: number): Promise<AlertCard | undefined> {
  const alert = await repos.alerts.findById(alertId);
  if (!alert) return undefined;
  const reservation = alert.reservationId ? ((await repos.reservations.findById(alert.reservationId)) ?? null) : null;
  const shopId = typeof alert.details.shop_id === 'string' ? alert.details.shop_id : reservation?.shopId;
  const shop = shopId ? ((await repos.reservations.findShop(shopId)) ?? null) : null;
  const record = alert.resolvedAt || alert.deliveryState ? ((await repos.alerts.findRecord(alert.id)) ?? null) : null;
  const outbox = alert.deliveryState ? await repos.outbox.listForAlert(alert.id) : undefined;
  let shopWords: string | null = null;
  if (alert.kind === 'ambiguous_answer' && reservation && shopId) {
    const said = (await t.database.db.select().from(callAttempts).where(eq(callAttempts.reservationId, reservation.id))).filter((a) => a.shopId === shopId && a.note?.trim());
    shopWords = said.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id).at(-1)?.note?.trim() ?? null;
  }
  const original = reservation ? firstBefore(await repos.history.listForAlert(alert.id)) : null;
  return { alert, reservation, shop, record, shopWords, original, ...(outbox ? { outbox } : {}) };
}

function firstBefore(entries: HistoryEntry[]): AlertCard['original'] {
  const out: NonNullable<AlertCard['original']> = {};
  for (const e of entries) {
    if (!e.action.startsWith('reservation.') || !e.before) continue;
    if (out.startsAt === undefined && typeof e.before.startsAt === 'string') out.startsAt = new Date(e.before.startsAt);
    if (out.endsAt === undefined && typeof e.before.endsAt === 'string') out.endsAt = new Date(e.before.endsAt);
    if (out.service === undefined && typeof e.before.service === 'string') out.service = e.before.service;
  }
  return Object.keys(out).length ? out : null;
}

const ctx = { timeZone: 'Asia/Tokyo', daytime: DEFAULT_DAYTIME };

async function expectSameCard(alertId: number): Promise<AlertCard> {
  const repos = createRepositories({ db: t.database.db });
  const before = await cardPartByPart(repos, alertId);
  const card = await loadAlertCard(repos, { alertId });
  expect(card).toEqual(before);
  expect(buildAlertMessage(card!, ctx)).toEqual(buildAlertMessage(before!, ctx));
  return card!;
}

describe('the alert card read in one query', () => {
  it('is the card read part by part, for a system alert without a reservation and for a missing alert', async () => {
    const id = await coreRaisesAlert(t.database.db, 'system', null, { title: 'DB 接続エラー', severity: 'critical' });
    const card = await expectSameCard(id);
    expect(card).toMatchObject({ reservation: null, shop: null, record: null, shopWords: null, original: null });
    expect(await loadAlertCard(createRepositories({ db: t.database.db }), { alertId: id + 100 })).toBeUndefined();
  });

  it("names the shop's latest words for 曖昧な回答 (blank notes and other shops left out)", async () => {
    const db = t.database.db;
    await seedShops(db);
    await seedReservation(db, { shopId: DOGENZAKA.id });
    await seedAttempt(db, { reservationId: 'QRV-A1B2C3', shopId: SHIBUYA_AROMA.id, round: 1, outcome: 'ambiguous', note: '  たぶん大丈夫です　' });
    await seedAttempt(db, { reservationId: 'QRV-A1B2C3', shopId: SHIBUYA_AROMA.id, round: 2, outcome: 'ambiguous', note: '   ' });
    await seedAttempt(db, { reservationId: 'QRV-A1B2C3', shopId: DOGENZAKA.id, round: 2, outcome: 'ambiguous', note: '別の店の言葉' });
    const id = await coreRaisesAlert(db, 'ambiguous_answer', 'QRV-A1B2C3', { shop_id: SHIBUYA_AROMA.id });
    const card = await expectSameCard(id);
    expect(card.shopWords).toBe('たぶん大丈夫です');
    expect(card.shop?.name).toBe(SHIBUYA_AROMA.name);
    // Without details.shop_id the reservation's shop is the one shown.
    expect((await expectSameCard(await coreRaisesAlert(db, 'all_shops_ng', 'QRV-A1B2C3'))).shop?.id).toBe(DOGENZAKA.id);
  });

  it('carries the record, the outbox and 変更前 of a resolved, sent alert', async () => {
    const db = t.database.db;
    const repos = createRepositories({ db });
    await seedShops(db);
    await seedReservation(db);
    const id = await coreRaisesAlert(db, 'change_request', 'QRV-A1B2C3');
    const at = new Date('2026-01-29T05:10:00Z');
    await repos.history.append({ actor: 'U0SATO', action: 'reservation.changed', alertId: id, reservationId: 'QRV-A1B2C3', before: { startsAt: '2026-01-30T05:00:00.000Z', service: 'Aroma Massage' }, after: {} });
    await repos.history.append({ actor: 'U0SATO', action: 'reservation.changed', alertId: id, reservationId: 'QRV-A1B2C3', before: { startsAt: '2026-01-30T06:00:00.000Z' }, after: {} });
    await repos.history.append({ actor: 'U0SATO', action: 'alert.claimed', alertId: id, reservationId: 'QRV-A1B2C3', before: { assignee: null }, after: {} });
    await repos.records.insert({ alertId: id, reservationId: 'QRV-A1B2C3', procedure: 'change_request', summary: '時間変更', durationMinutes: 4, result: '変更OK', actor: 'U0SATO' });
    await repos.outbox.enqueueMessage({ reservationId: 'QRV-A1B2C3', alertId: id, channel: 'sms', recipient: '+818012345678', body: '変更しました', requestedBy: 'U0SATO', idempotencyKey: `k-${id}-1` });
    await repos.outbox.enqueueMessage({ reservationId: 'QRV-A1B2C3', alertId: id, channel: 'email', recipient: 'a@example.com', subject: '件名', body: '本文', requestedBy: 'U0SATO', idempotencyKey: `k-${id}-2` });
    await repos.outbox.enqueueRefund({ reservationId: 'QRV-A1B2C3', alertId: id, amountJpy: 12000, requestedBy: 'U0SATO', idempotencyKey: `r-${id}` });
    await repos.alerts.resolve({ id, userId: 'U0SATO', at, outcome: '変更OK' });
    await repos.alerts.markSending(id);
    await repos.alerts.settleDelivery({ id, state: 'failed', error: 'SMS送信失敗' });
    const card = await expectSameCard(id);
    expect(card.original).toEqual({ startsAt: new Date('2026-01-30T05:00:00.000Z'), service: 'Aroma Massage' });
    expect(card.record?.durationMinutes).toBe(4);
    expect(card.outbox?.messages.map((m) => m.channel)).toEqual(['sms', 'email']);
    expect(card.outbox?.refunds).toHaveLength(1);
    expect(card.outbox?.messages[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('reads the current row when given an alert object (a stale copy is not shown)', async () => {
    const id = await coreRaisesAlert(t.database.db, 'system', null, { title: '障害' });
    const [stale] = await t.database.db.select().from(alerts).where(eq(alerts.id, id));
    await createRepositories({ db: t.database.db }).alerts.claim({ id, userId: 'U0SATO', at: new Date('2026-01-29T05:00:00Z') });
    const card = await loadAlertCard(createRepositories({ db: t.database.db }), { alert: stale as Alert });
    expect(card?.alert.assignee).toBe('U0SATO');
  });
});
