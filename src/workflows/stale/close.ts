import type { Db } from '../../db/client.js';
import { ALERT_KIND_NAMES } from '../../domain/alert-kinds.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError } from '../../errors.js';
import { createRepositories } from '../../repositories/index.js';
import { finishAlert } from '../operation/finish.js';
import { claimImplicitly, lockOpenAlert, reservationMissing } from '../operation/guard.js';

/**
 * The reservation is no longer in the status the alert was raised for (the core or another
 * operator moved it on), so no procedure applies: the operator closes the alert as 対応不要 with
 * its record. The reservation is not touched. Refused while the status is still the expected one.
 */
export async function closeStaleAlert({ db, clock }: { db: Db; clock: Clock }, input: { alertId: number; userId: string; note: string | null }) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    const locked = await lockOpenAlert(repos, { ...input, kinds: ALERT_KIND_NAMES });
    if (locked.replay) return { replay: true as const, alert: locked.alert };
    if (!locked.alert.reservationId) throw reservationMissing();
    const reservation = await repos.reservations.lock(locked.alert.reservationId);
    const expected = locked.alert.expectedStatus;
    if (!reservation || !expected || reservation.status === expected) {
      throw new DomainError('STATUS_UNCHANGED', '予約の状態は変わっていません。アラートの手順を実行してください。');
    }
    const { alert, newlyClaimed } = await claimImplicitly(repos, { alert: locked.alert, userId: input.userId, at: now });
    const finished = await finishAlert(repos, {
      alert,
      actor: input.userId,
      now,
      outcome: {
        outcome: `対応不要（予約の状態が変わっていました: 現在 ${reservation.status}）`,
        summary: `予約の状態が ${expected} から ${reservation.status} に変わっていたため、手順を実行せずに完了`,
        result: '対応不要',
      },
      record: { durationMinutes: null, note: input.note },
    });
    return { replay: false as const, ...finished, newlyClaimed };
  });
}
