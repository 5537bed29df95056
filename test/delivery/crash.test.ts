import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { outboundMessages, paymentLinks, reservations } from '../../src/db/schema.js';
import { DELIVER_QUEUE } from '../../src/delivery/jobs.js';
import { eventually, startBotHarness } from '../support/bot.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/db.js';
import { DAY_BEFORE, testClock } from '../support/procedures.js';
import { openJobs, startFakeProviders, type FakeProviders } from '../support/providers.js';

const CHILD = fileURLToPath(new URL('../support/crash-child.ts', import.meta.url));
let fakes: FakeProviders;

beforeAll(async () => {
  fakes = await startFakeProviders();
});
afterAll(async () => {
  await fakes.close();
});

/** Runs the child to its SIGKILL; resolves with its signal and output. */
function runChild(env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += String(c)));
    child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

describe('a crash between the commit and the send', () => {
  it('the process killed right after the transaction: after a restart the client gets exactly one SMS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qrv-crash-'));
    let shared: TestDatabase | undefined;
    let database: Database | undefined;
    try {
      if (onPostgres) shared = await createTestDatabase();
      const child = await runChild(shared ? { CRASH_DATABASE_URL: shared.url! } : { CRASH_DATA_DIR: dir });
      expect(child.stderr).toBe('');
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).toMatch(/^committed \d+/);
      expect(fakes.twilio.requests).toEqual([]);

      // The restart, on the same database: the committed rows are there, nothing was sent.
      database = shared ?? (await openDatabase({ dataDir: dir }));
      const pending = await database.db.select().from(outboundMessages);
      expect(pending.map((m) => [m.channel, m.status, m.providerId])).toEqual([['sms', 'pending', null]]);
      const h = await startBotHarness(Object.assign(database, { reset: async () => {} }));
      try {
        const bot = await h.start({ clock: testClock(DAY_BEFORE), env: fakes.env() });
        await eventually(async () => (await database!.db.select().from(outboundMessages))[0]!.status === 'sent', 10_000);
        // Whatever runs again (the minute sweep, a second enqueue) finds nothing left to send.
        await bot.delivery.sweep();
        await bot.delivery.enqueue();
        await eventually(async () => (await openJobs(database!.db, DELIVER_QUEUE)) === 0);
      } finally {
        await h.stop();
      }
      expect(fakes.twilio.messages.map((m) => m.to)).toEqual(['+819012345678']);
      expect(fakes.stripe.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(1);
      const [link] = await database.db.select().from(paymentLinks).orderBy(asc(paymentLinks.id));
      expect(link).toMatchObject({ status: 'open', provider: 'stripe' });
      expect((await database.db.select().from(reservations))[0]!.status).toBe('payment_pending');
    } finally {
      if (!shared) await database?.close();
      await shared?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
