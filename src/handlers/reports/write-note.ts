import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { dayLabel, parseLocalDay } from '../../metrics/period.js';
import { createOperatorRecordsRepository } from '../../repositories/operator-records.js';
import { buildDailyNoteModal } from '../../views/daily-note-modal.js';
import type { HandlerDeps } from '../context.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** 特記事項を書く: opens the note modal of the post's day, prefilled. */
export async function handleWriteNote({ ack, body, action, client }: Args, deps: HandlerDeps): Promise<void> {
  await ack();
  const day = parseLocalDay(action.value ?? '', deps.config.timezone);
  const saved = await createOperatorRecordsRepository({ db: deps.db }).findNote(day.date);
  await client.views.open({ trigger_id: body.trigger_id, view: buildDailyNoteModal({ day: day.date, dayText: dayLabel(day), note: saved?.note ?? null }) });
}
