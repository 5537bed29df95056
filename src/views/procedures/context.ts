import type { KnownBlock } from '@slack/types';
import { formatClock } from '../../domain/time.js';
import type { RefusedStep } from '../../workflows/all-shops-ng/path.js';
import { describePath } from '../../workflows/all-shops-ng/path.js';
import type { OperationStart } from '../../workflows/operation/start.js';
import { escapeMrkdwn } from '../text.js';
import { mrkdwn, recordInputs } from './blocks.js';
import { encodeMetadata, type FlowMetadata } from './form.js';

/** What every procedure form is built from: the opened operation and where to tell errors. */
export interface FormContext {
  start: OperationStart;
  timeZone: string;
  /** The alerts channel (errors after a submission are told there). */
  channel: string;
}

export const metadataOf = (ctx: FormContext, path?: RefusedStep[], extra: Pick<FlowMetadata, 'current' | 'calls'> = {}) =>
  encodeMetadata({
    alertId: ctx.start.alert.id,
    channel: ctx.channel,
    prefilledMinutes: ctx.start.elapsedMinutes,
    openedAt: ctx.start.openedAt.toISOString(),
    ...(path ? { path } : {}),
    ...(ctx.start.reservation.amountJpy ? { referenceAmount: ctx.start.reservation.amountJpy } : {}),
    ...extra,
  });

export const recordOf = (ctx: FormContext): KnownBlock[] => recordInputs(ctx.start.elapsedMinutes, formatClock(ctx.start.claimedAt, ctx.timeZone));

/** これまでの対応: the refused steps of 全店NG, when there are any. */
export const pathBlocks = (path: RefusedStep[], timeZone: string): KnownBlock[] =>
  path.length ? [mrkdwn(`*これまでの対応*\n${describePath(path, timeZone).map(escapeMrkdwn).join('\n')}`)] : [];
