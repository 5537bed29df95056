/** 期限超過キャンセル (manual §3.6). */
export const LATE_CANCEL_ACTIONS = { special: 'qrv_late_cancel_special', policy: 'qrv_late_cancel_policy' } as const;
export const LATE_CANCEL_VIEWS = { special: 'qrv_late_cancel_special_submit', policy: 'qrv_late_cancel_policy_submit' } as const;
export const LATE_CANCEL_FIELDS = { reason: 'cancel_reason', shopAnswer: 'shop_answer' } as const;
export const SHOP_ANSWERS = { agreed: 'agreed', refused: 'refused' } as const;
