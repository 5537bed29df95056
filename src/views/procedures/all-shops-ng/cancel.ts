import type { ModalView } from '@slack/types';
import { ALL_SHOPS_NG_FIELDS as F, ALL_SHOPS_NG_VIEWS } from '../../ids/procedures/all-shops-ng.js';
import { notBookedSms } from '../../../domain/client-messages.js';
import type { RefusedStep } from '../../../workflows/all-shops-ng/path.js';
import type { RecordInput } from '../../../workflows/operation/finish.js';
import { escapeMrkdwn } from '../../text.js';
import { input, modal, mrkdwn, option, reservationSummary } from '../blocks.js';
import { metadataOf, pathBlocks, recordOf, type FormContext } from '../context.js';
import { FieldErrors, readChecked, type CandidateCall, type FlowMetadata, type FormValues, type Parsed } from '../form.js';
import { readRecord } from '../parse.js';

const CONSENT = 'consent';

/** Manual §3.1 手順3-C: the client's consent, then status failed and the SMS. Pure. */
export function buildCancelModal(ctx: FormContext, path: RefusedStep[] = [], calls: CandidateCall[] = []): ModalView {
  const r = ctx.start.reservation;
  return modal({
    callbackId: ALL_SHOPS_NG_VIEWS.cancel,
    title: 'C キャンセル処理',
    submit: 'キャンセル処理',
    metadata: metadataOf(ctx, path, { calls }),
    blocks: [
      reservationSummary(r, ctx.timeZone),
      ...pathBlocks(path, ctx.timeZone),
      mrkdwn('依頼者に電話し、事情を説明してキャンセルの了承を得てください。'),
      input(F.consent, '依頼者の了承', { type: 'checkboxes', options: [option(CONSENT, '依頼者の了承を得た')] }),
      mrkdwn(`送信すると予約ステータスを failed にし、依頼者（${escapeMrkdwn(r.clientPhone)}）にSMSで通知します:\n>${escapeMrkdwn(notBookedSms(r.id))}`),
      ...recordOf(ctx),
    ],
  });
}

export function parseCancel(values: FormValues, meta: FlowMetadata): Parsed<{ record: RecordInput }> {
  const errs = new FieldErrors();
  if (!readChecked(values, F.consent).includes(CONSENT)) errs.add(F.consent, '依頼者の了承を得てから送信してください');
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ record }));
}
