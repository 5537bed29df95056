import type { ModalView } from '@slack/types';
import { AMBIGUOUS_VIEWS } from '../ids/procedures/ambiguous-answer.js';
import type { RecordInput } from '../../workflows/operation/finish.js';
import { escapeMrkdwn } from '../text.js';
import { amountInput, modal, mrkdwn, reservationSummary } from './blocks.js';
import { metadataOf, recordOf, type FormContext } from './context.js';
import { FieldErrors, type FlowMetadata, type FormValues, type Parsed } from './form.js';
import { readAmountIfAsked, readRecord } from './parse.js';

const shopLine = (ctx: FormContext) => (ctx.start.shop ? `${escapeMrkdwn(ctx.start.shop.name)}（${ctx.start.shop.id}）` : '（不明）');

/** Manual §3.4 予約OK: calling_success and the payment link. Pure. */
export function buildAmbiguousOkModal(ctx: FormContext): ModalView {
  const r = ctx.start.reservation;
  return modal({
    callbackId: AMBIGUOUS_VIEWS.ok,
    title: '曖昧な回答: 予約OK',
    submit: '予約OKで確定',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(r, ctx.timeZone, ctx.start.shop),
      mrkdwn(
        `提携店 ${shopLine(ctx)} が予約OKと回答した場合: ステータスを calling_success にし、決済リンクを依頼者（${escapeMrkdwn(r.clientPhone)}）にSMSで送信します。`,
      ),
      ...(r.amountJpy ? [] : amountInput(null, '金額が未設定です。決済リンクの金額を入力してください。')),
      ...recordOf(ctx),
    ],
  });
}

/** Manual §3.4 予約NG: the shop's attempt becomes ng and calling resumes. Pure. */
export function buildAmbiguousNgModal(ctx: FormContext): ModalView {
  return modal({
    callbackId: AMBIGUOUS_VIEWS.ng,
    title: '曖昧な回答: 予約NG',
    submit: '次の提携店へ',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(ctx.start.reservation, ctx.timeZone, ctx.start.shop),
      mrkdwn(`提携店 ${shopLine(ctx)} が予約NGと回答した場合: この店舗の結果を NG にし、次の提携店に電話代行を再開します（ステータス calling）。`),
      ...recordOf(ctx),
    ],
  });
}

export function parseAmbiguousOk(values: FormValues, meta: FlowMetadata): Parsed<{ amountJpy: number | null; record: RecordInput }> {
  const errs = new FieldErrors();
  const amountJpy = readAmountIfAsked(values, errs, meta);
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ amountJpy, record }));
}
