import type { AlertKind } from '../../domain/alert-kinds.js';

/**
 * The first step of each manual procedure (manual §3), as the buttons on its alert.
 * Declared once; the alert message builder and the handler registration both import them.
 */
export interface ProcedureButton {
  actionId: string;
  text: string;
  style?: 'primary' | 'danger';
}

export const PROCEDURE_BUTTONS: Record<AlertKind, ProcedureButton[]> = {
  all_shops_ng: [
    { actionId: 'qrv_all_ng_a', text: 'A 未登録店舗に電話', style: 'primary' },
    { actionId: 'qrv_all_ng_b', text: 'B 日時変更を提案' },
    { actionId: 'qrv_all_ng_c', text: 'C キャンセル処理', style: 'danger' },
  ],
  sms_failed: [{ actionId: 'qrv_sms_failed_record', text: '電話結果を記録', style: 'primary' }],
  payment_expired: [{ actionId: 'qrv_payment_expired_ack', text: '確認済み', style: 'primary' }],
  ambiguous_answer: [
    { actionId: 'qrv_ambiguous_ok', text: '予約OK', style: 'primary' },
    { actionId: 'qrv_ambiguous_ng', text: '予約NG', style: 'danger' },
  ],
  change_request: [
    { actionId: 'qrv_change_accept', text: '承諾', style: 'primary' },
    { actionId: 'qrv_change_reject', text: '拒否', style: 'danger' },
  ],
  late_cancel: [
    { actionId: 'qrv_late_cancel_special', text: '特別な事情あり', style: 'primary' },
    { actionId: 'qrv_late_cancel_policy', text: '特別な事情なし' },
  ],
  system: [{ actionId: 'qrv_system_ack', text: '確認済み', style: 'primary' }],
};

export const ALL_PROCEDURE_ACTION_IDS = Object.values(PROCEDURE_BUTTONS).flatMap((buttons) => buttons.map((b) => b.actionId));
