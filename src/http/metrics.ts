/**
 * Prometheus metrics (GET /metrics). One registry per running bot (tests run several in one
 * process). Counters and histograms are observed where things happen (Slack calls, envelope
 * acks, alert posts); the state of the queue is read from the database at scrape time, so two
 * instances report the same values for it (aggregate those with max, not sum).
 */
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { queryRows, type Db } from '../db/client.js';
import type { HttpListener } from './server.js';
import { sendText } from './server.js';

/** What the rest of the bot records into; created once per bot at start-up. */
export interface BotMetrics {
  registry: Registry;
  /** An alert from its row being inserted to its message in Slack. */
  alertPostSeconds: Histogram<'kind'>;
  slackCalls: Counter<'method'>;
  slackErrors: Counter<'method' | 'error'>;
  /** From an envelope's arrival on the socket to its ack going out. */
  envelopeAckSeconds: Histogram<'type'>;
  /** The alert dispatcher's LISTEN connection re-established after a loss. */
  listenReconnects: Counter;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60];
/** Claim and resolve times are minutes to hours. */
const WINDOW = sql.raw(`interval '24 hours'`);

export function createMetrics(options: { db: Db }): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const db = options.db;
  new Gauge({
    name: 'qrv_alerts_open',
    help: 'Unresolved alerts by kind and state (unposted: not in Slack yet; unclaimed; claimed)',
    labelNames: ['kind', 'state'],
    registers: [registry],
    collect: fromDatabase(async function (this: Gauge<'kind' | 'state'>) {
      const rows = await queryRows<{ kind: string; state: string; n: number }>(
        db,
        sql`select kind, case when slack_ts is null then 'unposted' when claimed_at is null then 'unclaimed' else 'claimed' end as state,
              count(*)::int as n
            from alerts where resolved_at is null and duplicate_of is null group by 1, 2`,
      );
      this.reset();
      for (const r of rows) this.set({ kind: r.kind, state: r.state }, Number(r.n));
    }),
  });
  for (const [name, column] of [
    ['qrv_alert_time_to_claim_seconds', 'claimed_at'],
    ['qrv_alert_time_to_resolve_seconds', 'resolved_at'],
  ] as const) {
    new Gauge({
      name,
      help: `Seconds from an alert being raised to ${column === 'claimed_at' ? 'its claim' : 'its resolution'}, by kind, over the last 24 hours (quantile 0.5 and 0.9; count)`,
      labelNames: ['kind', 'quantile'],
      registers: [registry],
      collect: fromDatabase(async function (this: Gauge<'kind' | 'quantile'>) {
        const at = sql.identifier(column);
        const rows = await queryRows<{ kind: string; n: number; p50: number; p90: number }>(
          db,
          sql`select kind, count(*)::int as n,
                percentile_cont(0.5) within group (order by extract(epoch from ${at} - created_at)) as p50,
                percentile_cont(0.9) within group (order by extract(epoch from ${at} - created_at)) as p90
              from alerts where ${at} > now() - ${WINDOW} and duplicate_of is null group by kind`,
        );
        this.reset();
        for (const r of rows) {
          this.set({ kind: r.kind, quantile: '0.5' }, Number(r.p50));
          this.set({ kind: r.kind, quantile: '0.9' }, Number(r.p90));
          this.set({ kind: r.kind, quantile: 'count' }, Number(r.n));
        }
      }),
    });
  }
  new Gauge({
    name: 'qrv_deliveries',
    help: 'Outbound SMS / e-mail messages and refunds by channel and outcome (pending, sending, sent or done, failed)',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
    collect: fromDatabase(async function (this: Gauge<'channel' | 'outcome'>) {
      const rows = await queryRows<{ channel: string; outcome: string; n: number }>(
        db,
        sql`select channel, status as outcome, count(*)::int as n from outbound_messages group by 1, 2
            union all select 'refund', status, count(*)::int from refunds group by 2`,
      );
      this.reset();
      for (const r of rows) this.set({ channel: r.channel, outcome: r.outcome }, Number(r.n));
    }),
  });
  const lag = new Gauge({
    name: 'qrv_job_queue_lag_seconds',
    help: 'Age of the oldest job due but not started, by queue',
    labelNames: ['queue'],
    registers: [registry],
  });
  new Gauge({
    name: 'qrv_job_queue_depth',
    help: 'Jobs due and waiting for a worker (created or retry), by queue',
    labelNames: ['queue'],
    registers: [registry],
    collect: fromDatabase(async function (this: Gauge<'queue'>) {
      const exists = await queryRows<{ t: string | null }>(db, sql`select to_regclass('pgboss.job')::text as t`);
      const rows = exists[0]?.t
        ? await queryRows<{ queue: string; depth: number; lag: number }>(
            db,
            sql`select name as queue, count(*)::int as depth, extract(epoch from now() - min(start_after))::float8 as lag
                from pgboss.job where state in ('created', 'retry') and start_after <= now() group by name`,
          )
        : [];
      this.reset();
      lag.reset();
      for (const r of rows) {
        this.set({ queue: r.queue }, Number(r.depth));
        lag.set({ queue: r.queue }, Math.max(0, Number(r.lag)));
      }
    }),
  });
  return {
    registry,
    alertPostSeconds: new Histogram({
      name: 'qrv_alert_post_seconds',
      help: 'Seconds from an alert row being inserted to its message being posted in Slack',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    slackCalls: new Counter({ name: 'qrv_slack_api_calls_total', help: 'Slack Web API calls by method', labelNames: ['method'], registers: [registry] }),
    slackErrors: new Counter({
      name: 'qrv_slack_api_errors_total',
      help: 'Slack Web API calls that failed, by method and error (the Slack error code, http_<status> or network)',
      labelNames: ['method', 'error'],
      registers: [registry],
    }),
    envelopeAckSeconds: new Histogram({
      name: 'qrv_slack_envelope_ack_seconds',
      help: 'Seconds from a Socket Mode envelope arriving to its ack being sent (Slack allows 3)',
      labelNames: ['type'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers: [registry],
    }),
    listenReconnects: new Counter({
      name: 'qrv_listen_reconnects_total',
      help: 'Times the LISTEN connection for new alerts was re-established',
      registers: [registry],
    }),
  };
}

/**
 * A scrape while the database is unreachable still answers (with the process metrics and the
 * counters): the database-backed gauges are left empty rather than failing the whole page.
 */
function fromDatabase<G extends Gauge<string>>(collect: (this: G) => Promise<void>) {
  return async function (this: G) {
    try {
      await collect.call(this);
    } catch {
      this.reset();
    }
  };
}

/** GET /metrics in the Prometheus text format. */
export function mountMetrics(http: HttpListener, metrics: BotMetrics): void {
  http.route('GET', '/metrics', async (_req, res) => {
    sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
  });
}
