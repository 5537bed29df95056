/**
 * Alert storms (issue 14 item 6): detection when a manual-operation alert is about to be posted,
 * and the end once no manual-operation alert came for the window (the minute job). One open storm
 * whatever the instances (a unique index); its message is a High system alert the dispatcher posts
 * once, and the alerts of the storm are posted in its thread.
 */
import type { Db } from '../db/client.js';
import type { Alert, AlertStorm } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { STORM_TITLE, USUAL_RATE_DAYS, joinsStormThread, stormSubsided, stormTrigger, usualPerWindow, type StormRule } from '../domain/storm.js';
import type { Priority } from '../domain/alert-kinds.js';
import type { Logger } from '../logger.js';
import { createRepositories } from '../repositories/index.js';

export interface StormDeps {
  db: Db;
  clock: Clock;
  rule: StormRule;
}

/** What the storm alert's details say: its title and severity (a High system alert) and its storm. */
export function stormAlertDetails(stormId: number): Record<string, unknown> {
  return { severity: 'high', title: STORM_TITLE, storm_id: stormId };
}

/** The storm of a storm alert (its `details.storm_id`), if it is one. */
export function stormIdOf(alert: Pick<Alert, 'kind' | 'details'>): number | undefined {
  const id = alert.details.storm_id;
  return alert.kind === 'system' && typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/**
 * The storm alert whose thread `alert` is posted in: the open storm's, or a new storm's when
 * manual-operation alerts surge now (QRV_STORM_COUNT within the window, or twice the usual rate).
 * Undefined: the alert is posted as a top-level message (no storm, not a manual-operation alert,
 * or a 緊急 one). Two instances detecting at once make one storm (the unique index; the loser
 * returns the winner's). `openStormAlertId`: the open storm's message as the caller read it just
 * now (null: none), instead of asking again.
 */
export async function stormAlertFor(deps: StormDeps, input: { alert: Alert; priority: Priority; openStormAlertId?: number | null }): Promise<number | undefined> {
  const { alert, priority } = input;
  if (!joinsStormThread(alert.kind, priority)) return undefined;
  const repos = createRepositories({ db: deps.db });
  const open = input.openStormAlertId !== undefined ? input.openStormAlertId : (await repos.storms.findOpen())?.alertId;
  if (open) return open;
  const now = deps.clock.now();
  const windowMs = deps.rule.windowMinutes * 60_000;
  // The window ends now and reaches back from this alert (a backlog posted late is judged as it came).
  const from = new Date(Math.min(now.getTime(), alert.createdAt.getTime()) - windowMs);
  const inWindow = await repos.storms.countManual({ from, to: now });
  const before = await repos.storms.countManual({ from: new Date(from.getTime() - USUAL_RATE_DAYS * 86_400_000), to: from });
  const trigger = stormTrigger({ inWindow, usual: usualPerWindow(before, deps.rule), rule: deps.rule });
  if (!trigger) return undefined;
  return deps.db.transaction(async (tx) => {
    const r = createRepositories({ db: tx });
    const storm = await r.storms.insertOpen({ windowStart: from, startedAt: now, trigger, triggerCount: inWindow, windowMinutes: deps.rule.windowMinutes });
    if (!storm) return (await r.storms.findOpen())?.alertId ?? undefined;
    const message = await r.alerts.insert({ kind: 'system', reservationId: null, details: stormAlertDetails(storm.id) });
    await r.storms.setAlert({ id: storm.id, alertId: message.id });
    await r.history.append({ actor: 'system', action: 'storm.started', alertId: null, after: { stormId: storm.id, alertId: message.id, trigger, inWindow } });
    return message.id;
  });
}

export interface StormEndNotifier {
  /** The thread reply saying the storm subsided (a pure view: final tally and duration). */
  endNote(input: { storm: AlertStorm; tally: Array<{ kind: string; count: number }> }): string;
  /** Slack follows the database: the note posted and the message shown as 収束 (the alert-sync job). */
  request(alertId: number): Promise<void>;
}

/**
 * The minute job: the open storm ends when no manual-operation alert was created for the window.
 * The end and its thread note commit together (compare-and-set: one end, one note whatever the
 * instances); Slack follows through the alert-sync job (its sweep finds a note a crash left).
 */
export async function endQuietStorm(deps: StormDeps & { notifier: StormEndNotifier; logger: Logger }): Promise<number | undefined> {
  const repos = createRepositories({ db: deps.db });
  const open = await repos.storms.findOpen();
  if (!open) return undefined;
  const now = deps.clock.now();
  const last = (await repos.storms.lastManualAt(open.windowStart)) ?? open.startedAt;
  if (!stormSubsided({ lastAlertAt: last, now, rule: { count: deps.rule.count, windowMinutes: open.windowMinutes } })) return undefined;
  const ended = await deps.db.transaction(async (tx) => {
    const r = createRepositories({ db: tx });
    const storm = await r.storms.end({ id: open.id, at: now, lastAlertAt: last });
    if (!storm) return undefined;
    if (storm.alertId) {
      const tally = await r.storms.tally({ from: storm.windowStart, to: last });
      await r.alertSync.addNote({ alertId: storm.alertId, text: deps.notifier.endNote({ storm, tally }) });
    }
    await r.history.append({ actor: 'system', action: 'storm.ended', alertId: null, after: { stormId: storm.id, lastAlertAt: last.toISOString() } });
    return storm;
  });
  if (!ended) return undefined;
  if (ended.alertId) {
    await deps.notifier.request(ended.alertId).catch((error: unknown) => deps.logger.warn({ err: error, stormId: ended.id }, 'storm end note queued; the alert-sync sweep posts it'));
  }
  return ended.id;
}
