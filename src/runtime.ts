import type { App } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import { createApp, createBackgroundClient, type LoadHandlers, type SlackTransport } from './app.js';
import type { AlertDispatcher, DeliveryJobs } from './runtime-parts.js';
import { requireOperators, requireSlack, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { MigrationFailedError } from './db/gate.js';
import { systemClock, type Clock } from './domain/clock.js';
import { postingOrder } from './domain/alert-kinds.js';
import type { AppDeps } from './deps.js';
import type { Delivery } from './delivery/types.js';
import type { Logger } from './logger.js';
import type { Ports } from './ports/index.js';
import type { Providers } from './providers/index.js';
import type { AuditRunner } from './workflows/maintenance-checks.js';
import type { AlertSync, AlertSyncJobs } from './slack/alert-sync.js';
import type { JobEngine } from './jobs/engine.js';
import { createReadiness, mountHealth, type Readiness } from './http/health.js';
import { createMetrics, mountMetrics, type BotMetrics } from './http/metrics.js';
import { startHttpListener, type HttpListener } from './http/server.js';
import type { SnsOptions } from './http/sns.js';
import type { RecoveryNotes } from './slack/recovery-notes.js';
import { createSlackFetch } from './slack/fetch.js';
import { observedFetch, observeSocket, type SocketState } from './slack/observe.js';
import type { Scheduler } from './jobs/scheduler.js';
import type { DashboardSource } from './workflows/dashboard.js';
import { handlerGate, stopPlan, unlessAborted, type StopResult } from './shutdown.js';

/** The rest of the bot's modules (src/runtime-parts.ts), loaded once: start-up awaits them once Socket Mode is connected. */
let parts: Promise<typeof import('./runtime-parts.js')> | undefined;
function loadRuntimeParts(): Promise<typeof import('./runtime-parts.js')> {
  parts ??= import('./runtime-parts.js');
  return parts;
}

/**
 * Loads the rest of the bot's modules and the Slack handlers now, for a start-up that has nothing to
 * wait for meanwhile but wants the first interaction answered at once (the sandbox; tests, whose
 * TypeScript is compiled on load). `qrv start` does not: connecting first lets Slack hold the
 * envelopes of a restart for this instance (they wait for the handlers) instead of failing them.
 * Resolves once loaded; a module that fails to load is reported by start-up, not here.
 */
export async function preloadModules(): Promise<void> {
  await Promise.all([loadRuntimeParts(), import('./handlers/index.js')]).catch(() => {});
}

export interface RunningBot {
  app: App;
  database: Database;
  dispatcher: AlertDispatcher;
  deps: AppDeps;
  /** The durable job queue (pg-boss) shared by the whole bot. */
  jobs: JobEngine;
  /** Slack follows the database: the alert-sync job (message re-render, thread notes) and its sweep. */
  alertSync: AlertSyncJobs;
  /** Durable delivery: the outbox jobs, the payment deadlines and their sweep. */
  delivery: DeliveryJobs;
  /** Scheduled posts and escalation (undefined when QRV_SCHEDULER=off). */
  scheduler?: Scheduler;
  /** The HTTP listener (/healthz, /readyz, /metrics); undefined when QRV_HTTP_PORT=0. Mount more routes on it. */
  http?: HttpListener;
  metrics: BotMetrics;
  readiness: Readiness;
  /** Slack handlers running now (a form's claim after it is shown included): the benchmark waits for 0 between bursts. */
  handlersRunning(): number;
  /**
   * Stops taking work (Slack envelopes, job fetching, alert polling), lets what is in flight finish
   * and closes everything before `deadlineAt` (default: now + QRV_SHUTDOWN_TIMEOUT_MS). What could
   * not finish in time is cut: its leases are given back (the next start does it) and it is named in `cut`.
   */
  stop(options?: { deadlineAt?: number }): Promise<StopResult>;
}

export interface StartBotOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** An already open database (tests, a second instance in-process); opened from config otherwise. */
  database?: Database;
  /** The database being opened from config (the bot owns it, closes it at stop): `qrv start` opens it while the bot's modules load. */
  opening?: Promise<Database>;
  instanceId?: string;
  /** SMS, e-mail and payments; else chosen from config.providers (real, or recording local ones). */
  ports?: Ports;
  /** /hooks/cloudwatch: how SNS certificates and SubscribeURLs are fetched (tests: a local server). */
  sns?: SnsOptions;
  /** npm audit for the 月次レポート (tests: a fake runner, no network); else `npm audit --omit=dev --json`. */
  audit?: AuditRunner;
  /** Aborted (SIGTERM during start-up): start-up stops, undoes what it did and throws StartAborted. */
  signal?: AbortSignal;
  /**
   * false: the scheduler runs only when `scheduler.tick()` is called (and once at start-up), never on the
   * real minute — tests that drive a test clock, so that no real-time tick does their tick's work first.
   */
  schedulerCron?: boolean;
  /** How the Slack handlers' modules are loaded (default: imported once Socket Mode is connected; tests hold it). */
  loadHandlers?: LoadHandlers;
}

