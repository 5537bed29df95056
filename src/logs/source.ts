/**
 * The contract between `/qrv logs` and where logs come from: CloudWatch Logs Insights
 * (cloudwatch.ts) or local NDJSON files (local.ts). Both answer the same presets.
 */

export type LogPreset = 'reservation' | 'errors' | 'range';

/** One search, already validated and built (see query.ts). Times are epoch seconds, inclusive. */
export interface LogQuery {
  preset: LogPreset;
  /** Set for the reservation preset; always matches `^QRV-[A-Z0-9]{6}$`. */
  reservationId?: string;
  /** The Logs Insights query string (the local source interprets `preset` instead). */
  queryString: string;
  /** Log group names to search (never empty). */
  groups: string[];
  startTime: number;
  endTime: number;
  /** Maximum number of records returned. */
  limit: number;
  /** A short Japanese description for people, e.g. 「予約 QRV-ABC123 のログ（過去30日）」. */
  title: string;
}

export interface LogRecord {
  timestamp: Date;
  /** Log group, e.g. `/qrv/api-server` or `qrv-ops-bot`. */
  group: string;
  /** Upper-case level (`ERROR`, `WARN`, `INFO`…) when known. */
  level?: string;
  /** The human message (`msg` / `message` of a JSON line, else the raw line). */
  message: string;
  reservationId?: string;
  /** The whole raw log line / `@message`. */
  raw: string;
}

export interface LogSearchResult {
  records: LogRecord[];
  /** How many records matched in total (may exceed `records.length` when the limit was hit). */
  recordsMatched?: number;
  /** CloudWatch query id, when there is one. */
  queryId?: string;
  /** Things the operator should know (e.g. no local log files found). Japanese, mrkdwn-safe. */
  notices?: string[];
}

export interface LogSearchProgress {
  status: string;
  recordsMatched?: number;
}

export interface LogSearchOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LogSearchProgress) => void;
}

export interface LogSource {
  /** `cloudwatch` or `local`. */
  readonly name: 'cloudwatch' | 'local';
  /** The group names `--group` may choose from. */
  listGroups(): Promise<string[]>;
  /** Rejects with a LogsError (errors.ts) on any failure. */
  search(query: LogQuery, options?: LogSearchOptions): Promise<LogSearchResult>;
  /** A link to the same query in the AWS console, when the source has one. */
  consoleUrl?(query: LogQuery): string | undefined;
}
