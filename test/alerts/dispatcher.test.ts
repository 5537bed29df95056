import { isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAlertDispatcher, type AlertPoster } from '../../src/alerts/dispatcher.js';
import { alerts } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { createAlertsRepository } from '../../src/repositories/alerts.js';
import { useTestDatabase } from '../support/db.js';
import { coreRaisesAlert } from '../support/seed.js';

const t = useTestDatabase();

/**
 * A Slack stand-in that holds the first posts until `together` of them are in flight at once (a
 * dispatcher posting one at a time would never get there), then lets everything through.
 */
function heldPoster(together: number) {
  let inFlight = 0;
  let most = 0;
  let release: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const posted: number[] = [];
  const poster: AlertPoster = {
    async post(alert) {
      inFlight++;
      most = Math.max(most, inFlight);
      if (inFlight >= together) release();
      await gate;
      inFlight--;
      posted.push(alert.id);
      return { channel: 'C0QRVALERT', ts: `1700000000.${String(alert.id).padStart(6, '0')}` };
    },
  };
  return { poster, posted, most: () => most };
}

describe('posting a storm of alerts', () => {
  it('posts several at a time, never more than its bound, each exactly once', async () => {
    // Twelve problems (system alerts have no reservation, so none repeats another).
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await coreRaisesAlert(t.database.db, 'system', null, { title: `障害 ${i}` }));
    const slack = heldPoster(3);
    const dispatcher = createAlertDispatcher({
      alerts: createAlertsRepository({ db: t.database.db }),
      poster: slack.poster,
      logger: createLogger({ level: 'silent' }),
      pollIntervalMs: 60_000,
      concurrency: 3,
    });
    expect(await dispatcher.drain()).toBe(12);
    expect([...slack.posted].sort((a, b) => a - b)).toEqual(ids);
    expect(slack.most()).toBe(3);
    expect(await t.database.db.select().from(alerts).where(isNotNull(alerts.slackTs))).toHaveLength(12);
  });
});
