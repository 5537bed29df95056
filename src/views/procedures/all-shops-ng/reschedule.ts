import type { ModalView } from '@slack/types';
import { ALL_SHOPS_NG_FIELDS as F, ALL_SHOPS_NG_VIEWS, CLIENT_ANSWERS } from '../../ids/procedures/all-shops-ng.js';
import type { RefusedStep } from '../../../workflows/all-shops-ng/path.js';
import type { RecordInput } from '../../../workflows/operation/finish.js';
import { dateTimeInputs, modal, mrkdwn, option, radio, reservationSummary } from '../blocks.js';
import { metadataOf, pathBlocks, recordOf, type FormContext } from '../context.js';
import { FieldErrors, readOption, type CandidateCall, type FlowMetadata, type FormValues, type Parsed } from '../form.js';
import { readNewTime, readRecord } from '../parse.js';
import { COMMON_FIELDS } from '../../ids/procedures.js';
import { SAME_TIME_ERROR } from '../../../workflows/all-shops-ng/reschedule.js';

/** Manual §3.1 手順3-B: the new date and time proposed to the client, and the client's answer. Pure. */
export function buildRescheduleModal(ctx: FormContext, path: RefusedStep[] = [], calls: CandidateCall[] = []): ModalView {
  const r = ctx.start.reservation;
  return modal({
    callbackId: ALL_SHOPS_NG_VIEWS.reschedule,
    title: 'B 日時変更を提案',
    submit: '送信',
    metadata: metadataOf(ctx, path, { current: { from: r.startsAt.toISOString(), to: r.endsAt.toISOString() }, calls }),
    blocks: [
      reservationSummary(r, ctx.timeZone),
      ...pathBlocks(path, ctx.timeZone),
      mrkdwn('依頼者に電話し、事情を説明して別の日時を提案してください。'),
      ...dateTimeInputs(r.startsAt, r.endsAt, ctx.timeZone),
      radio(F.answer, '依頼者の回答', [
        option(CLIENT_ANSWERS.accepted, '承諾（日時を変更して電話代行を再実行）'),
        option(CLIENT_ANSWERS.refused, '拒否（C キャンセル処理へ）'),
      ]),
      ...recordOf(ctx),
    ],
  });
}

export type RescheduleInput =
  | { answer: 'accepted'; startsAt: Date; endsAt: Date; record: RecordInput }
  | { answer: 'refused'; startsAt: Date; endsAt: Date };

export function parseReschedule(values: FormValues, meta: FlowMetadata, ctx: { now: Date; timeZone: string }): Parsed<RescheduleInput> {
  const errs = new FieldErrors();
  const { startsAt, endsAt } = readNewTime(values, ctx, errs);
  if (meta.current && startsAt.getTime() === Date.parse(meta.current.from) && endsAt.getTime() === Date.parse(meta.current.to)) {
    errs.add(COMMON_FIELDS.start, SAME_TIME_ERROR);
  }
  const answer = readOption(values, F.answer);
  if (answer !== CLIENT_ANSWERS.accepted && answer !== CLIENT_ANSWERS.refused) errs.add(F.answer, '依頼者の回答を選んでください');
  const record = readRecord(values, meta, errs);
  return errs.result(() => (answer === CLIENT_ANSWERS.accepted ? { answer: 'accepted', startsAt, endsAt, record } : { answer: 'refused', startsAt, endsAt }));
}
