import { formatTimeRange } from '../../domain/time.js';
import { DomainError } from '../../errors.js';
import type { RecordInput } from '../operation/finish.js';
import { runOperation, type OperationDeps } from '../operation/run.js';
import { recordCandidateCalls, type CandidateCallOutcome } from './found-shop.js';
import { describePath, type RefusedStep } from './path.js';

export const SAME_TIME_ERROR = '現在の予約と同じ日時です。別の日時を提案してください';
const sameTime = () => new DomainError('SAME_TIME', `${SAME_TIME_ERROR}。`);

/**
 * Manual §3.1 手順3-B, the client accepted the new date and time: the reservation's times are
 * updated and its status set to `calling`, which has the core run the calls again.
 */
export async function rescheduleReservation(
  deps: OperationDeps,
  input: { alertId: number; userId: string; startsAt: Date; endsAt: Date; path: RefusedStep[]; record: RecordInput; calls?: Array<{ shopId: string; outcome: CandidateCallOutcome }> },
) {
  return runOperation(deps, { ...input, kinds: ['all_shops_ng'] }, async (op) => {
    const r = op.reservation;
    if (r.startsAt.getTime() === input.startsAt.getTime() && r.endsAt.getTime() === input.endsAt.getTime()) throw sameTime();
    const before = formatTimeRange(r.startsAt, r.endsAt, op.timeZone);
    const after = formatTimeRange(input.startsAt, input.endsAt, op.timeZone);
    const called = await recordCandidateCalls(op.repos, r.id, input.calls ?? []);
    await op.update({ status: 'calling', startsAt: input.startsAt, endsAt: input.endsAt });
    return {
      outcome: '日時変更を提案: 承諾（電話代行を再実行）',
      summary: [...describePath(input.path, op.timeZone), `B 日時変更を提案: ${before} → ${after}、依頼者が承諾`].join(' → ') + called,
      result: '日時を変更し電話代行を再実行（calling）',
    };
  });
}
