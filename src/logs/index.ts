/** `/qrv logs` and log helpers: the API the app wires. */
export { runLogsCommand, runReservationLogSearch, createLogSource } from './run-logs-command.js';
export type { LogsDeps, LogsResponse, LogsUpload } from './run-logs-command.js';
export { logsConfigFromEnv, parseGroups, DEFAULT_LOG_GROUPS, DEFAULT_LOG_DIR, DEFAULT_TIMEOUT_MS, OWN_LOG_GROUP } from './config.js';
export type { LogsConfig } from './config.js';
export { createCloudWatchSource } from './cloudwatch.js';
export type { CloudWatchSourceOptions } from './cloudwatch.js';
export { createLocalSource } from './local.js';
export { parseLogsCommand, RESERVATION_ID_RE } from './parse.js';
export type { LogsCommand } from './parse.js';
export { buildLogQuery, quoteInsightsString } from './query.js';
export { logsInsightsConsoleUrl } from './console-link.js';
export { redact, redactDeep } from './redact.js';
export { LogsError, REQUIRED_PERMISSIONS } from './errors.js';
export type { LogsErrorCode } from './errors.js';
export type { LogSource, LogQuery, LogRecord, LogSearchResult } from './source.js';
