import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * PGlite lets two processes open one data directory without an error and then loses writes.
 * One process holds `<dir>.lock` (its PID) while it has the directory open; a second one is refused.
 * A lock left behind by a crash is taken over: its PID is dead, or it is our own PID from an earlier
 * life (a container restarted on a persistent volume, the bot as PID 1) — this process holds no such lock.
 */
export class DatabaseLockedError extends Error {
  readonly code = 'DATABASE_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `埋め込みデータベース ${dataDir} は別のプロセス (PID ${pid}) が使用中です。ボットを停止するか、DATABASE_URL で PostgreSQL を指定してください。\n` +
        `The embedded database ${dataDir} is in use by another process (PID ${pid}). Stop the bot, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = 'DatabaseLockedError';
  }
}

export interface DirectoryLock {
  release(): void;
}

/** Lock files this process holds now: the same PID in a lock file we do not hold is an earlier life's. */
const heldHere = new Set<string>();

export function lockDataDirectory(dataDir: string, onStale?: (stale: { path: string; pid: number | null }) => void): DirectoryLock {
  const path = resolve(`${dataDir.replace(/\/+$/, '')}.lock`);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        process.off('exit', release);
        rmSync(path, { force: true });
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder === process.pid ? heldHere.has(path) : holder !== null && isAlive(holder)) throw new DatabaseLockedError(dataDir, holder!);
      onStale?.({ path, pid: holder });
      rmSync(path, { force: true }); // stale: its process is gone, or it was this PID in an earlier life
    }
  }
  throw new Error(`could not lock ${path}`);
}

function readHolder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
