/** `/qrv logs` and log helpers: the API the app wires. */
export { runLogsCommand, runReservationLogSearch, runIncidentErrorSearch, createLogSource } from './run-logs-command.js';
export type { LogsDeps, LogsResponse, LogsUpload } from './run-logs-command.js';
export type { LogsConfig } from './config.js';
export type { CloudWatchSourceOptions } from './cloudwatch.js';
export type { LogsCommand } from './parse.js';
export type { LogsErrorCode } from './errors.js';
export type { LogSource, LogQuery, LogRecord, LogSearchResult } from './source.js';
