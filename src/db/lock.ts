import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * PGlite lets two processes open one data directory without an error and then loses writes.
 * One process holds `<dir>.lock` (its PID) while it has the directory open; a second one is refused.
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

export function lockDataDirectory(dataDir: string): DirectoryLock {
  const path = `${dataDir.replace(/\/+$/, '')}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(path, { force: true });
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder !== null && holder !== process.pid && isAlive(holder)) throw new DatabaseLockedError(dataDir, holder);
      if (holder === process.pid) throw new DatabaseLockedError(dataDir, holder);
      rmSync(path, { force: true }); // stale: its process is gone
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
