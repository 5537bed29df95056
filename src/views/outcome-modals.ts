import type { ModalView } from '@slack/types';
import type { Reservation } from '../db/schema.js';
import { checkPhone } from '../domain/phone.js';
import { OUTCOME_FIELDS, OUTCOME_VIEWS } from './ids/outcome.js';
import { SMS_FAILED_FIELDS as F, SMS_REACHABLE } from './ids/procedures/sms-failed.js';
import { badMetadata, FieldErrors, readOption, readText, type FormValues, type Parsed } from './procedures/form.js';
import { input, modal, mrkdwn, option, radio, reservationSummary, textInput } from './procedures/blocks.js';
import { readEmail, readPhone } from './procedures/parse.js';
import type { ClientContact } from '../workflows/sms-failed/resend.js';
import { escapeMrkdwn } from './text.js';

/** Kept in private_metadata: the alert, where errors are told, and (on the confirmation step) the contact. */
export interface OutcomeMetadata {
  alertId: number;
  channel: string;
  contact?: ClientContact;
}

const encodeOutcomeMetadata = (m: OutcomeMetadata): string => JSON.stringify(m);

export function decodeOutcomeMetadata(raw: string | undefined): OutcomeMetadata {
  try {
    const m = JSON.parse(raw ?? '') as Partial<OutcomeMetadata>;
    if (Number.isSafeInteger(m.alertId) && typeof m.channel === 'string') return m as OutcomeMetadata;
  } catch {
    // falls through
  }
  throw badMetadata();
}

/** 番号を訂正 / Emailで送信 on a 要再対応 payment link (manual §3.2): what failed, and the other contact. Pure. */
export function buildContactModal(input_: { meta: OutcomeMetadata; reservation: Reservation; failure: string; timeZone: string }): ModalView {
  const r = input_.reservation;
  return modal({
    callbackId: OUTCOME_VIEWS.contact,
    title: '決済リンクの再送',
    submit: '確認へ',
    metadata: encodeOutcomeMetadata(input_.meta),
    blocks: [
      reservationSummary(r, input_.timeZone),
      mrkdwn(`⚠️ ${escapeMrkdwn(input_.failure)}\n登録された電話番号: ${escapeMrkdwn(r.clientPhone)}`),
      radio(F.reachable, '送信方法', [option(SMS_REACHABLE.sms, '訂正した番号にSMSで送信'), option(SMS_REACHABLE.email, 'Emailで送信')]),
      textInput(F.phone, '電話番号（SMS）', null, { optional: true, hint: '依頼者に確認した正しい携帯電話番号' }),
      input(F.email, 'Emailアドレス', { type: 'email_text_input', ...(r.clientEmail ? { initial_value: r.clientEmail } : {}) }, { optional: true }),
    ],
  });
}

export function parseContact(values: FormValues): Parsed<ClientContact> {
  const errs = new FieldErrors();
  const how = readOption(values, F.reachable);
  let contact: ClientContact = { sms: '' };
  if (how === SMS_REACHABLE.sms) contact = { sms: readPhone(values, F.phone, { mobile: true }, errs) };
  else if (how === SMS_REACHABLE.email) contact = { email: readEmail(values, F.email, errs) };
  else errs.add(F.reachable, '送信方法を選んでください');
  return errs.result(() => contact);
}

/** The contact shown back before anything is replaced: 「この番号に送信します: 080-…」. Pure. */
export function buildContactConfirmModal(meta: OutcomeMetadata & { contact: ClientContact }): ModalView {
  const c = meta.contact;
  const line = 'sms' in c ? `この番号に送信します: *${escapeMrkdwn(checkPhone(c.sms).formatted)}*\n予約の依頼者電話もこの番号に変更します。` : `このアドレスに送信します: *${escapeMrkdwn(c.email)}*`;
  return modal({ callbackId: OUTCOME_VIEWS.contact, title: '送信先の確認', submit: '送信する', metadata: encodeOutcomeMetadata(meta), blocks: [mrkdwn(line)] });
}

/** 返金を手動で完了として記録: the failed refund and the reason the operator gives. Pure. */
export function buildManualRefundModal(input_: { meta: OutcomeMetadata; failure: string; amountLabel: string }): ModalView {
  return modal({
    callbackId: OUTCOME_VIEWS.manualRefund,
    title: '手動返金の記録',
    submit: '記録する',
    metadata: encodeOutcomeMetadata(input_.meta),
    blocks: [
      mrkdwn(`⚠️ ${escapeMrkdwn(input_.failure)}\nStripeダッシュボードで ${escapeMrkdwn(input_.amountLabel)} を返金したことを確認してから記録してください。`),
      textInput(OUTCOME_FIELDS.reason, '理由（手動で返金した経緯）', null, { multiline: true }),
    ],
  });
}

export function parseManualRefund(values: FormValues): Parsed<{ reason: string }> {
  const errs = new FieldErrors();
  const reason = readText(values, OUTCOME_FIELDS.reason);
  if (!reason) errs.add(OUTCOME_FIELDS.reason, '理由を入力してください');
  return errs.result(() => ({ reason: reason.slice(0, 500) }));
}
