import type { ModalView } from '@slack/types';
import { proposeChange } from '../../domain/change-proposal.js';
import { CHANGE_FIELDS as F, CHANGE_VIEWS } from '../ids/procedures/change-request.js';
import type { ChangedReservation } from '../../workflows/change-request/decide.js';
import type { RecordInput } from '../../workflows/operation/finish.js';
import { escapeMrkdwn } from '../text.js';
import { amountInput, dateTimeInputs, modal, mrkdwn, reservationSummary, textInput } from './blocks.js';
import { metadataOf, recordOf, type FormContext } from './context.js';
import { FieldErrors, readText, type FlowMetadata, type FormValues, type Parsed } from './form.js';
import { readAmount, readNewTime, readRecord } from './parse.js';

const changeLine = (ctx: FormContext) => {
  const change = ctx.start.alert.details.change;
  return `*変更内容*: ${typeof change === 'string' && change.trim() ? escapeMrkdwn(change.trim()) : '（記載なし）'}`;
};

/** Manual §3.5 手順2-A: the change as the shop asked, prefilled for the operator to confirm. Pure. */
export function buildChangeAcceptModal(ctx: FormContext): ModalView {
  const r = ctx.start.reservation;
  const proposal = proposeChange(r, ctx.start.alert.details, ctx.timeZone);
  return modal({
    callbackId: CHANGE_VIEWS.accept,
    title: '変更依頼: 承諾',
    submit: '変更して決済リンク送信',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(r, ctx.timeZone, ctx.start.shop),
      mrkdwn(changeLine(ctx)),
      mrkdwn('依頼者が変更を承諾した場合: 変更後の内容を確認してください（変更内容から入力済み）。'),
      ...dateTimeInputs(proposal.startsAt, proposal.endsAt, ctx.timeZone),
      textInput(F.service, 'サービス（内容）', proposal.service),
      ...amountInput(proposal.amountJpy),
      mrkdwn(`送信すると予約内容を更新し、ステータスを calling_success にして決済リンクを依頼者（${escapeMrkdwn(r.clientPhone)}）にSMSで送信します。`),
      ...recordOf(ctx),
    ],
  });
}

/** Manual §3.5 手順2-B: the shop is declined and calling resumes with the next one. Pure. */
export function buildChangeRejectModal(ctx: FormContext): ModalView {
  const shop = ctx.start.shop;
  return modal({
    callbackId: CHANGE_VIEWS.reject,
    title: '変更依頼: 拒否',
    submit: '次の提携店へ',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(ctx.start.reservation, ctx.timeZone, shop),
      mrkdwn(changeLine(ctx)),
      mrkdwn(
        `依頼者が拒否した場合: 提携店${shop ? ` ${escapeMrkdwn(shop.name)}（${escapeMrkdwn(shop.phone)}）` : ''}に断りの連絡をしてください。送信するとこの店舗の結果を NG にし、次の提携店に電話代行を再開します（ステータス calling）。`,
      ),
      ...recordOf(ctx),
    ],
  });
}

export function parseChangeAccept(values: FormValues, meta: FlowMetadata, ctx: { now: Date; timeZone: string }): Parsed<{ change: ChangedReservation; record: RecordInput }> {
  const errs = new FieldErrors();
  const { startsAt, endsAt } = readNewTime(values, ctx, errs);
  const service = readText(values, F.service);
  if (!service) errs.add(F.service, 'サービス（内容）を入力してください');
  const amountJpy = readAmount(values, errs, meta);
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ change: { startsAt, endsAt, service, amountJpy }, record }));
}
