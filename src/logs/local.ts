/**
 * Local NDJSON log files as a LogSource (development, no AWS): the bot's own pino file and
 * every `*.log` / `*.ndjson` / `*.jsonl` in a folder, answering the same presets as CloudWatch.
 * `api-server.log` → group `/qrv/api-server`; the bot's own file → `qrv-ops-bot`.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { OWN_LOG_GROUP } from './config.js';
import { escapeMrkdwn, unexpected } from './errors.js';
import { interpretLine } from './records.js';
import type { LogQuery, LogRecord, LogSearchOptions, LogSearchResult, LogSource } from './source.js';

export interface LocalSourceOptions {
  /** Folder of NDJSON files. A missing folder is an empty source, not an error. */
  dir: string;
  /** The bot's own log file (searched as `qrv-ops-bot`), wherever it is. */
  ownLogFile?: string;
  /** Configured groups: always offered to `--group` even before a file exists. */
  groups?: string[];
}

const LOG_FILE = /\.(log|ndjson|jsonl)$/i;
/** Longest line read; longer lines are skipped (a runaway line must not exhaust memory). */
const MAX_LINE = 256 * 1024;

interface LogFile {
  path: string;
  group: string;
}

/** A file rotated by the bot's logger: `qrv-ops-bot.log` is written as `qrv-ops-bot.1.log`, `.2.log`… */
const ROTATED = /\.\d+$/;

export function groupForFile(path: string, ownLogFile?: string): string {
  if (ownLogFile && resolve(path) === resolve(ownLogFile)) return OWN_LOG_GROUP;
  if (ownLogFile && resolve(path).replace(LOG_FILE, '').replace(ROTATED, '') === resolve(ownLogFile).replace(LOG_FILE, '')) return OWN_LOG_GROUP;
  const stem = basename(path).replace(LOG_FILE, '');
  return stem === OWN_LOG_GROUP ? OWN_LOG_GROUP : `/qrv/${stem}`;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function listFiles(dir: string, ownLogFile?: string): Promise<LogFile[]> {
  const files: LogFile[] = [];
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    names = [];
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (LOG_FILE.test(name) && (await isFile(path))) files.push({ path, group: groupForFile(path, ownLogFile) });
  }
  if (ownLogFile && !files.some((f) => resolve(f.path) === resolve(ownLogFile)) && (await isFile(ownLogFile))) {
    files.push({ path: ownLogFile, group: OWN_LOG_GROUP });
  }
  return files;
}

function matches(q: LogQuery, raw: string, level: string | undefined): boolean {
  switch (q.preset) {
    case 'reservation':
      return q.reservationId !== undefined && raw.includes(q.reservationId);
    case 'errors':
      return level === 'ERROR';
    case 'range':
      return true;
  }
}

const newestFirst = (a: LogRecord, b: LogRecord) => b.timestamp.getTime() - a.timestamp.getTime();

async function scanFile(file: LogFile, q: LogQuery, keep: (r: LogRecord) => void, signal?: AbortSignal): Promise<void> {
  const from = q.startTime * 1000;
  const to = q.endTime * 1000 + 999;
  const input = createReadStream(file.path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      if (signal?.aborted) throw signal.reason;
      if (!raw || raw.length > MAX_LINE) continue;
      const line = interpretLine(raw);
      if (!line.json || !line.time) continue;
      const t = line.time.getTime();
      if (t < from || t > to || !matches(q, raw, line.level)) continue;
      keep({ timestamp: line.time, group: file.group, level: line.level, message: line.message, reservationId: line.reservationId, raw });
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

export function createLocalSource(options: LocalSourceOptions): LogSource {
  const { dir, ownLogFile } = options;
  return {
    name: 'local',
    async listGroups() {
      const fromFiles = (await listFiles(dir, ownLogFile)).map((f) => f.group);
      return [...new Set([...(options.groups ?? []), ...fromFiles, OWN_LOG_GROUP])];
    },
    async search(q: LogQuery, { signal, onProgress }: LogSearchOptions = {}): Promise<LogSearchResult> {
      try {
        const files = (await listFiles(dir, ownLogFile)).filter((f) => q.groups.includes(f.group));
        if (files.length === 0) {
          return {
            records: [],
            recordsMatched: 0,
            notices: [`ローカルのログファイルが見つかりません（\`${escapeMrkdwn(dir)}\`${ownLogFile ? `、\`${escapeMrkdwn(ownLogFile)}\`` : ''}）。`],
          };
        }
        let kept: LogRecord[] = [];
        let matched = 0;
        const keep = (r: LogRecord) => {
          matched++;
          kept.push(r);
          if (kept.length > q.limit * 4 + 1000) kept = kept.sort(newestFirst).slice(0, q.limit);
        };
        for (const file of files) {
          await scanFile(file, q, keep, signal);
          onProgress?.({ status: 'Running', recordsMatched: matched });
        }
        return { records: kept.sort(newestFirst).slice(0, q.limit), recordsMatched: matched };
      } catch (err) {
        throw unexpected(err);
      }
    },
  };
}
