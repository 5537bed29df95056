/** Buttons every alert carries. Declared once; imported by the message builder and the registration. */
export const CLAIM_ALERT_ACTION = 'qrv_alert_claim';
export const ALERT_DETAIL_ACTION = 'qrv_alert_detail';
export const ALERT_LOGS_ACTION = 'qrv_alert_logs';

/** Hand-over and progress on a claimed alert (and 引き継ぐ on escalation reminders). */
export const HANDOVER_ACTIONS = {
  /** 担当を外す: the assignee gives the alert back (未対応). */
  release: 'qrv_alert_release',
  /** 引き継ぐ: another operator takes it (at once when overdue or unassigned, else after a confirmation). */
  takeOver: 'qrv_alert_take_over',
  /** 担当者を変更: a users_select modal. */
  reassign: 'qrv_alert_reassign',
  /** 進捗メモ: a note into the thread and history; the alert stays open. */
  progress: 'qrv_alert_progress',
  /** 保留: until a time, with a reason. */
  hold: 'qrv_alert_hold',
} as const;

export const HANDOVER_VIEWS = {
  takeOverConfirm: 'qrv_alert_take_over_confirm',
  reassign: 'qrv_alert_reassign_submit',
  progress: 'qrv_alert_progress_submit',
  hold: 'qrv_alert_hold_submit',
} as const;

/** Input block ids of the hand-over and progress modals (field errors are keyed by them). */
export const HANDOVER_FIELDS = {
  assignee: 'new_assignee',
  note: 'progress_note',
  holdDate: 'hold_date',
  holdTime: 'hold_time',
  holdReason: 'hold_reason',
  holdReasonText: 'hold_reason_text',
} as const;

/** 保留 reasons offered (the manual names none; these are the waits operators meet). */
export const HOLD_REASONS = ['依頼者に折り返し待ち', '提携店の回答待ち', '依頼者の決済待ち', 'その他'] as const;
