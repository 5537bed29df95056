import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockDataDirectory } from '../../src/db/lock.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qrv-lock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A PID that belonged to a process which has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('the embedded database lock', () => {
  it('a lock left with our own PID by an earlier life (container restarted, bot as PID 1) is taken over', () => {
    const dataDir = join(dir, 'self');
    writeFileSync(`${dataDir}.lock`, String(process.pid));
    const stale: Array<number | null> = [];
    const lock = lockDataDirectory(dataDir, (s) => stale.push(s.pid));
    expect(stale).toEqual([process.pid]);
    lock.release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('a lock whose process is dead is taken over', async () => {
    const dataDir = join(dir, 'dead');
    const pid = await deadPid();
    writeFileSync(`${dataDir}.lock`, String(pid));
    const stale: Array<number | null> = [];
    lockDataDirectory(dataDir, (s) => stale.push(s.pid)).release();
    expect(stale).toEqual([pid]);
  });

  it('this process cannot take the same directory twice', () => {
    const dataDir = join(dir, 'twice');
    const lock = lockDataDirectory(dataDir);
    try {
      expect(() => lockDataDirectory(dataDir)).toThrow(DatabaseLockedError);
    } finally {
      lock.release();
    }
  });

  it(
    'a live process holding it is refused with the message naming its PID',
    async () => {
      const dataDir = join(dir, 'live');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
      try {
        writeFileSync(`${dataDir}.lock`, String(child.pid));
        expect(() => lockDataDirectory(dataDir)).toThrow(`別のプロセス (PID ${child.pid}) が使用中です`);
      } finally {
        child.kill('SIGKILL');
      }
    },
    60_000,
  );
});
