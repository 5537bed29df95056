import type { HistoryEntry, OperationRecord } from '../db/schema.js';
import { formatClock } from '../domain/time.js';
import type { Outbox } from '../repositories/outbox.js';
import { handoverNotes } from './handover.js';
import { buildRecordNote } from './procedures/record-note.js';

/** What a history row's thread note may need besides the row (the record of a resolved alert). */
export interface HistoryNoteContext {
  timeZone: string;
  /** The alert's claim time, for a claim row written without one. */
  claimedAt: Date | null;
  record?: OperationRecord;
  outbox?: Outbox;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const TAKE_OVER_REASONS = ['unassigned', 'overdue', 'confirmed'] as const;

/**
 * The thread note Slack shows for one change in an alert's history (対応開始, hand-over, 進捗メモ,
 * 保留, 対応記録), or undefined for a change with no note. Pure: the alert-sync job posts these in
 * history order, so a note missed by a crash or a failed Slack call is posted by the next run.
 */
export function historyNote(entry: HistoryEntry, ctx: HistoryNoteContext): string | undefined {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  switch (entry.action) {
    case 'alert.claimed': {
      const at = str(after.claimedAt) ? new Date(str(after.claimedAt)!) : (ctx.claimedAt ?? entry.createdAt);
      return `<@${entry.actor}> さんが対応を開始しました（${formatClock(at, ctx.timeZone)}）`;
    }
    case 'alert.released':
      return handoverNotes.released(entry.actor);
    case 'alert.taken_over': {
      const reason = TAKE_OVER_REASONS.find((r) => r === after.reason) ?? 'unassigned';
      return handoverNotes.takenOver(entry.actor, str(before.assignee), reason);
    }
    case 'alert.reassigned':
      return handoverNotes.reassigned(entry.actor, str(before.assignee), str(after.assignee) ?? '?');
    case 'alert.progress':
      return handoverNotes.progress(entry.actor, str(after.note) ?? '');
    case 'alert.held':
      return str(after.holdUntil) ? handoverNotes.held(entry.actor, new Date(str(after.holdUntil)!), str(after.reason) ?? '', ctx.timeZone) : undefined;
    case 'alert.resolved':
      return ctx.record && ctx.outbox ? buildRecordNote(ctx.record, ctx.outbox, ctx.timeZone) : undefined;
    default:
      return undefined;
  }
}
