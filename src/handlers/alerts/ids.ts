/** Buttons every alert carries. Declared once; imported by the message builder and the registration. */
export const CLAIM_ALERT_ACTION = 'qrv_alert_claim';
export const ALERT_DETAIL_ACTION = 'qrv_alert_detail';
export const ALERT_LOGS_ACTION = 'qrv_alert_logs';
