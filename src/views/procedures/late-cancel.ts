import type { ModalView } from '@slack/types';
import { yen } from '../../domain/client-messages.js';
import { formatDateTime } from '../../domain/time.js';
import { LATE_CANCEL_FIELDS as F, LATE_CANCEL_VIEWS, SHOP_ANSWERS } from '../ids/procedures/late-cancel.js';
import type { RecordInput } from '../../workflows/operation/finish.js';
import { amountInput, modal, mrkdwn, option, radio, reservationSummary, textInput } from './blocks.js';
import { metadataOf, recordOf, type FormContext } from './context.js';
import { FieldErrors, readOption, readText, type FlowMetadata, type FormValues, type Parsed } from './form.js';
import { readAmountIfAsked, readRecord } from './parse.js';

const NOTICE_HOURS = 48;

const deadlineLine = (ctx: FormContext) =>
  `*キャンセル期限*: ${formatDateTime(new Date(ctx.start.reservation.startsAt.getTime() - NOTICE_HOURS * 3_600_000), ctx.timeZone)}（予約日時の48時間前、超過）`;

/** Manual §3.6 手順3-A: the reason (required) and the shop's answer to the negotiation. Pure. */
export function buildSpecialCancelModal(ctx: FormContext): ModalView {
  const r = ctx.start.reservation;
  const refund = r.amountJpy ? yen(r.amountJpy) : '金額未設定';
  return modal({
    callbackId: LATE_CANCEL_VIEWS.special,
    title: '特別な事情あり',
    submit: '記録して完了',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(r, ctx.timeZone, ctx.start.shop),
      mrkdwn(deadlineLine(ctx)),
      textInput(F.reason, 'キャンセル理由（特別な事情）', null, { multiline: true, placeholder: '例: 病気、事故' }),
      mrkdwn('提携店に電話し、事情を説明してキャンセルを交渉してください。'),
      radio(F.shopAnswer, '提携店の回答', [
        option(SHOP_ANSWERS.agreed, `承諾（キャンセル処理・返金 ${refund}）`),
        option(SHOP_ANSWERS.refused, '拒否（依頼者に説明・返金なし）'),
      ]),
      // No amount on the reservation: the refund's amount is asked here, not refused after the modal closed.
      ...(r.amountJpy ? [] : amountInput(null, '金額が未設定です。承諾の場合は返金額を入力してください。', { optional: true })),
      ...recordOf(ctx),
    ],
  });
}

/** Manual §3.6 手順3-B: explain the cancellation policy; no refund. Pure. */
export function buildPolicyCancelModal(ctx: FormContext): ModalView {
  return modal({
    callbackId: LATE_CANCEL_VIEWS.policy,
    title: '特別な事情なし',
    submit: '記録して完了',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(ctx.start.reservation, ctx.timeZone, ctx.start.shop),
      mrkdwn(deadlineLine(ctx)),
      mrkdwn('依頼者にキャンセルポリシーを説明してください: キャンセル期限（予約日時の48時間前）を過ぎたキャンセルは返金なし。'),
      ...recordOf(ctx),
    ],
  });
}

export function parseSpecialCancel(
  values: FormValues,
  meta: FlowMetadata,
): Parsed<{ reason: string; shopAgreed: boolean; amountJpy: number | null; record: RecordInput }> {
  const errs = new FieldErrors();
  const reason = readText(values, F.reason);
  if (!reason) errs.add(F.reason, 'キャンセル理由を入力してください');
  else if (reason.length > 500) errs.add(F.reason, 'キャンセル理由は500文字以内で入力してください');
  const answer = readOption(values, F.shopAnswer);
  if (answer !== SHOP_ANSWERS.agreed && answer !== SHOP_ANSWERS.refused) errs.add(F.shopAnswer, '提携店の回答を選んでください');
  const shopAgreed = answer === SHOP_ANSWERS.agreed;
  // Asked only when the reservation has no amount; needed only for a refund.
  const amountJpy = shopAgreed ? readAmountIfAsked(values, errs) : null;
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ reason, shopAgreed, amountJpy, record }));
}
