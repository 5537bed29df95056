import type { HistoryEntry } from '../db/schema.js';
import { errors } from '../errors.js';
import { RESERVATION_VIEWED, type HistoryRepository } from '../repositories/history.js';
import type { ReservationCardRow, ReservationCardsRepository } from '../repositories/reservation-cards.js';

/** The reservation card of `/qrv status` (SPEC §5): its rows as read, with this reading in 閲覧記録. */
export type ReservationCard = Omit<ReservationCardRow, 'views'> & {
  /** Who read this card lately (reservation.viewed): this reading first, then the latest others. */
  views: HistoryEntry[];
};

/** Who reads a card, and where: written to history as reservation.viewed before the card is shown. */
export interface CardViewer {
  userId: string;
  via: 'status' | 'detail';
  alertId?: number;
}

type CardRepositories = { reservationCards: ReservationCardsRepository; history: HistoryRepository };

/** How many readings the card lists (閲覧記録). */
const VIEWS_SHOWN = 5;

/**
 * The cards of one reservation for several viewers read at once: the card is read once (one
 * statement), then each viewer's reservation.viewed is written (one statement for all) before
 * any card is shown. Each viewer's card lists that viewer's own reading first, then the latest others.
 */
async function readCards(deps: CardRepositories, reservationId: string, viewers: CardViewer[], historyLimit = 10): Promise<ReservationCard[]> {
  const read = await deps.reservationCards.read({ reservationId, historyLimit, viewsLimit: VIEWS_SHOWN });
  if (!read) throw errors.reservationNotFound(reservationId);
  const { views: recent, ...shared } = read;
  const written = await deps.history.appendMany(
    viewers.map((viewer) => ({ actor: viewer.userId, action: RESERVATION_VIEWED, reservationId, alertId: viewer.alertId ?? null, after: { via: viewer.via } })),
  );
  // Newest first: this batch's readings (written after the others were read), then the earlier ones.
  const latest = [...written].reverse().concat(recent);
  return written.map((mine) => ({
    ...shared,
    // Only the first VIEWS_SHOWN of the others are looked at (a reading of 400 viewers stays linear).
    views: [mine, ...latest.slice(0, VIEWS_SHOWN).filter((v) => v.id !== mine.id)].slice(0, VIEWS_SHOWN),
  }));
}

/** One viewer's card (no sharing: see createReservationCardSource for bursts). */
export async function loadReservationCard(deps: CardRepositories, { reservationId, viewer, historyLimit }: { reservationId: string; viewer: CardViewer; historyLimit?: number }): Promise<ReservationCard> {
  const [card] = await readCards(deps, reservationId, [viewer], historyLimit);
  return card!;
}

/** `/qrv status` and 詳細: reservation cards, shared among the viewers of one reservation asking at once. */
export interface ReservationCardSource {
  load(input: { reservationId: string; viewer: CardViewer }): Promise<ReservationCard>;
}

/**
 * One turn of the event loop: a reading starts after it, so the envelopes read from the socket
 * together join it. Waiting longer for more viewers (up to 8 turns while they kept coming) cost
 * the burst's last viewers more than sharing saved: the bench's /qrv status ack p99 was 1.3-2.4x
 * the bare app's on PostgreSQL and 1.1-4.3x on PGlite with it, 1.1-1.3x and 1.2-1.5x without it.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Under a burst (200 operators opening the same card), viewers of one reservation who ask while
 * its card is being read wait for that reading to end and then share the next one: a burst costs
 * a few readings instead of one per viewer, and every viewer's reading is still recorded before
 * the card is shown to them. Nothing is cached: each card is read after its viewer asked.
 */
export function createReservationCardSource(deps: CardRepositories): ReservationCardSource {
  interface Waiting {
    viewers: CardViewer[];
    done: Promise<ReservationCard[]>;
  }
  /** Per reservation: the viewers gathered for the next reading (not started yet). */
  const gathering = new Map<string, Waiting>();
  /** Per reservation: the reading under way (the next one starts when it ends). */
  const reading = new Map<string, Promise<unknown>>();

  return {
    async load({ reservationId, viewer }) {
      let next = gathering.get(reservationId);
      if (!next) {
        const viewers: CardViewer[] = [];
        // After the reading under way, if any, and a turn of the event loop: the envelopes read
        // from the socket together, and the viewers who asked during that reading, join this one.
        const before = (reading.get(reservationId) ?? Promise.resolve()).then(nextTurn);
        const done = before.then(() => {
          gathering.delete(reservationId);
          return readCards(deps, reservationId, viewers);
        });
        const settled = done.catch(() => undefined).finally(() => {
          if (reading.get(reservationId) === settled) reading.delete(reservationId);
        });
        reading.set(reservationId, settled);
        next = { viewers, done };
        gathering.set(reservationId, next);
      }
      const index = next.viewers.push(viewer) - 1;
      return (await next.done)[index]!;
    },
  };
}
