/**
 * The dispatcher's and the minute job's view of alert storms (issue 14 item 6), wired to the
 * configuration, the clock and the durable alert-sync path (src/workflows/storms.ts does the work).
 */
import type { StormRouter } from './dispatcher.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { isAlertKind, resolveAlertKind } from '../domain/alert-kinds.js';
import type { Clock } from '../domain/clock.js';
import type { StormRule } from '../domain/storm.js';
import type { AlertSync } from '../slack/alert-sync.js';
import { stormEndNote } from '../views/storm.js';
import { stormAlertFor, type StormEndNotifier } from '../workflows/storms.js';

type StormConfig = Pick<Config, 'storm' | 'alertOverrides' | 'timezone'>;

export const stormRule = (config: StormConfig): StormRule => ({ count: config.storm.count, windowMinutes: config.storm.windowMinutes });

/**
 * Which storm thread an alert goes into (by its configured priority: a 緊急 alert never), and
 * after each alert posted there, one coalesced re-render of the storm message (its tally) at most
 * every QRV_STORM_TALLY_SECONDS through the qrv-alert-sync job.
 */
export function createStormRouter(deps: { db: Db; clock: Clock; config: StormConfig; alertSync: Pick<AlertSync, 'request'> }): StormRouter {
  const { config } = deps;
  return {
    stormFor: (alert, openStormAlertId) =>
      stormAlertFor(
        { db: deps.db, clock: deps.clock, rule: stormRule(config) },
        { alert, priority: resolveAlertKind(isAlertKind(alert.kind) ? alert.kind : 'system', config.alertOverrides, alert.details).priority, openStormAlertId },
      ),
    joined: (stormAlertId) => deps.alertSync.request(stormAlertId, { afterSeconds: config.storm.tallySeconds }),
  };
}

/** The storm's end: the note's words (a pure view) and Slack following through the alert-sync job. */
export function stormEndNotifier(deps: { config: StormConfig; alertSync: Pick<AlertSync, 'request'> }): StormEndNotifier {
  return {
    endNote: (card) => stormEndNote(card, { timeZone: deps.config.timezone, overrides: deps.config.alertOverrides }),
    request: (alertId) => deps.alertSync.request(alertId),
  };
}
