import type { Alert } from '../db/schema.js';
import { alertLabel, isAlertKind, PRIORITY_RANK, resolveAlertKind, type Priority } from './alert-kinds.js';
import type { Config } from '../config.js';
import { alertDisplayState } from './alert-state.js';

/** One line of the open-work queue. */
export interface QueueItem {
  id: number;
  kind: string;
  /** The alert's title without the 【…】 tag: 全店NG, SMS送信失敗. */
  label: string;
  priority: Priority;
  reservationId: string | null;
  deadline: Date;
  overdue: boolean;
  assignee: string | null;
  holdUntil: Date | null;
  holdReason: string | null;
  permalink: string | null;
  /** 要再対応: what the procedure sent or refunded failed for good (src/domain/alert-state.ts). */
  needsRetry: boolean;
}

/** The queue's order: priority, then deadline (earliest first), then the alert's number. */
export function compareQueueItems(a: QueueItem, b: QueueItem): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.deadline.getTime() - b.deadline.getTime() || a.id - b.id;
}

export function queueItemOf(alert: Alert, overrides: Config['alertOverrides'], now: Date): QueueItem {
  const spec = resolveAlertKind(isAlertKind(alert.kind) ? alert.kind : 'system', overrides, alert.details);
  const deadline = new Date(alert.createdAt.getTime() + spec.deadlineMinutes * 60_000);
  return {
    id: alert.id,
    kind: alert.kind,
    label: alertLabel(spec),
    priority: spec.priority,
    reservationId: alert.reservationId,
    deadline,
    overdue: now.getTime() >= deadline.getTime(),
    assignee: alert.assignee,
    holdUntil: alert.holdUntil,
    holdReason: alert.holdReason,
    permalink: alert.permalink,
    needsRetry: alertDisplayState(alert) === 'needs_action',
  };
}

/** The sections an operator reads, in this order: 要再対応, 未対応, 対応中 (others'), 自分の担当. Each sorted. */
export interface OpenWork {
  total: number;
  retry: QueueItem[];
  unassigned: QueueItem[];
  others: QueueItem[];
  mine: QueueItem[];
}

export function splitOpenWork(items: QueueItem[], userId: string | null): OpenWork {
  const sorted = [...items].sort(compareQueueItems);
  return {
    total: sorted.length,
    retry: sorted.filter((i) => i.needsRetry),
    unassigned: sorted.filter((i) => !i.needsRetry && !i.assignee),
    others: sorted.filter((i) => !i.needsRetry && i.assignee && i.assignee !== userId),
    mine: sorted.filter((i) => !i.needsRetry && i.assignee && i.assignee === userId),
  };
}
