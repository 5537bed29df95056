import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { history, reservations } from '../../src/db/schema.js';
import { statusLabel } from '../../src/domain/reservation-status.js';
import { repositories } from '../../src/deps.js';
import { RESERVATION_VIEWED } from '../../src/repositories/history.js';
import { createReservationCardSource, loadReservationCard } from '../../src/workflows/reservation-card.js';
import { buildStatusCard } from '../../src/views/status-card.js';
import { useTestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, seedReservation } from '../support/seed.js';

const t = useTestDatabase();

/** The real repositories, counting how often the card's reservation is read. */
function countingRepositories() {
  const repos = repositories(t.database.db);
  const reads = { count: 0 };
  const reservationCards = { read: (input: Parameters<typeof repos.reservationCards.read>[0]) => (reads.count++, repos.reservationCards.read(input)) };
  return { repos: { ...repos, reservationCards }, reads };
}

/** Every reading recorded of the reservation (reservation.viewed). */
const viewsOf = (reservationId: string) => t.database.db.select().from(history).where(and(eq(history.reservationId, reservationId), eq(history.action, RESERVATION_VIEWED)));

const viewers = (n: number) => Array.from({ length: n }, (_, i) => `U0OP${String(i).padStart(3, '0')}`);

describe('reservation cards shared by the viewers asking at once (/qrv status, 詳細)', () => {
  it('twenty operators open one card at once: a few readings, every reading recorded, each card lists its own reader first', async () => {
    await seedReservation(t.database.db);
    const { repos, reads } = countingRepositories();
    const source = createReservationCardSource(repos);

    const users = viewers(20);
    const cards = await Promise.all(users.map((userId) => source.load({ reservationId: AROMA_RESERVATION.id, viewer: { userId, via: 'status' } })));

    expect(reads.count).toBeLessThanOrEqual(2); // the first asker's reading, then one for everyone who asked during it
    expect(cards.map((c) => c.reservation.id)).toEqual(users.map(() => AROMA_RESERVATION.id));
    expect(cards.map((c) => c.views[0]!.actor)).toEqual(users);
    for (const card of cards) expect(card.views.length).toBeLessThanOrEqual(5);
    const recorded = await viewsOf(AROMA_RESERVATION.id);
    expect(recorded.map((v) => v.actor).sort()).toEqual(users);
    expect(recorded.every((v) => v.action === RESERVATION_VIEWED && (v.after as { via?: string }).via === 'status')).toBe(true);
  });

  it('viewers asking one after the other while a reading runs share the next reading, each listed first on their own card', async () => {
    await seedReservation(t.database.db);
    const { repos, reads } = countingRepositories();
    const source = createReservationCardSource(repos);
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const asked = [];
    for (const userId of viewers(6)) {
      asked.push(source.load({ reservationId: AROMA_RESERVATION.id, viewer: { userId, via: 'status' } }));
      await turn();
    }
    const cards = await Promise.all(asked);
    // The first viewer's reading starts a turn after they asked; the others asked during it.
    expect(reads.count).toBeLessThan(6);
    expect(cards.map((c) => c.views[0]!.actor)).toEqual(viewers(6));
  });

  it('a viewer asking after a reading ended gets a new reading that includes what changed', async () => {
    await seedReservation(t.database.db);
    const { repos, reads } = countingRepositories();
    const source = createReservationCardSource(repos);
    const first = await source.load({ reservationId: AROMA_RESERVATION.id, viewer: { userId: 'U0SATO', via: 'status' } });
    const second = await source.load({ reservationId: AROMA_RESERVATION.id, viewer: { userId: 'U0TANAKA', via: 'detail', alertId: 7 } });
    expect(reads.count).toBe(2);
    expect(first.views.map((v) => v.actor)).toEqual(['U0SATO']);
    expect(second.views.map((v) => [v.actor, v.alertId, (v.after as { via?: string }).via])).toEqual([
      ['U0TANAKA', 7, 'detail'],
      ['U0SATO', null, 'status'],
    ]);
  });

  it('an unknown reservation: every viewer asking at once gets 予約が見つかりません, and no reading is recorded', async () => {
    const source = createReservationCardSource(repositories(t.database.db));
    const results = await Promise.allSettled(viewers(3).map((userId) => source.load({ reservationId: 'QRV-ZZZ999', viewer: { userId, via: 'status' } })));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['RESERVATION_NOT_FOUND', 'RESERVATION_NOT_FOUND', 'RESERVATION_NOT_FOUND']);
    expect(await viewsOf('QRV-ZZZ999')).toEqual([]);
    // The source is not stuck: a later viewer of a real reservation is answered.
    await seedReservation(t.database.db);
    const card = await source.load({ reservationId: AROMA_RESERVATION.id, viewer: { userId: 'U0SATO', via: 'status' } });
    expect(card.reservation.id).toBe(AROMA_RESERVATION.id);
  });

  it('the cards of one reading are rendered alike but for 閲覧記録; a later reading or another time zone is rendered afresh', async () => {
    await seedReservation(t.database.db);
    const repos = repositories(t.database.db);
    const source = createReservationCardSource(repos);
    const [sato, tanaka] = await Promise.all(
      ['U0SATO', 'U0TANAKA'].map((userId) => source.load({ reservationId: AROMA_RESERVATION.id, viewer: { userId, via: 'status' } })),
    );
    const satoCard = buildStatusCard(sato!, 'Asia/Tokyo');
    const tanakaCard = buildStatusCard(tanaka!, 'Asia/Tokyo');
    expect(tanakaCard.blocks.slice(0, -1)).toEqual(satoCard.blocks.slice(0, -1));
    expect(JSON.stringify(satoCard.blocks.at(-1))).toMatch(/閲覧記録: <@U0SATO> .* · <@U0TANAKA>/);
    expect(JSON.stringify(tanakaCard.blocks.at(-1))).toMatch(/閲覧記録: <@U0TANAKA> .* · <@U0SATO>/);

    // The same reservation object with other parts (never done by the bot, but not trusted): built from its own parts.
    const called = { ...sato!, attempts: [{ id: 1, reservationId: AROMA_RESERVATION.id, shopId: 'SHOP-001', round: 1, outcome: 'no_answer', note: null, createdAt: new Date(), shopName: '〇〇マッサージ店' }] };
    expect(JSON.stringify(buildStatusCard(called, 'Asia/Tokyo').blocks)).toContain('〇〇マッサージ店（SHOP-001） 不在');
    expect(JSON.stringify(buildStatusCard(sato!, 'Asia/Tokyo').blocks)).not.toContain('不在');
    // Another time zone: its own wall clock.
    expect(JSON.stringify(buildStatusCard(sato!, 'UTC').blocks)).toContain('1月30日 05:00-08:00');
    expect(JSON.stringify(buildStatusCard(sato!, 'Asia/Tokyo').blocks)).toContain('1月30日 14:00-17:00');

    // A later reading, after the status changed: the new status, not the earlier reading's.
    await t.database.db.update(reservations).set({ status: 'confirmed' }).where(eq(reservations.id, AROMA_RESERVATION.id));
    const later = await loadReservationCard(repos, { reservationId: AROMA_RESERVATION.id, viewer: { userId: 'U0SATO', via: 'status' } });
    expect(buildStatusCard(later, 'Asia/Tokyo').text).toBe(`予約 ${AROMA_RESERVATION.id}: ${statusLabel('confirmed')}`);
  });
});
