/** 完了を記録 on a 週次・月次メンテナンス task (manual §8.2, §8.3). Declared once; imported by the views and the registration. */
export const MAINTENANCE_DONE_ACTION = 'qrv_maintenance_done';
/** The 完了 modal (optional メモ) opened by 完了を記録. */
export const MAINTENANCE_DONE_CALLBACK = 'qrv_maintenance_done_modal';
export const MAINTENANCE_NOTE_BLOCK = 'qrv_maintenance_note_block';
export const MAINTENANCE_NOTE_INPUT = 'qrv_maintenance_note_input';
