import { notBookedSms } from '../../domain/client-messages.js';
import type { RecordInput } from '../operation/finish.js';
import { runOperation, type OperationDeps } from '../operation/run.js';
import { recordCandidateCalls, type CandidateCallOutcome } from './found-shop.js';
import { describePath, type RefusedStep } from './path.js';

/**
 * Manual §3.1 手順3-C: with the client's consent the reservation becomes `failed` and the client
 * gets the SMS 「現在、予約できませんでした」.
 */
export async function cancelUnbookable(deps: OperationDeps, input: { alertId: number; userId: string; path: RefusedStep[]; record: RecordInput; calls?: Array<{ shopId: string; outcome: CandidateCallOutcome }> },) {
  return runOperation(deps, { ...input, kinds: ['all_shops_ng'] }, async (op) => {
    const called = await recordCandidateCalls(op.repos, op.reservation.id, input.calls ?? []);
    const r = await op.update({ status: 'failed' });
    await op.repos.outbox.enqueueMessage({
      reservationId: r.id,
      alertId: op.alert.id,
      channel: 'sms',
      recipient: r.clientPhone,
      body: notBookedSms(r.id),
      requestedBy: op.actor,
      idempotencyKey: op.key('not_booked:sms'),
    });
    return {
      outcome: 'キャンセル処理',
      summary: [...describePath(input.path, op.timeZone), `C キャンセル処理: 依頼者の了承を得て、SMSで「現在、予約できませんでした」と通知（${r.clientPhone}）`].join(' → ') + called,
      result: '予約不可（failed）',
    };
  });
}
