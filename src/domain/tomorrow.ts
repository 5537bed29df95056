import { alertLabel, isAlertKind, resolveAlertKind } from './alert-kinds.js';

/** Reservations that are over (not counted in 明日の予約確認's headline, listed last when at all). */
const ENDED_STATUSES = ['failed', 'cancelled', 'payment_expired'] as const;

export interface TomorrowRow {
  id: string;
  service: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  shopListed: boolean | null;
  /** Kinds of the reservation's unresolved alerts. */
  openAlertKinds: string[];
  /** Of the open alerts, those 要再対応 (a send or refund failed for good). */
  retryAlerts: number;
  refundFailed: boolean;
}

export interface TomorrowEntry extends TomorrowRow {
  /** Why it needs attention, in the operator's words; empty when it does not. */
  reasons: string[];
}

const UNPAID = new Set(['calling_success', 'payment_pending']);
const UNBOOKED = new Set(['received', 'calling', 'calling_failed']);

/** Why a reservation of tomorrow needs someone before it happens. Pure. */
function attentionReasons(r: TomorrowRow): string[] {
  const reasons: string[] = [];
  if (r.retryAlerts > 0) reasons.push('要再対応');
  if (r.openAlertKinds.includes('late_cancel')) reasons.push('依頼者がキャンセル希望');
  for (const kind of r.openAlertKinds.filter((k) => k !== 'late_cancel')) {
    reasons.push(`未解決: ${alertLabel(resolveAlertKind(isAlertKind(kind) ? kind : 'system'))}`);
  }
  if (r.refundFailed) reasons.push('返金失敗');
  if (r.shopListed === false) reasons.push('未登録店舗');
  if (UNPAID.has(r.status)) reasons.push('未決済');
  if (UNBOOKED.has(r.status)) reasons.push('予約未確定');
  return reasons;
}

/** Tomorrow's live reservations: those needing attention first, then the rest, each by start time. */
export function orderTomorrow(rows: TomorrowRow[]): { entries: TomorrowEntry[]; byStatus: Record<string, number> } {
  const live = rows.filter((r) => !(ENDED_STATUSES as readonly string[]).includes(r.status));
  const byStatus: Record<string, number> = {};
  for (const r of live) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const entries = live
    .map((r) => ({ ...r, reasons: attentionReasons(r) }))
    .sort((a, b) => Number(b.reasons.length > 0) - Number(a.reasons.length > 0) || a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  return { entries, byStatus };
}
