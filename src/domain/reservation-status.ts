/** The reservation status vocabulary shared with the QRV core (SPEC §2). */
const RESERVATION_STATUSES = {
  received: '受付済み',
  calling: '電話代行中',
  calling_success: '店舗承諾',
  payment_pending: '決済待ち',
  confirmed: '確定（決済済み）',
  calling_failed: '全店NG',
  failed: '予約不可',
  payment_expired: '決済期限切れ',
  cancelled: 'キャンセル',
  completed: '完了',
} as const;

export type ReservationStatus = keyof typeof RESERVATION_STATUSES;
export const RESERVATION_STATUS_NAMES = Object.keys(RESERVATION_STATUSES) as ReservationStatus[];

export function statusLabel(status: string): string {
  const label = (RESERVATION_STATUSES as Record<string, string>)[status];
  return label ? `${label}（${status}）` : status;
}

export const RESERVATION_ID_PATTERN = /^QRV-[A-Z0-9]{6}$/;

const CALL_OUTCOMES = ['ok', 'ng', 'ambiguous', 'change_request', 'no_answer'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  ok: 'OK',
  ng: 'NG',
  ambiguous: '曖昧',
  change_request: '変更依頼',
  no_answer: '不在',
};