/**
 * Opens the database and connects to Slack while the rest of the bot's modules load and the
 * migrations run (queries wait for them), then starts the job engine and posting alerts; resolves
 * once everything has started.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger, signal } = options;
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
    database = options.database ?? (await unlessAborted(signal, options.opening ?? openDatabase({ url: config.database.url, dataDir: config.database.dataDir, logger })));
  } catch (error) {
    // Aborted while it opened: it is closed once open (its lock released).
    if (!options.database) void options.opening?.then((opened) => opened.close()).catch(() => {});
    await http?.close();
    throw error;
  }
  let jobs: JobEngine | undefined;
  let engineStarting: Promise<unknown> | undefined;
  let deliveryJobs: DeliveryJobs | undefined;
  let app: App | undefined;
  let dispatcher: AlertDispatcher | undefined;
  let recoveries: RecoveryNotes | undefined;
  let dashboardSource: DashboardSource | undefined;
  let providers: Providers | undefined;
  // A start-up that fails before the migrations began: they never do (queries held for them fail).
  let cancelMigrations: (error: unknown) => void = () => {};
  // The handlers are registered with these once the rest of the modules has loaded (below).
  let depsReady!: (deps: AppDeps) => void;
  let depsFailed!: (error: unknown) => void;
  const appDeps = new Promise<AppDeps>((resolve, reject) => {
    depsReady = resolve;
    depsFailed = reject;
  });
  try {
    const metrics = createMetrics({ db: database.db });
    if (http) mountMetrics(http, metrics);
    // The migrations run once the rest of the modules has loaded (below: the embedded database's
    // worker starts on its first request, and its WASM would compete with the loading for the CPU),
    // while the handlers load: until they are applied every query waits (an envelope that arrives
    // meanwhile is acked, its database work done after), and /readyz says so.
    let beginMigrations!: () => void;
    const migrationsMayBegin = new Promise<void>((resolve, reject) => {
      beginMigrations = resolve;
      cancelMigrations = reject;
    });
    migrationsMayBegin.catch(() => {});
    let migrated = !config.migrateOnStart;
    const migrating = config.migrateOnStart
      ? migrationsMayBegin.then(() => database.migrate()).then(
          () => {
            migrated = true;
          },
          (error: unknown) => {
            throw new MigrationFailedError(error);
          },
        )
      : Promise.resolve();
    migrating.catch(() => {}); // awaited below, with Slack's connection
    database.hold(migrating, 'the migrations at start-up');
    readiness.add('database', async () => {
      if (!migrated) return 'migrations running';
      try {
        await database.db.execute(sql`select 1`);
        return undefined;
      } catch (error) {
        // drizzle wraps the driver's error ("Failed query: …"); the cause says what happened.
        const cause = (error as { cause?: Error }).cause ?? (error as Error);
        return `unreachable: ${cause.message}`;
      }
    });
    let socket: SocketState | undefined;
    const transport = {
      fetch: observedFetch({ metrics, logger, fetch: createSlackFetch() }),
      onSocket: (client: Parameters<NonNullable<SlackTransport['onSocket']>>[0]) => {
        socket = observeSocket(client, { metrics, logger });
      },
    };
    const { app: started, handlers } = createApp({ logger, deps: appDeps }, slack, transport, options.loadHandlers);
    app = started;
    // Counts the handlers running; closed at shutdown (new envelopes are left to other connections).
    const gate = handlerGate();
    started.use(async ({ next }) => gate.around(next));
    readiness.add('socket', () => (socket?.connected() ? undefined : 'Socket Mode not connected'));
    // Socket Mode connects now, without waiting for the rest of the modules or the database: an
    // envelope that arrives before the handlers are registered waits for them (createApp).
    const connecting = started.start();
    connecting.catch(() => {}); // awaited below, with the migrations
    // Loading modules holds the event loop (no I/O callback runs until a module graph has loaded):
    // the handshake's few round trips go first, then the rest of the modules load (~0.3 s), then the
    // handlers' (createApp: once deps are there). The migrations run meanwhile.
    await unlessAborted(signal, connecting);
    const {
      createAlertDispatcher,
      createAlertSyncJobs,
      createDashboardSource,
      createJobEngine,
      createLocalPorts,
      createLogSource,
      createProviders,
      createReservationCardSource,
      createSlackAlertPoster,
      createSlackDeliveryNotifier,
      createSnsClient,
      createStormRouter,
      KEEP_WARM_MAX_DELAY_MS,
      KEEP_WARM_QUIET_MS,
      linkRepeatAlert,
      mountIntake,
      npmAuditRunner,
      repositories,
      startDeliveryJobs,
      startRecoveryNotes,
      startScheduler,
      stopJobEngine,
    } = await unlessAborted(signal, loadRuntimeParts());
    beginMigrations();
    if (!options.ports) providers = createProviders(config.providers, { logger, local: createLocalPorts() });
    // The job engine (pg-boss: its schema check, queues) starts while the handlers load (its statements
    // wait for the migrations); what needs it waits for it.
    const engineReady = createJobEngine({ database, logger }).then(async (engine) => {
      jobs = engine;
      return { engine, alertSync: await createAlertSyncJobs({ boss: engine, db: database.db, logger }) };
    });
    engineStarting = engineReady;
    engineReady.catch(() => {}); // awaited below, once Slack is connected
    const clock = options.clock ?? systemClock;
    const ports = options.ports ?? providers!;
    // Handlers enqueue after their commit; the jobs start once Slack is connected (what they queue meanwhile waits in the outbox).
    const delivery: Delivery = { enqueue: async (filter) => (deliveryJobs ? deliveryJobs.enqueue(filter) : 0) };
    // Kept warm: after alerts or reservations change, the figures are computed again in the background.
    const dashboard = createDashboardSource({
      db: database.db,
      clock,
      config,
      keepWarm: { quietMs: KEEP_WARM_QUIET_MS, maxDelayMs: KEEP_WARM_MAX_DELAY_MS, onError: (err) => logger.warn({ err }, 'dashboard: background computation failed') },
    });
    dashboardSource = dashboard;
    // Handlers may ask for an alert sync before the engine is up: the request waits for it.
    const alertSyncSoon: AlertSync = {
      request: async (alertId, requestOptions) => (await engineReady).alertSync.request(alertId, requestOptions),
      note: async (alertId, ...texts) => (await engineReady).alertSync.note(alertId, ...texts),
    };
    const deps: AppDeps = { config, db: database.db, clock, logger, delivery, alertSync: alertSyncSoon, logSource: createLogSource(config.logs), dashboard, cards: createReservationCardSource(repositories(database.db)), maintenanceChecks: { audit: options.audit ?? npmAuditRunner(), databaseKind: database.kind } };
    depsReady(deps);
    const alertDispatcher = createAlertDispatcher({
      alerts: repositories(database.db).alerts,
      poster: createSlackAlertPoster(createBackgroundClient(slack, transport, logger, { oneTry: true }), deps),
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
      concurrency: config.alertPostConcurrency,
      instanceId: options.instanceId,
      // Under a burst, critical alerts are posted before lower ones (then oldest first).
      order: postingOrder(config.alertOverrides),
      // Alert storms: manual-operation alerts go into the storm message's thread while it lasts.
      storms: createStormRouter({ db: database.db, clock, config, alertSync: alertSyncSoon }),
      onPosted: (alert) => metrics.alertPostSeconds.observe({ kind: alert.kind }, Math.max(0, Date.now() - alert.createdAt.getTime()) / 1000),
    });
    dispatcher = alertDispatcher;
    readiness.add('alerts_channel', () => alertDispatcher.postFailure());
    // Connected to Slack without waiting for the database; a failed migration still fails start-up here.
    await unlessAborted(signal, Promise.all([connecting, migrating, handlers]));
    const { engine: jobEngine, alertSync } = await unlessAborted(signal, engineReady);
    let jobsRunning = true;
    jobEngine.on('stopped', () => {
      jobsRunning = false;
    });
    readiness.add('jobs', () => (jobsRunning ? undefined : 'job engine stopped'));
    jobs = jobEngine;
    await unlessAborted(signal, alertDispatcher.start());
    await unlessAborted(signal, alertSync.start(createBackgroundClient(slack, transport, logger), deps));
    // Starts with a sweep: whatever a previous run committed but did not send (a crash between commit and delivery).
    const startingDelivery = startDeliveryJobs({
      boss: jobEngine,
      db: database.db,
      ports,
      clock,
      logger,
      notifier: createSlackDeliveryNotifier(started.client, deps),
      timeZone: config.timezone,
      maxTries: config.providers.delivery.maxTries,
      retryDelaySeconds: config.providers.delivery.retryDelaySeconds,
      bulkSmsPerSecond: config.bulkSmsPerSecond,
    });
    void startingDelivery.then((d) => (deliveryJobs = d), () => {});
    const delivering = await unlessAborted(signal, startingDelivery);
    const startingRecoveries = startRecoveryNotes({ boss: jobEngine, client: started.client, deps });
    void startingRecoveries.then((r) => (recoveries = r), () => {});
    const recoveryNotes = await unlessAborted(signal, startingRecoveries);
    if (http) {
      mountIntake(http, { db: database.db, clock, logger, config: config.intake, sns: createSnsClient(options.sns), recovered: (id) => recoveryNotes.enqueue(id) });
    }
    const scheduler = config.scheduler ? await unlessAborted(signal, startScheduler({ boss: jobEngine, deps, client: started.client, owner: options.instanceId, cron: options.schedulerCron })) : undefined;
    // imapflow and mailparser are loaded only when the inquiry mailbox is configured.
    const inquiryMailbox = config.inquiryMailbox ? (await import('./mail-intake/index.js')).startInquiryMailbox({ deps, client: started.client }) : undefined;
    const engine = jobEngine;
    const implementations = providers?.describe() ?? { sms: ports.sms.name, mail: ports.mail.name, payments: ports.payments.name };
    readiness.started();
    logger.info({ pid: process.pid, database: database.kind, channel: config.alertsChannel, providers: implementations, http: http?.url }, 'QRV ops bot started');
    return {
      app: started,
      database,
      dispatcher: alertDispatcher,
      deps,
      alertSync,
      jobs: engine,
      delivery: delivering,
      scheduler,
      http,
      metrics,
      readiness,
      handlersRunning: () => gate.running(),
      async stop(stopOptions = {}) {
        const deadlineAt = stopOptions.deadlineAt ?? Date.now() + config.shutdownTimeoutMs;
        // What is in flight gets until `cutAt`; the rest is kept to give back leases and close the database.
        const plan = stopPlan(deadlineAt - Math.min(2000, Math.max(0, deadlineAt - Date.now()) / 4), logger);
        readiness.stopping();
        gate.close();
        // No new work: scheduled posts, job fetching, alert polling and LISTEN.
        await plan.step('inquiry mailbox', () => inquiryMailbox?.stop());
        await plan.step('scheduler', () => scheduler?.stop());
        await plan.step('recovery notes', () => recoveryNotes.stop());
        await plan.step('delivery job fetching', () => delivering.stop());
        await plan.step('alert-sync job fetching', () => alertSync.stop());
        await plan.step('alert posts in flight', () => alertDispatcher.stop());
        await plan.step('Slack handlers in flight', () => gate.whenIdle());
        await plan.step('jobs in flight (sends, refunds)', () => stopJobEngine(engine, Math.max(100, plan.remaining())));
        await plan.step('Socket Mode connection', () => started.stop());
        const result: StopResult = { cut: plan.cut };
        if (plan.cut.length > 0) {
          result.inFlight = { alerts: alertDispatcher.inFlight(), deliveries: delivering.inFlight(), handlers: gate.running() };
          await plan.step('lease release', async () => {
            await alertDispatcher.releaseInFlight();
            await delivering.releaseInFlight();
          }, deadlineAt);
        }
        await plan.step('dashboard computation', () => dashboard.stop(), deadlineAt);
        providers?.close();
        if (ownsDatabase) await plan.step('database', () => database.close(), deadlineAt);
        await plan.step('HTTP listener', () => http?.close(), deadlineAt);
        return result;
      },
    };
  } catch (error) {
    // An envelope waiting for the handlers fails rather than waits forever: no handler (nor app.error) was
    // registered, so it stays unacked and Slack shows the user its own failure or gives it to another connection.
    depsFailed(error);
    cancelMigrations(error);
    // Undo in reverse (a failed or aborted start-up): nothing keeps running, the database lock is released.
    await recoveries?.stop().catch(() => {});
    await deliveryJobs?.stop().catch(() => {});
    await dispatcher?.stop().catch(() => {});
    await engineStarting?.catch(() => {}); // an engine still starting is stopped once up
    await dashboardSource?.stop();
    if (jobs) await (await loadRuntimeParts()).stopJobEngine(jobs, 2000).catch(() => {});
    await Promise.race([app?.stop().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    providers?.close();
    if (ownsDatabase) await database.close().catch(() => {});
    await http?.close();
    throw error;
  }
}
