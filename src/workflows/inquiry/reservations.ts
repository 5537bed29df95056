import type { Reservation } from '../../db/schema.js';
import { inquiryDetailsOf, inquiryReservationIds } from '../../domain/inquiry.js';
import { errors } from '../../errors.js';
import type { Repositories } from '../../repositories/index.js';
import { loadReservationCard, type ReservationCard } from '../reservation-card.js';

/** How many matched reservations 予約を確認 lists. */
const MAX_LISTED = 20;

/**
 * 予約を確認 on an inquiry: the card of its one reservation (the reading recorded as for 詳細), or
 * the list of the reservations it names or matched.
 */
export async function inquiryReservations(
  repos: Pick<Repositories, 'alerts' | 'reservations' | 'reservationCards' | 'history'>,
  { alertId, userId }: { alertId: number; userId: string },
): Promise<{ card: ReservationCard; list?: undefined } | { card?: undefined; list: { title: string; emptyHint: string; reservations: Reservation[] } }> {
  const alert = await repos.alerts.findById(alertId);
  if (!alert) throw errors.alertNotFound(alertId);
  const ids = inquiryReservationIds(alert.reservationId, inquiryDetailsOf(alert.details)).slice(0, MAX_LISTED);
  if (ids.length === 1) return { card: await loadReservationCard(repos, { reservationId: ids[0]!, viewer: { userId, via: 'detail', alertId } }) };
  return {
    list: {
      title: `問い合わせ #${alertId} に該当する予約`,
      emptyHint: '依頼者の電話番号・メールアドレスで `/qrv status 090-1234-5678` のように探してください',
      reservations: await repos.reservations.findManyByIds(ids),
    },
  };
}
