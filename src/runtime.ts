import type { App } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import { createAlertPostingClient, createApp, type SlackTransport } from './app.js';
import { createAlertDispatcher, type AlertDispatcher } from './alerts/dispatcher.js';
import { requireOperators, requireSlack, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { systemClock, type Clock } from './domain/clock.js';
import { postingOrder } from './domain/alert-kinds.js';
import type { AppDeps } from './deps.js';
import { repositories } from './deps.js';
import { startDeliveryJobs, type DeliveryJobs } from './delivery/jobs.js';
import type { Delivery } from './delivery/types.js';
import type { Logger } from './logger.js';
import { createLogSource } from './logs/index.js';
import type { Ports } from './ports/index.js';
import { createLocalPorts } from './ports/local/index.js';
import { createProviders } from './providers/index.js';
import { createSlackAlertPoster } from './slack/alert-messages.js';
import { linkRepeatAlert } from './workflows/repeat-alert.js';
import { createSlackDeliveryNotifier } from './slack/delivery-notifier.js';
import { createJobEngine, stopJobEngine, type JobEngine } from './jobs/engine.js';
import { createReadiness, mountHealth, type Readiness } from './http/health.js';
import { createMetrics, mountMetrics, type BotMetrics } from './http/metrics.js';
import { startHttpListener, type HttpListener } from './http/server.js';
import { mountIntake } from './http/hooks.js';
import { createSnsClient, type SnsOptions } from './http/sns.js';
import { startRecoveryNotes, type RecoveryNotes } from './slack/recovery-notes.js';
import { observedFetch, observeSocket, type SocketState } from './slack/observe.js';
import { startScheduler, type Scheduler } from './jobs/scheduler.js';
import { startInquiryMailbox } from './mail-intake/index.js';
import { createDashboardSource } from './workflows/dashboard.js';

export interface RunningBot {
  app: App;
  database: Database;
  dispatcher: AlertDispatcher;
  deps: AppDeps;
  /** The durable job queue (pg-boss) shared by the whole bot. */
  jobs: JobEngine;
  /** Durable delivery: the outbox jobs, the payment deadlines and their sweep. */
  delivery: DeliveryJobs;
  /** Scheduled posts and escalation (undefined when QRV_SCHEDULER=off). */
  scheduler?: Scheduler;
  /** The HTTP listener (/healthz, /readyz, /metrics); undefined when QRV_HTTP_PORT=0. Mount more routes on it. */
  http?: HttpListener;
  metrics: BotMetrics;
  readiness: Readiness;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** An already open database (tests, a second instance in-process); opened from config otherwise. */
  database?: Database;
  instanceId?: string;
  /** SMS, e-mail and payments; else chosen from config.providers (real, or recording local ones). */
  ports?: Ports;
  /** /hooks/cloudwatch: how SNS certificates and SubscribeURLs are fetched (tests: a local server). */
  sns?: SnsOptions;
}

/** Opens the database, applies migrations, connects to Slack and starts posting alerts. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const slack = requireSlack(config);
  requireOperators(config);
  if (config.everyoneOperates) logger.warn('QRV_OPERATORS=*: every member of the workspace can act on alerts and read client data');
  const readiness = createReadiness();
  // First, so that /healthz answers (and /readyz says "starting") while migrations run.
  const http = config.http ? await startHttpListener({ ...config.http, logger }) : undefined;
  if (http) mountHealth(http, readiness);
  const ownsDatabase = !options.database;
  let database: Database;
  try {
    database = options.database ?? (await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, logger }));
  } catch (error) {
    await http?.close();
    throw error;
  }
  let jobs: JobEngine | undefined;
  let deliveryJobs: DeliveryJobs | undefined;
  const providers = options.ports ? undefined : createProviders(config.providers, { logger, local: createLocalPorts() });
  try {
    const metrics = createMetrics({ db: database.db });
    if (http) mountMetrics(http, metrics);
    readiness.add('database', async () => {
      try {
        await database.db.execute(sql`select 1`);
        return undefined;
      } catch (error) {
        // drizzle wraps the driver's error ("Failed query: …"); the cause says what happened.
        const cause = (error as { cause?: Error }).cause ?? (error as Error);
        return `unreachable: ${cause.message}`;
      }
    });
    if (config.migrateOnStart) await database.migrate();
    jobs = await createJobEngine({ database, logger });
    let jobsRunning = true;
    jobs.on('stopped', () => {
      jobsRunning = false;
    });
    readiness.add('jobs', () => (jobsRunning ? undefined : 'job engine stopped'));
    const clock = options.clock ?? systemClock;
    const ports = options.ports ?? providers!;
    // Handlers enqueue after their commit; the jobs start once Slack is connected (what they queue meanwhile waits in the outbox).
    const delivery: Delivery = { enqueue: async (filter) => (deliveryJobs ? deliveryJobs.enqueue(filter) : 0) };
    const dashboard = createDashboardSource({ db: database.db, clock, config });
    const deps: AppDeps = { config, db: database.db, clock, logger, delivery, logSource: createLogSource(config.logs), dashboard };
    let socket: SocketState | undefined;
    const transport = {
      fetch: observedFetch({ metrics, logger }),
      onSocket: (client: Parameters<NonNullable<SlackTransport['onSocket']>>[0]) => {
        socket = observeSocket(client, { metrics, logger });
      },
    };
    const app = createApp(deps, slack, transport);
    readiness.add('socket', () => (socket?.connected() ? undefined : 'Socket Mode not connected'));
    const dispatcher = createAlertDispatcher({
      alerts: repositories(database.db).alerts,
      poster: createSlackAlertPoster(createAlertPostingClient(slack, transport, logger), deps),
      linkRepeat: (input) => linkRepeatAlert({ db: database.db }, input),
      // A new alert changes the dashboard's counts: its cached figures are dropped.
      listen: (onNotify) =>
        database.listen(
          'qrv_alert',
          () => {
            dashboard.invalidate();
            onNotify();
          },
          {
            logger: logger.child({ component: 'alerts' }),
            // Back after a loss: count it, and post what was inserted while nobody listened.
            onReconnect: () => {
              metrics.listenReconnects.inc();
              dashboard.invalidate();
              onNotify();
            },
          },
        ),
      logger: logger.child({ component: 'alerts' }),
      pollIntervalMs: config.pollIntervalMs,
      instanceId: options.instanceId,
      // Under a burst, critical alerts are posted before lower ones (then oldest first).
      order: postingOrder(config.alertOverrides),
      onPosted: (alert) => metrics.alertPostSeconds.observe({ kind: alert.kind }, Math.max(0, Date.now() - alert.createdAt.getTime()) / 1000),
    });
    readiness.add('alerts_channel', () => dispatcher.postFailure());
    await app.start();
    await dispatcher.start();
    // Starts with a sweep: whatever a previous run committed but did not send (a crash between commit and delivery).
    deliveryJobs = await startDeliveryJobs({
      boss: jobs,
      db: database.db,
      ports,
      clock,
      logger,
      notifier: createSlackDeliveryNotifier(app.client, deps),
      timeZone: config.timezone,
      maxTries: config.providers.delivery.maxTries,
      retryDelaySeconds: config.providers.delivery.retryDelaySeconds,
    });
    const delivering = deliveryJobs;
    const recoveries: RecoveryNotes = await startRecoveryNotes({ boss: jobs, client: app.client, deps });
    if (http) {
      mountIntake(http, { db: database.db, clock, logger, config: config.intake, sns: createSnsClient(options.sns), recovered: (id) => recoveries.enqueue(id) });
    }
    const scheduler = config.scheduler ? await startScheduler({ boss: jobs, deps, client: app.client, owner: options.instanceId }) : undefined;
    const inquiryMailbox = startInquiryMailbox({ deps, client: app.client });
    const engine = jobs;
    const implementations = providers?.describe() ?? { sms: ports.sms.name, mail: ports.mail.name, payments: ports.payments.name };
    readiness.started();
    logger.info({ database: database.kind, channel: config.alertsChannel, providers: implementations, http: http?.url }, 'QRV ops bot started');
    return {
      app,
      database,
      dispatcher,
      deps,
      jobs: engine,
      delivery: delivering,
      scheduler,
      http,
      metrics,
      readiness,
      async stop() {
        readiness.stopping();
        await inquiryMailbox?.stop();
        await scheduler?.stop();
        await recoveries.stop();
        await delivering.stop();
        await stopJobEngine(engine);
        providers?.close();
        await dispatcher.stop();
        await app.stop();
        if (ownsDatabase) await database.close();
        await http?.close();
      },
    };
  } catch (error) {
    if (jobs) await stopJobEngine(jobs).catch(() => {});
    providers?.close();
    if (ownsDatabase) await database.close().catch(() => {});
    await http?.close();
    throw error;
  }
}
