import type { SurfaceRoutes } from '../routes.js';
import { DAILY_NOTE_CALLBACK, WRITE_NOTE_ACTION } from '../../views/ids/reports.js';
import { MAINTENANCE_DONE_ACTION, MAINTENANCE_DONE_CALLBACK } from '../../views/ids/maintenance.js';
import { handleMaintenanceDone, handleMaintenanceDoneSubmit } from './maintenance-done.js';
import { handleSubmitNote } from './submit-note.js';
import { handleWriteNote } from './write-note.js';

/** The 18:00 post's 特記事項 button and modal; 完了を記録 on the maintenance tasks of the reports. */
export const reportRoutes: SurfaceRoutes = {
  actions: [
    [WRITE_NOTE_ACTION, handleWriteNote],
    [MAINTENANCE_DONE_ACTION, handleMaintenanceDone],
  ],
  submissions: [
    [DAILY_NOTE_CALLBACK, handleSubmitNote],
    [MAINTENANCE_DONE_CALLBACK, handleMaintenanceDoneSubmit],
  ],
};
