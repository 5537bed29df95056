/** 完了を記録 on a 週次・月次メンテナンス task (manual §8.2, §8.3). Declared once; imported by the views and the registration. */
export const MAINTENANCE_DONE_ACTION = 'qrv_maintenance_done';
