/** 決済期限切れ (manual §3.3): information only, one click. */
export const PAYMENT_EXPIRED_ACTIONS = { acknowledge: 'qrv_payment_expired_ack' } as const;
