import { describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, SHIBUYA_AROMA, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

const t = useTestDatabase();

/**
 * An alert storm posts many alerts at once (issue 15): their cards are read together and their
 * messages stored together, each alert getting exactly its own.
 */
describe('alert cards and posts, many at once', () => {
  it('cards asked for at the same time each come back as that alert read alone; an unknown alert has none', async () => {
    const db = t.database.db;
    const repos = createRepositories({ db });
    await seedShops(db);
    await seedReservation(db, { shopId: SHIBUYA_AROMA.id });
    const ng = await coreRaisesAlert(db, 'all_shops_ng', AROMA_RESERVATION.id, { note: '全店NG' });
    const expired = await coreRaisesAlert(db, 'payment_expired', AROMA_RESERVATION.id);
    const system = await coreRaisesAlert(db, 'system', null, { title: 'DB接続エラー' });
    const alone = [await repos.alertCards.read(ng), await repos.alertCards.read(expired), await repos.alertCards.read(system)];

    const together = await Promise.all([system, 999_999, ng, expired, ng].map((id) => repos.alertCards.read(id)));

    expect(together).toEqual([alone[2], undefined, alone[0], alone[1], alone[0]]);
    expect(together.map((card) => [card?.alert.kind, card?.reservation?.id ?? null])).toEqual([
      ['system', null],
      [undefined, null],
      ['all_shops_ng', AROMA_RESERVATION.id],
      ['payment_expired', AROMA_RESERVATION.id],
      ['all_shops_ng', AROMA_RESERVATION.id],
    ]);
  });

  it('messages stored at the same time: each alert gets its own message and permalink; one whose lease was lost is not stored', async () => {
    const db = t.database.db;
    const repos = createRepositories({ db });
    await seedShops(db);
    await seedReservation(db, { shopId: SHIBUYA_AROMA.id });
    const ids = [
      await coreRaisesAlert(db, 'all_shops_ng', AROMA_RESERVATION.id),
      await coreRaisesAlert(db, 'payment_expired', AROMA_RESERVATION.id),
      await coreRaisesAlert(db, 'system', null),
    ];
    await repos.alerts.leaseUnposted({ owner: 'bot-a', leaseMs: 60_000, limit: 3 });
    await repos.alerts.setPermalink({ id: ids[2]!, permalink: 'https://qrv.slack.com/archives/C0ALERTS/p1' });

    const stored = await Promise.all([
      repos.alerts.markPosted({ id: ids[0]!, owner: 'bot-a', channel: 'C0ALERTS', ts: '1700000000.000100', permalink: 'https://qrv.slack.com/archives/C0ALERTS/p1700000000000100' }),
      repos.alerts.markPosted({ id: ids[1]!, owner: 'bot-b', channel: 'C0ALERTS', ts: '1700000000.000200' }),
      repos.alerts.markPosted({ id: ids[2]!, owner: 'bot-a', channel: 'C0ALERTS', ts: '1700000000.000300' }),
    ]);

    expect(stored).toEqual([true, false, true]);
    const rows = await Promise.all(ids.map((id) => repos.alerts.findById(id)));
    expect(rows.map((a) => [a?.slackChannel, a?.slackTs, a?.permalink, a?.postLeaseOwner])).toEqual([
      ['C0ALERTS', '1700000000.000100', 'https://qrv.slack.com/archives/C0ALERTS/p1700000000000100', null],
      [null, null, null, 'bot-a'],
      ['C0ALERTS', '1700000000.000300', 'https://qrv.slack.com/archives/C0ALERTS/p1', null],
    ]);
    expect(rows.every((a) => a?.postError === null)).toBe(true);
    // Stored once: a second answer for the same alert changes nothing.
    expect(await repos.alerts.markPosted({ id: ids[0]!, owner: 'bot-a', channel: 'C0ALERTS', ts: '1700000000.000999' })).toBe(false);
    expect((await repos.alerts.findById(ids[0]!))?.slackTs).toBe('1700000000.000100');
  });
});
