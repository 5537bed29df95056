import type { RecordInput } from '../operation/finish.js';
import { queuePaymentLink } from '../operation/payment-link.js';
import { runOperation, type OperationDeps } from '../operation/run.js';
import { acceptShop, declineShopAndResume } from '../operation/shop.js';

const KINDS = ['ambiguous_answer'] as const;

/** Manual §3.4 予約OK: calling_success with that shop, then the payment link by SMS. */
export async function confirmAmbiguousShop(
  deps: OperationDeps,
  input: { alertId: number; userId: string; amountJpy: number | null; record: RecordInput },
) {
  return runOperation(deps, { ...input, kinds: KINDS }, async (op) => {
    const shop = await acceptShop(op, ['ambiguous'], input.amountJpy === null ? {} : { amountJpy: input.amountJpy });
    await queuePaymentLink(op, { sms: op.reservation.clientPhone });
    return {
      outcome: '予約OK',
      summary: `提携店に電話: ${shop.name}（${shop.id}）が予約OK。決済リンクを依頼者にSMSで送信（${op.reservation.clientPhone}）`,
      result: '予約成立・決済待ち',
    };
  });
}

/** Manual §3.4 予約NG: that shop's attempt becomes ng; the core resumes with the next shop. */
export async function declineAmbiguousShop(deps: OperationDeps, input: { alertId: number; userId: string; record: RecordInput }) {
  return runOperation(deps, { ...input, kinds: KINDS }, async (op) => {
    const shop = await declineShopAndResume(op, ['ambiguous']);
    return {
      outcome: '予約NG（次の提携店へ）',
      summary: `提携店に電話: ${shop.name}（${shop.id}）が予約NG。次の提携店に電話代行を再開`,
      result: '電話代行を再開（calling）',
    };
  });
}
