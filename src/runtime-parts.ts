// What start-up needs once Socket Mode is connected: the job engine (pg-boss), alert posting,
// durable delivery, providers, schedules, the dashboard and the reservation card. One module,
// imported by src/runtime.ts after the handshake (its modules take ~0.3 s to load, and loading holds
// the event loop), so that connecting waits only for Bolt and the bot's HTTP, metrics and database
// modules.
export { createAlertDispatcher, type AlertDispatcher } from './alerts/dispatcher.js';
export { createStormRouter } from './alerts/storms.js';
export { repositories } from './deps.js';
export { startDeliveryJobs, type DeliveryJobs } from './delivery/jobs.js';
export { createLogSource } from './logs/index.js';
export { npmAuditRunner } from './workflows/maintenance-checks.js';
export { createLocalPorts } from './ports/local/index.js';
export { createProviders } from './providers/index.js';
export { createSlackAlertPoster } from './slack/alert-messages.js';
export { linkRepeatAlert } from './workflows/repeat-alert.js';
export { createAlertSyncJobs } from './slack/alert-sync.js';
export { createSlackDeliveryNotifier } from './slack/delivery-notifier.js';
export { createJobEngine, stopJobEngine } from './jobs/engine.js';
export { mountIntake } from './http/hooks.js';
export { createSnsClient } from './http/sns.js';
export { startRecoveryNotes } from './slack/recovery-notes.js';
export { startScheduler } from './jobs/scheduler.js';
export { createDashboardSource, KEEP_WARM_MAX_DELAY_MS, KEEP_WARM_QUIET_MS } from './workflows/dashboard.js';
export { createReservationCardSource } from './workflows/reservation-card.js';
