/** SMS送信失敗 (manual §3.2). */
export const SMS_FAILED_ACTIONS = { record: 'qrv_sms_failed_record' } as const;
export const SMS_FAILED_VIEWS = { resend: 'qrv_sms_failed_submit', confirmPhone: 'qrv_sms_failed_confirm_phone' } as const;
export const SMS_FAILED_FIELDS = { reachable: 'sms_reachable', phone: 'client_phone', email: 'client_email' } as const;
export const SMS_REACHABLE = { sms: 'sms', email: 'email' } as const;
