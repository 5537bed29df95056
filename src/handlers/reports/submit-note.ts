import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseLocalDay } from '../../metrics/period.js';
import { updateEveningPost } from '../../slack/report-publisher.js';
import { saveDailyNote } from '../../workflows/operator-records.js';
import type { HandlerDeps } from '../context.js';
import { NOTE_BLOCK, NOTE_INPUT } from '../../views/ids/reports.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Saves the 特記事項 and re-renders the day's 18:00 post with it. */
export async function handleSubmitNote({ ack, body, view, client }: Args, deps: HandlerDeps): Promise<void> {
  await ack();
  const day = parseLocalDay(view.private_metadata, deps.config.timezone);
  const note = view.state.values[NOTE_BLOCK]?.[NOTE_INPUT]?.value ?? '';
  await saveDailyNote(deps, { day: day.date, note, userId: body.user.id });
  await updateEveningPost(client, deps, day);
}
