import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAlertDispatcher, type AlertPoster } from '../../src/alerts/dispatcher.js';
import { loadConfig } from '../../src/config.js';
import { alerts } from '../../src/db/schema.js';
import { postingOrder } from '../../src/domain/alert-kinds.js';
import { createLogger } from '../../src/logger.js';
import { createAlertsRepository } from '../../src/repositories/alerts.js';
import { useTestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation } from '../support/seed.js';

const t = useTestDatabase();

/** A Slack stand-in that records the order alerts are posted in. */
function recordingPoster() {
  const posted: number[] = [];
  const poster: AlertPoster = {
    async post(alert) {
      posted.push(alert.id);
      return { channel: 'C0QRVALERT', ts: `1700000000.${String(alert.id).padStart(6, '0')}` };
    },
  };
  return { poster, posted };
}

async function system(severity?: string) {
  const [row] = await t.database.db.insert(alerts).values({ kind: 'system', details: severity ? { severity, title: severity } : {} }).returning({ id: alerts.id });
  return row!.id;
}

const drainWith = async (order: ReturnType<typeof postingOrder> | undefined) => {
  const slack = recordingPoster();
  const dispatcher = createAlertDispatcher({
    alerts: createAlertsRepository({ db: t.database.db }),
    poster: slack.poster,
    logger: createLogger({ level: 'silent' }),
    pollIntervalMs: 60_000,
    concurrency: 1,
    order,
  });
  await dispatcher.drain();
  return slack.posted;
};

describe('posting order under a burst: by priority, then age', () => {
  it('critical alerts (SMS送信失敗, critical or unmarked system alerts) go before high, medium and low ones, each oldest first', async () => {
    await seedReservation(t.database.db);
    const r = AROMA_RESERVATION.id;
    const low1 = await coreRaisesAlert(t.database.db, 'payment_expired', r);
    const low2 = await coreRaisesAlert(t.database.db, 'payment_expired', r);
    const medium = await coreRaisesAlert(t.database.db, 'change_request', r);
    const high = await coreRaisesAlert(t.database.db, 'all_shops_ng', r);
    const sysLow = await system('info');
    const sysCritical = await system('緊急');
    const sms = await coreRaisesAlert(t.database.db, 'sms_failed', r);
    const sysUnmarked = await system();
    const sysHigh = await system('HIGH');
    expect(await drainWith(postingOrder())).toEqual([sysCritical, sms, sysUnmarked, high, sysHigh, medium, low1, low2, sysLow]);
    expect((await t.database.db.select().from(alerts).where(eq(alerts.slackTs, `1700000000.${String(low1).padStart(6, '0')}`))).length).toBe(1);
  });

  it('QRV_ALERT_OVERRIDES priorities are the order; without an order the dispatcher posts oldest first', async () => {
    await seedReservation(t.database.db);
    const r = AROMA_RESERVATION.id;
    const a = await coreRaisesAlert(t.database.db, 'all_shops_ng', r);
    const b = await coreRaisesAlert(t.database.db, 'payment_expired', r);
    const config = loadConfig({ QRV_ALERT_OVERRIDES: '{"payment_expired":{"priority":"critical"},"system":{"priority":"low"}}' });
    const c = await system('critical');
    expect(await drainWith(postingOrder(config.alertOverrides))).toEqual([b, a, c]);
    const d = await coreRaisesAlert(t.database.db, 'payment_expired', r);
    const e = await coreRaisesAlert(t.database.db, 'sms_failed', r);
    expect(await drainWith(undefined)).toEqual([d, e]);
  });
});
