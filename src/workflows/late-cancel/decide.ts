import { yen } from '../../domain/client-messages.js';
import { DomainError } from '../../errors.js';
import type { RecordInput } from '../operation/finish.js';
import { runOperation, type OperationDeps } from '../operation/run.js';

const KINDS = ['late_cancel'] as const;

/**
 * Manual §3.6 手順3-A, special circumstances (illness, accident…): the operator negotiated with
 * the shop. Agreed → a full refund is queued; the reservation becomes `cancelled` only when the
 * refund succeeds (src/delivery/refund.ts), a failure is reported in the alert's thread and the
 * status stays. Refused → the client is told, no refund, the reservation stands.
 */
export async function decideSpecialCancellation(
  deps: OperationDeps,
  input: { alertId: number; userId: string; reason: string; shopAgreed: boolean; amountJpy?: number | null; record: RecordInput },
) {
  return runOperation(deps, { ...input, kinds: KINDS }, async (op) => {
    if (!input.shopAgreed) {
      return {
        outcome: '期限超過キャンセル: 提携店が拒否（返金なし）',
        summary: `特別な事情あり（${input.reason}）: 提携店にキャンセルを交渉したが拒否。依頼者に説明（返金なし）`,
        result: '返金なし（予約は有効）',
      };
    }
    const amount = op.reservation.amountJpy ?? input.amountJpy;
    if (!amount || amount <= 0) throw new DomainError('AMOUNT_UNKNOWN', '金額が未設定のため返金できません。返金額を入力してください。');
    const r = op.reservation;
    await op.repos.outbox.enqueueRefund({ reservationId: r.id, alertId: op.alert.id, amountJpy: amount, requestedBy: op.actor, idempotencyKey: op.key('refund') });
    return {
      outcome: '期限超過キャンセル: 返金あり',
      summary: `特別な事情あり（${input.reason}）: 提携店がキャンセルを承諾。${yen(amount)}を全額返金し、返金完了でキャンセル（cancelled）`,
      result: 'キャンセル・返金（返金完了でcancelled）',
    };
  });
}

/** Manual §3.6 手順3-B, no special circumstances: the cancellation policy was explained; no refund. */
export async function explainCancellationPolicy(deps: OperationDeps, input: { alertId: number; userId: string; record: RecordInput }) {
  return runOperation(deps, { ...input, kinds: KINDS }, async () => ({
    outcome: '期限超過キャンセル: 特別な事情なし（返金なし）',
    summary: '特別な事情なし: 依頼者にキャンセルポリシーを説明（返金なし）',
    result: '返金なし（予約は有効）',
  }));
}
