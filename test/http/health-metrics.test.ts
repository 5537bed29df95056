import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/runtime.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { onPostgres } from '../support/db.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();

async function get(bot: RunningBot, path: string) {
  const res = await fetch(`${bot.http!.url}${path}`);
  return { status: res.status, text: await res.text() };
}

async function readyz(bot: RunningBot) {
  const { status, text } = await get(bot, '/readyz');
  return { status, body: JSON.parse(text) as { status: string; failing?: string[]; parts: Record<string, string> } };
}

/** One sample of a metric from the Prometheus text, 0 when the series is absent. */
async function sample(bot: RunningBot, series: string): Promise<number> {
  const { text } = await get(bot, '/metrics');
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Holds `apps.connections.open` until released: the bot cannot reconnect meanwhile. */
function holdReconnects(bot: { fake: typeof t.h.fake }) {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  bot.fake.handle('apps.connections.open', async (_args, ctx) => {
    await released;
    return { ok: true, url: ctx.issueSocketUrl() };
  });
  return release;
}

const becomes = (bot: RunningBot, status: number, timeoutMs = 60_000) =>
  eventually(async () => {
    const r = await readyz(bot);
    return r.status === status ? r : undefined;
  }, timeoutMs);

describe('the HTTP listener: health checks and metrics', { timeout: 120_000 }, () => {
  it('/healthz answers; /readyz is ready with every part ok once the bot is connected; unknown paths 404', async () => {
    const bot = await t.h.start({ http: true });
    expect(await get(bot, '/healthz')).toEqual({ status: 200, text: 'ok\n' });
    const ready = await becomes(bot, 200);
    expect(ready.body.parts).toEqual({ database: 'ok', jobs: 'ok', socket: 'ok', alerts_channel: 'ok' });
    expect((await get(bot, '/nothing-here')).status).toBe(404);
    expect((await fetch(`${bot.http!.url}/readyz`, { method: 'POST' })).status).toBe(405);
  });

  it('/readyz turns 503 naming the socket when the Socket Mode connection drops, and ready again once it is back', async () => {
    const bot = await t.h.start({ http: true });
    await becomes(bot, 200);
    const release = holdReconnects(t.h);
    await t.h.fake.disconnectAll('link_disabled');
    const down = await becomes(bot, 503);
    expect(down.body.failing).toEqual(['socket']);
    expect(down.body.parts.socket).toBe('Socket Mode not connected');
    release();
    await becomes(bot, 200);
  });

  it.runIf(onPostgres)('/readyz turns 503 naming the database while PostgreSQL refuses connections, and ready again after', async () => {
    const bot = await t.h.start({ http: true });
    await becomes(bot, 200);
    const name = new URL(t.database.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      const down = await becomes(bot, 503);
      expect(down.body.failing).toContain('database');
      expect(down.body.parts.database).toMatch(/^unreachable: /);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await becomes(bot, 200);
  });

  it('/metrics: an alert raised and posted, a failed post, and a slash command change the counters and gauges', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    const bot = await t.h.start({ http: true });
    await becomes(bot, 200);
    const open = 'qrv_alerts_open{kind="all_shops_ng",state="unclaimed"}';
    const posts = 'qrv_alert_post_seconds_count{kind="all_shops_ng"}';
    const postCalls = 'qrv_slack_api_calls_total{method="chat.postMessage"}';
    const refused = 'qrv_slack_api_errors_total{method="chat.postMessage",error="not_in_channel"}';
    const acks = 'qrv_slack_envelope_ack_seconds_count{type="slash_commands"}';
    expect(await sample(bot, open)).toBe(0);
    expect(await sample(bot, posts)).toBe(0);
    expect(await sample(bot, acks)).toBe(0);
    expect((await get(bot, '/metrics')).text).toContain('process_cpu_user_seconds_total');

    // Slack refuses the first post: counted by method and error, and /readyz names the alerts channel.
    t.h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const refusedPost = await becomes(bot, 503);
    expect(refusedPost.body.failing).toEqual(['alerts_channel']);
    expect(refusedPost.body.parts.alerts_channel).toContain('not_in_channel');
    expect(await sample(bot, refused)).toBe(1);
    expect(await sample(bot, 'qrv_alerts_open{kind="all_shops_ng",state="unposted"}')).toBe(1);

    // The retry posts it.
    await t.database.db.execute(`update alerts set post_lease_until = null where id = ${id}`);
    await bot.dispatcher.drain();
    await becomes(bot, 200);
    expect(await sample(bot, open)).toBe(1);
    expect(await sample(bot, posts)).toBe(1);
    expect(await sample(bot, postCalls)).toBeGreaterThanOrEqual(2);
    expect(t.h.fake.messages(ALERTS_CHANNEL)).toHaveLength(1);

    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'help', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    expect(await eventually(async () => (await sample(bot, acks)) || undefined)).toBe(1);
    // The help goes by response_url: counted as such, not as a file upload.
    expect(await eventually(async () => (await sample(bot, 'qrv_slack_api_calls_total{method="response_url"}')) || undefined)).toBe(1);
    expect((await get(bot, '/metrics')).text).not.toContain('method="files.upload"');
  });
});
