import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { HandlerDeps } from '../context.js';
import { DAILY_NOTE_CALLBACK, WRITE_NOTE_ACTION } from './ids.js';
import { handleSubmitNote } from './submit-note.js';
import { handleWriteNote } from './write-note.js';

/** The 18:00 post's 特記事項 button and modal. */
export function registerReports(app: App, deps: HandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(WRITE_NOTE_ACTION, (args) => handleWriteNote(args, deps));
  app.view<ViewSubmitAction>(DAILY_NOTE_CALLBACK, (args) => handleSubmitNote(args, deps));
}
