/** The buttons of a 要再対応 alert and their modals. Declared once; imported by the builders and the registration. */
export const OUTCOME_ACTIONS = {
  /** 再試行: the failed sends / refund again, as they were. */
  retry: 'qrv_outcome_retry',
  /** The payment link to another contact: a corrected number or e-mail (manual §3.2). */
  contact: 'qrv_outcome_contact',
  /** 返金を手動で完了として記録 (refunded in the Stripe dashboard), with a reason. */
  manualRefund: 'qrv_outcome_manual_refund',
} as const;

export const OUTCOME_VIEWS = {
  contact: 'qrv_outcome_contact_submit',
  manualRefund: 'qrv_outcome_manual_refund_submit',
} as const;

export const OUTCOME_FIELDS = { reason: 'manual_refund_reason' } as const;
