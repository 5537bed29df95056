import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { alertNotes, alerts, history, type AlertNote, type HistoryEntry } from '../db/schema.js';

/**
 * What Slack still has to show of an alert: its history after `alerts.slack_synced_history_id`
 * and its unposted `alert_notes`. Read and advanced by the alert-sync job only.
 */
export interface AlertSyncRepository {
  /** The alert's history rows Slack has not shown yet, oldest first. */
  historySince(alertId: number): Promise<HistoryEntry[]>;
  /** Notes waiting to be posted in the alert's thread, oldest first. */
  pendingNotes(alertId: number): Promise<AlertNote[]>;
  addNote(input: { alertId: number; text: string }): Promise<void>;
  /** Compare-and-set: Slack shows the history up to `historyId` (never moves back). */
  markSynced(input: { alertId: number; historyId: number }): Promise<void>;
  markNotePosted(input: { id: number; ts: string }): Promise<void>;
  /** Posted alerts whose Slack side is behind the database (a crash, a failed Slack call). */
  listBehind(limit: number): Promise<number[]>;
}

export function createAlertSyncRepository({ db }: { db: Queryable }): AlertSyncRepository {
  return {
    async historySince(alertId) {
      const synced = db.select({ v: alerts.slackSyncedHistoryId }).from(alerts).where(eq(alerts.id, alertId));
      return db
        .select()
        .from(history)
        .where(and(eq(history.alertId, alertId), gt(history.id, sql`coalesce((${synced}), 0)`)))
        .orderBy(asc(history.id));
    },
    async pendingNotes(alertId) {
      return db
        .select()
        .from(alertNotes)
        .where(and(eq(alertNotes.alertId, alertId), isNull(alertNotes.slackTs)))
        .orderBy(asc(alertNotes.id));
    },
    async addNote({ alertId, text }) {
      await db.insert(alertNotes).values({ alertId, text });
    },
    async markSynced({ alertId, historyId }) {
      await db
        .update(alerts)
        .set({ slackSyncedHistoryId: historyId })
        .where(and(eq(alerts.id, alertId), or(isNull(alerts.slackSyncedHistoryId), sql`${alerts.slackSyncedHistoryId} < ${historyId}`)));
    },
    async markNotePosted({ id, ts }) {
      await db.update(alertNotes).set({ slackTs: ts }).where(eq(alertNotes.id, id));
    },
    async listBehind(limit) {
      const rows = await queryRows<{ id: number }>(
        db,
        sql`select a.id from alerts a
             where a.slack_ts is not null
               and (exists (select 1 from history h where h.alert_id = a.id and h.id > coalesce(a.slack_synced_history_id, 0))
                 or exists (select 1 from alert_notes n where n.alert_id = a.id and n.slack_ts is null)
                 -- An open storm's message: its live tally is re-rendered each sweep (a lost tally request heals).
                 or exists (select 1 from alert_storms s where s.alert_id = a.id and s.open))
             order by a.id limit ${limit}`,
      );
      return rows.map((r) => Number(r.id));
    },
  };
}
