/**
 * An alert storm (issue 14): 200 manual-operation alerts already waiting, then one critical
 * (SMS送信失敗) raised last, posted through the real dispatcher, storm detection and database into
 * a channel that takes one message per second (Slack's per-channel limit, thread replies
 * included), simulated at SCALE× speed so the bench takes seconds. Prints when the critical alert
 * became visible and when every alert was (visible and actionable: a top-level message or a reply
 * in the storm's thread, with its buttons), in real-time-equivalent seconds, and the top-level
 * messages posted: with storm threading (one storm message, the alerts in its thread), without it,
 * and oldest first. Prints figures; asserts nothing.
 */
import { Writable } from 'node:stream';
import { createAlertDispatcher, type AlertPoster } from '../src/alerts/dispatcher.js';
import { openDatabase } from '../src/db/client.js';
import { alerts, reservations } from '../src/db/schema.js';
import { postingOrder } from '../src/domain/alert-kinds.js';
import { systemClock } from '../src/domain/clock.js';
import { createStormRouter } from '../src/alerts/storms.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createAlertsRepository } from '../src/repositories/alerts.js';

const STORM = 200;
/** Simulated seconds per real second: one post per 1000 / SCALE ms. */
const SCALE = 20;
const KINDS = ['all_shops_ng', 'ambiguous_answer', 'change_request', 'late_cancel'] as const;

/** A channel that accepts one message per second (scaled), one at a time, like Slack's chat.postMessage limit. */
function oneMessagePerSecond() {
  let next = 0;
  let n = 0;
  let topLevel = 0;
  const postedAt = new Map<number, number>();
  const poster: AlertPoster = {
    async post(alert, thread) {
      const now = performance.now();
      const slot = Math.max(now, next);
      next = slot + 1000 / SCALE;
      await new Promise((r) => setTimeout(r, slot - now));
      postedAt.set(alert.id, performance.now());
      n++;
      if (!thread) topLevel++;
      return { channel: 'C0BENCH', ts: `1700000000.${String(n).padStart(6, '0')}` };
    },
  };
  return { poster, postedAt, topLevel: () => topLevel };
}

type Mode = 'storm threading' | 'no threading' | 'oldest first';

async function run(mode: Mode): Promise<string> {
  const order = mode !== 'oldest first';
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await database.migrate();
    const db = database.db;
    await db.insert(reservations).values(
      Array.from({ length: STORM }, (_, i) => ({
        id: `QRV-S${String(i).padStart(5, '0')}`, service: 'Aroma Massage', startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000),
        address: '東京都渋谷区道玄坂1-2-3', clientPhone: '080-1234-5678', status: 'calling_failed',
      })),
    );
    await db.insert(alerts).values(Array.from({ length: STORM }, (_, i) => ({ kind: KINDS[i % KINDS.length]!, reservationId: `QRV-S${String(i).padStart(5, '0')}`, details: {} })));
    const [critical] = await db.insert(alerts).values({ kind: 'sms_failed', reservationId: 'QRV-S00000', details: {} }).returning({ id: alerts.id });
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_APP_TOKEN: 'xapp-bench', QRV_ALERTS_CHANNEL: 'C0BENCH' });
    const storms = mode === 'storm threading' ? createStormRouter({ db, clock: systemClock, config, alertSync: { request: async () => {} } }) : undefined;
    const slack = oneMessagePerSecond();
    const dispatcher = createAlertDispatcher({
      alerts: createAlertsRepository({ db }),
      poster: slack.poster,
      logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) }),
      pollIntervalMs: 60_000,
      ...(order ? { order: postingOrder() } : {}),
      ...(storms ? { storms } : {}),
    });
    const t0 = performance.now();
    await dispatcher.drain();
    const seconds = (ms: number) => (((ms - t0) * SCALE) / 1000).toFixed(1);
    const criticalAt = slack.postedAt.get(critical!.id)!;
    const lastAt = Math.max(...slack.postedAt.values());
    const rank = [...slack.postedAt.entries()].sort((a, b) => a[1] - b[1]).findIndex(([id]) => id === critical!.id) + 1;
    // The storm message is a post of its own.
    const alertsPosted = slack.postedAt.size - (storms ? 1 : 0);
    return `${mode}: critical visible after ${seconds(criticalAt)} s (post #${rank}), all ${alertsPosted} alerts visible and actionable after ${seconds(lastAt)} s, top-level messages ${slack.topLevel()}`;
  } finally {
    await database.close();
  }
}

console.log(`Alert storm: ${STORM} manual alerts + 1 critical raised last, 1 message/s per channel (simulated ${SCALE}× faster, PGlite):`);
for (const mode of ['storm threading', 'no threading', 'oldest first'] as const) console.log(`  ${await run(mode)}`);
