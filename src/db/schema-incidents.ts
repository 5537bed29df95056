import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { alerts } from './schema.js';

// Part of schema.ts (which re-exports it): import these tables from './schema.js', never from
// this file directly, so that schema.ts is always evaluated around it.

// ---------------------------------------------------------------------------
// Incidents (manual §7): declared incidents, their timeline steps, the alerts noted in their
// timeline, and alert storms.
// ---------------------------------------------------------------------------

/**
 * インシデント (manual §7, counted at 18:00): a one-line record (`/qrv incident 内容`, severity null),
 * or a declared incident (severity, commander, the timeline message, 復旧) whose steps are
 * incident_steps. created_at is 開始 (started_at).
 */
export const incidents = pgTable(
  'incidents',
  {
    id: id(),
    /** The title of a declared incident. */
    summary: text('summary').notNull(),
    /** Who recorded or declared it. */
    actor: text('actor').notNull(),
    createdAt: createdAt(),
    /** critical (緊急, manual §7.1) or high (高, §7.2); null: a one-line record. */
    severity: text('severity'),
    /** 指揮: the declarer, then whoever takes command (compare-and-set). */
    commander: text('commander'),
    /** The system alert it was declared from. */
    alertId: bigint('alert_id', { mode: 'number' }),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    /** The incident message's permalink (chat.getPermalink), linked from the 18:00 post and the weekly report. */
    permalink: text('permalink'),
    /** 復旧: the end of the incident. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: text('ended_by'),
    /** The status SMS' final tally was posted (compare-and-set; cleared when more are queued). */
    statusSmsReportedAt: timestamp('status_sms_reported_at', { withTimezone: true }),
  },
  (t) => [
    index('incidents_created_idx').on(t.createdAt),
    check('incidents_severity', sql`${t.severity} in ('critical','high')`),
    uniqueIndex('incidents_alert_uq').on(t.alertId),
  ],
);

/** One step of a declared incident's timeline (manual §7): due at its checkpoint, 完了 once, reminded once. */
export const incidentSteps = pgTable(
  'incident_steps',
  {
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id),
    /** The step's key in src/domain/incident-timeline.ts. */
    step: text('step').notNull(),
    /** The checkpoint; null: no deadline yet (the report due from 復旧). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: text('done_by'),
    note: text('note'),
    /** 提出済み of the post-mortem / incident report: the report's http(s) link. */
    link: text('link'),
    /** The last reminder (the report's is repeated until 提出済み; the others are reminded once). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incident_steps_uq').on(t.incidentId, t.step),
    index('incident_steps_due_idx').on(t.dueAt).where(sql`${t.doneAt} is null and ${t.remindedAt} is null`),
  ],
);

/**
 * A related alert noted in an open incident's timeline (its thread), once per incident and alert:
 * claimed (compare-and-set, a lease against a crashed instance), then noted.
 */
export const incidentAlerts = pgTable(
  'incident_alerts',
  {
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alerts.id),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    notedAt: timestamp('noted_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.alertId] })],
);

/**
 * An alert storm (issue 14 item 6): manual-operation alerts surging. At most one open storm
 * (`alert_storms_one_open`: two instances detecting at once insert one row); its message is the
 * system alert `alert_id` (posted once by the dispatcher), under which new manual-operation alerts
 * are threaded until it subsides (`ended_at`, compare-and-set).
 */
export const alertStorms = pgTable(
  'alert_storms',
  {
    id: id(),
    /** The storm message: a High system alert 「マニュアルオペ多発: Bland.ai障害の可能性」. */
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
    /** The tally counts manual-operation alerts created from here (the window that triggered it). */
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** What triggered it: `count` (QRV_STORM_COUNT reached) or `rate` (twice the usual rate). */
    trigger: text('trigger').notNull(),
    /** Manual-operation alerts in the window when it was detected, and that window (minutes). */
    triggerCount: integer('trigger_count').notNull(),
    windowMinutes: integer('window_minutes').notNull(),
    /** True until it subsides (one open storm: the partial unique index). */
    open: boolean('open').notNull().default(true),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** The last manual-operation alert of the storm (its duration ends here). */
    lastAlertAt: timestamp('last_alert_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('alert_storms_one_open').on(t.open).where(sql`${t.open}`), uniqueIndex('alert_storms_alert_uq').on(t.alertId)],
);
