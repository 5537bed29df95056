import type { ModalView } from '@slack/types';
import { checkPhone } from '../../domain/phone.js';
import { smsErrorInfo } from '../../domain/sms-errors.js';
import { SMS_FAILED_FIELDS as F, SMS_FAILED_VIEWS, SMS_REACHABLE } from '../ids/procedures/sms-failed.js';
import type { RecordInput } from '../../workflows/operation/finish.js';
import type { ClientContact } from '../../workflows/sms-failed/resend.js';
import { escapeMrkdwn } from '../text.js';
import { amountInput, input, modal, mrkdwn, option, radio, reservationSummary, textInput } from './blocks.js';
import { metadataOf, recordOf, type FormContext } from './context.js';
import { badMetadata, decodeMetadata, encodeMetadata, FieldErrors, readOption, type FlowMetadata, type FormValues, type Parsed } from './form.js';
import { readAmountIfAsked, readEmail, readPhone, readRecord } from './parse.js';

/** The registered number and whether it can be right (manual §3.2 手順1); an opted-out number says so. Pure. */
function phoneVerdict(phone: string, error?: unknown): string {
  const failure = smsErrorInfo(error);
  if (failure?.code === 21610) return `⚠️ 受信拒否済み（${escapeMrkdwn(failure.label)}）: この番号にはSMSを送れません。Emailで送信するか、別の番号を確認してください`;
  const check = checkPhone(phone);
  if (!check.valid) return '⚠️ 形式が正しくありません（例: 090-1234-5678）';
  return check.mobile ? '✅ 携帯電話番号の形式です' : '⚠️ 携帯電話番号ではありません（SMSを受信できません）';
}

/** Manual §3.2: the call's result — SMS at a (corrected) number, or e-mail. Pure. */
export function buildSmsFailedModal(ctx: FormContext): ModalView {
  const r = ctx.start.reservation;
  return modal({
    callbackId: SMS_FAILED_VIEWS.resend,
    title: 'SMS送信失敗',
    submit: '決済リンクを送信',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(r, ctx.timeZone),
      mrkdwn(`*登録された電話番号*: ${escapeMrkdwn(r.clientPhone)}\n${phoneVerdict(r.clientPhone, ctx.start.alert.details.error)}`),
      ...(smsErrorInfo(ctx.start.alert.details.error) ? [mrkdwn(`*失敗理由*: ${escapeMrkdwn(smsErrorInfo(ctx.start.alert.details.error)!.label)}`)] : []),
      mrkdwn('登録電話番号に電話し、予約内容とSMSを受信できるかを確認してください。'),
      radio(F.reachable, 'SMS受信可否', [
        option(SMS_REACHABLE.sms, 'SMSを受信できる（電話番号を確認・訂正してSMSで再送）'),
        option(SMS_REACHABLE.email, 'SMSを受信できない（Emailで送信）'),
      ]),
      textInput(F.phone, '電話番号（SMS）', r.clientPhone, { optional: true, hint: 'SMSで再送する場合。正しい番号に訂正してください。' }),
      input(F.email, 'Emailアドレス', { type: 'email_text_input', ...(r.clientEmail ? { initial_value: r.clientEmail } : {}) }, { optional: true, hint: 'SMSを受信できない場合。依頼者に聞いたアドレス。' }),
      ...(r.amountJpy ? [] : amountInput(null, '金額が未設定です。決済リンクの金額を入力してください。')),
      ...recordOf(ctx),
    ],
  });
}

export interface SmsFailedInput {
  contact: ClientContact;
  amountJpy: number | null;
  record: RecordInput;
}

export function parseSmsFailed(values: FormValues, meta: FlowMetadata): Parsed<SmsFailedInput> {
  const errs = new FieldErrors();
  const reachable = readOption(values, F.reachable);
  let contact: ClientContact = { sms: '' };
  if (reachable === SMS_REACHABLE.sms) contact = { sms: readPhone(values, F.phone, { mobile: true }, errs) };
  else if (reachable === SMS_REACHABLE.email) contact = { email: readEmail(values, F.email, errs) };
  else errs.add(F.reachable, 'SMS受信可否を選んでください');
  const amountJpy = readAmountIfAsked(values, errs, meta);
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ contact, amountJpy, record }));
}

/**
 * Before an SMS goes to a (corrected) number and it replaces client_phone: the number shown back,
 * 「この番号に送信します: 090-…」. The parsed input rides in private_metadata (the note cut to
 * 1,000 characters so it fits Slack's 3,000). Pure.
 */
export function buildSmsPhoneConfirmModal(meta: FlowMetadata, input: SmsFailedInput & { contact: { sms: string } }): ModalView {
  const note = input.record.note && input.record.note.length > 1000 ? `${input.record.note.slice(0, 999)}…` : input.record.note;
  return modal({
    callbackId: SMS_FAILED_VIEWS.confirmPhone,
    title: '送信先の確認',
    submit: '送信する',
    metadata: JSON.stringify({ flow: JSON.parse(encodeMetadata(meta)), input: { ...input, record: { ...input.record, note } } }),
    blocks: [mrkdwn(`この番号に送信します: *${escapeMrkdwn(input.contact.sms)}*\n予約の依頼者電話をこの番号にして、決済リンクをSMSで送信します。違う場合は「キャンセル」で閉じ、アラートからやり直してください。`)],
  });
}

/** The confirmation's metadata back: the flow and the input confirmed. */
export function parseSmsPhoneConfirm(raw: string | undefined): { meta: FlowMetadata; input: SmsFailedInput } {
  let parsed: { flow?: unknown; input?: Partial<SmsFailedInput> };
  try {
    parsed = JSON.parse(raw ?? '') as typeof parsed;
  } catch {
    throw badMetadata();
  }
  const meta = decodeMetadata(JSON.stringify(parsed.flow));
  const input = parsed.input;
  const sms = input?.contact && 'sms' in input.contact ? input.contact.sms : undefined;
  if (typeof sms !== 'string' || !checkPhone(sms).mobile || !input?.record) throw badMetadata();
  const amountJpy = Number.isSafeInteger(input.amountJpy) ? input.amountJpy! : null;
  const durationMinutes = Number.isSafeInteger(input.record.durationMinutes) ? input.record.durationMinutes : null;
  const note = typeof input.record.note === 'string' ? input.record.note : null;
  return { meta, input: { contact: { sms }, amountJpy, record: { durationMinutes, note } } };
}
