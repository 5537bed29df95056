import type { AlertKind } from '../../domain/alert-kinds.js';
import { ALL_SHOPS_NG_ACTIONS } from './procedures/all-shops-ng.js';
import { AMBIGUOUS_ACTIONS } from './procedures/ambiguous-answer.js';
import { CHANGE_ACTIONS } from './procedures/change-request.js';
import { INQUIRY_ACTIONS } from './procedures/inquiry.js';
import { LATE_CANCEL_ACTIONS } from './procedures/late-cancel.js';
import { PAYMENT_EXPIRED_ACTIONS } from './procedures/payment-expired.js';
import { SMS_FAILED_ACTIONS } from './procedures/sms-failed.js';
import { SYSTEM_ACTIONS } from './procedures/system.js';
import { INCIDENT_ACTIONS } from './incidents.js';

/**
 * The first step of each manual procedure (manual §3), as the buttons on its alert. The IDs
 * are declared beside each procedure's steps; the alert message builder reads this table.
 */
export interface ProcedureButton {
  actionId: string;
  text: string;
  style?: 'primary' | 'danger';
  /** 全店NG B: labelled 推奨 when the booking starts at night or early in the morning. */
  recommendable?: boolean;
}

export const PROCEDURE_BUTTONS: Record<AlertKind, ProcedureButton[]> = {
  all_shops_ng: [
    { actionId: ALL_SHOPS_NG_ACTIONS.shopSearch, text: 'A 未登録店舗に電話', style: 'primary' },
    { actionId: ALL_SHOPS_NG_ACTIONS.reschedule, text: 'B 日時変更を提案', recommendable: true },
    { actionId: ALL_SHOPS_NG_ACTIONS.cancel, text: 'C キャンセル処理', style: 'danger' },
  ],
  sms_failed: [{ actionId: SMS_FAILED_ACTIONS.record, text: '電話結果を記録', style: 'primary' }],
  payment_expired: [{ actionId: PAYMENT_EXPIRED_ACTIONS.acknowledge, text: '確認済み', style: 'primary' }],
  ambiguous_answer: [
    { actionId: AMBIGUOUS_ACTIONS.ok, text: '予約OK', style: 'primary' },
    { actionId: AMBIGUOUS_ACTIONS.ng, text: '予約NG', style: 'danger' },
  ],
  change_request: [
    { actionId: CHANGE_ACTIONS.accept, text: '承諾', style: 'primary' },
    { actionId: CHANGE_ACTIONS.reject, text: '拒否', style: 'danger' },
  ],
  late_cancel: [
    { actionId: LATE_CANCEL_ACTIONS.special, text: '特別な事情あり', style: 'primary' },
    { actionId: LATE_CANCEL_ACTIONS.policy, text: '特別な事情なし' },
  ],
  system: [
    { actionId: SYSTEM_ACTIONS.acknowledge, text: '確認済み', style: 'primary' },
    { actionId: INCIDENT_ACTIONS.declareFromAlert, text: 'インシデント宣言', style: 'danger' },
  ],
  inquiry: [
    { actionId: INQUIRY_ACTIONS.reply, text: '返信する', style: 'primary' },
    { actionId: INQUIRY_ACTIONS.reservations, text: '予約を確認' },
    { actionId: INQUIRY_ACTIONS.done, text: '対応済み' },
  ],
};


/** Inputs several procedures share: the record (所要時間, メモ) and new reservation values. */
export const COMMON_FIELDS = {
  duration: 'record_duration',
  note: 'record_note',
  amount: 'amount_jpy',
  amountConfirm: 'amount_confirm',
  date: 'new_date',
  start: 'new_start',
  end: 'new_end',
} as const;

/** The action_id of every input element (one element per input block). */
export const INPUT_ACTION = 'value';
