import { execFile } from 'node:child_process';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { formatDateTime } from '../domain/time.js';

/** Runs `npm audit --omit=dev --json` and gives its stdout (tests: a fake returning sample JSON). */
export type AuditRunner = () => Promise<string>;

/** What the monthly post checks by itself (manual §8.3 データベースバックアップ確認, 脆弱性スキャン). */
export interface MaintenanceChecks {
  audit: AuditRunner;
  databaseKind: 'pglite' | 'postgres';
}

/** One automatic check: its finding, or 「確認できませんでした（理由）」. */
export interface CheckResult {
  ok: boolean;
  text: string;
}

/** npm audit takes up to a minute: the monthly post says this and a job posts the result in its thread. */
export const AUDIT_PENDING: CheckResult = { ok: false, text: '実行中（結果はこのスレッドに投稿します）' };

const failed = (reason: string): CheckResult => ({ ok: false, text: `確認できませんでした（${reason}）` });

/** npm audit in a child process (never blocks the event loop), killed after `timeoutMs`. */
export const npmAuditRunner =
  ({ cwd, timeoutMs = 60_000 }: { cwd?: string; timeoutMs?: number } = {}): AuditRunner =>
  () =>
    new Promise((resolve, reject) => {
      execFile('npm', ['audit', '--omit=dev', '--json'], { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
        // npm audit exits non-zero when it finds vulnerabilities; its JSON is still on stdout.
        if (stdout.trim().startsWith('{')) resolve(stdout);
        else reject(error ?? new Error('npm audit gave no output'));
      });
    });

const SEVERITIES = [
  ['critical', '緊急'],
  ['high', '高'],
  ['moderate', '中'],
  ['low', '低'],
] as const;

/** Counts by severity from npm audit's JSON, or why it could not be read. */
export function summariseAudit(stdout: string): CheckResult {
  let json: { error?: { code?: string; summary?: string }; metadata?: { vulnerabilities?: Record<string, number> } };
  try {
    json = JSON.parse(stdout) as typeof json;
  } catch {
    return failed('npm audit の結果を読み取れませんでした');
  }
  if (json.error) return failed(`npm audit: ${json.error.summary || json.error.code || 'エラー'}`);
  const v = json.metadata?.vulnerabilities;
  if (!v) return failed('npm audit の結果に件数がありません');
  return { ok: true, text: `npm audit（本番依存）: ${SEVERITIES.map(([k, label]) => `${label} ${v[k] ?? 0}件`).join('、')}` };
}

export async function runAuditCheck(audit: AuditRunner): Promise<CheckResult> {
  try {
    return summariseAudit(await audit());
  } catch (error) {
    const e = error as { killed?: boolean; code?: string; message?: string };
    return failed(e.killed ? 'npm audit が時間内に終わりませんでした' : `npm audit を実行できませんでした: ${e.code ?? e.message ?? 'エラー'}`);
  }
}

/** The newest WAL archive time from pg_stat_archiver (PostgreSQL only). */
export async function checkWalArchive({ db, databaseKind, timeZone }: { db: Queryable; databaseKind: MaintenanceChecks['databaseKind']; timeZone: string }): Promise<CheckResult> {
  if (databaseKind === 'pglite') return failed('組み込みデータベースのためWALアーカイブはありません');
  let row: { mode?: string; last_archived_time?: Date | string | null } | undefined;
  try {
    const res = (await db.execute(sql`select current_setting('archive_mode') as mode, last_archived_time from pg_stat_archiver`)) as unknown as { rows: Array<typeof row> };
    row = res.rows[0];
  } catch (error) {
    return failed((error as { code?: string }).code === '42501' ? 'pg_stat_archiver を読む権限がありません' : 'pg_stat_archiver を読めませんでした');
  }
  if (!row || row.mode === 'off') return failed('WALアーカイブが無効です（archive_mode = off）');
  if (!row.last_archived_time) return failed('まだWALがアーカイブされていません');
  return { ok: true, text: `最新のWALアーカイブ: ${formatDateTime(new Date(row.last_archived_time), timeZone)}` };
}
