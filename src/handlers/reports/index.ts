import type { SurfaceRoutes } from '../routes.js';
import { DAILY_NOTE_CALLBACK, WRITE_NOTE_ACTION } from '../../views/ids/reports.js';
import { handleSubmitNote } from './submit-note.js';
import { handleWriteNote } from './write-note.js';

/** The 18:00 post's 特記事項 button and modal. */
export const reportRoutes: SurfaceRoutes = {
  actions: [[WRITE_NOTE_ACTION, handleWriteNote]],
  submissions: [[DAILY_NOTE_CALLBACK, handleSubmitNote]],
};
