import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { outboundMessages } from '../../src/db/schema.js';
import { startFakeSlack, type FakeSlack } from '../../src/fake-slack/index.js';
import { resendPaymentLink } from '../../src/workflows/sms-failed/resend.js';
import { eventually } from '../support/bot.js';
import { botEnv, spawnQrv } from '../support/cli-process.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/db.js';
import { twilioFailures } from '../support/fakes/fake-twilio.js';
import { startFakeProviders, type FakeProviders } from '../support/providers.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

let fakes: FakeProviders;
let slack: FakeSlack;
beforeAll(async () => {
  fakes = await startFakeProviders();
  slack = await startFakeSlack({ channels: { 'qrv-alerts': 'C0QRVALERT' } });
});
beforeEach(() => fakes.reset());
afterAll(async () => {
  await fakes.close();
  await slack.close();
});

/** A procedure's transaction committed: the client's payment-link SMS waits in the outbox. */
async function commitPaymentLinkSms(database: Database) {
  const db = database.db;
  await seedShops(db);
  await seedReservation(db, { status: 'calling_success', shopId: SHIBUYA_AROMA.id, clientPhone: '090-1234-567' });
  const alertId = await coreRaisesAlert(db, 'sms_failed', AROMA_RESERVATION.id, { error: '21211 invalid To number' });
  await resendPaymentLink(
    { db, clock: { now: () => new Date() }, timeZone: 'Asia/Tokyo' },
    { alertId, userId: 'U0SATO', contact: { sms: '090-1234-5678' }, amountJpy: null, record: { durationMinutes: null, note: null } },
  );
}

/**
 * A database holding one committed payment-link SMS (its own on PostgreSQL, a folder on the embedded
 * one), the environment to run `qrv start` on it, the database opened again to read the outcome, and clean-up.
 */
async function seededWithSms(prefix: string, extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const shared: TestDatabase | undefined = onPostgres ? await createTestDatabase() : undefined;
  const where = shared ? { url: shared.url! } : { dataDir: join(dir, 'db') };
  const seeding = shared ?? (await openDatabase(where));
  if (!shared) await seeding.migrate();
  await commitPaymentLinkSms(seeding);
  if (!shared) await seeding.close();
  let reopened: Database | undefined;
  return {
    env: botEnv(slack, where, { ...fakes.env(), QRV_LOG_DIR: join(dir, 'logs'), ...extraEnv }),
    async reopen(): Promise<Database> {
      reopened = shared ?? (await openDatabase(where));
      return reopened;
    },
    async cleanup() {
      if (!shared) await reopened?.close();
      await shared?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('a bot killed while Twilio is sending', { timeout: 300_000 }, () => {
  it('the next start finds the SMS at Twilio (message list by To and DateSent) and records it: exactly one SMS', async () => {
    const seeded = await seededWithSms('qrv-midsend-');
    const env = seeded.env;
    try {

      // Twilio accepts the message and the answer never comes: the bot is SIGKILLed inside messages.create.
      fakes.twilio.fail(twilioFailures.acceptAndHang());
      const first = spawnQrv(['start'], env);
      await eventually(() => fakes.twilio.messages.length === 1, 120_000);
      expect((await first.stop('SIGKILL')).signal).toBe('SIGKILL');

      const second = spawnQrv(['start'], env);
      try {
        const recovered = await second.waitForLog('sms sent by an earlier try found at the provider: recorded instead of sending again');
        // Not after pg-boss's 5-minute expiry: the row's 30-s lease runs out and the 10-s check gives it a new job.
        await second.waitForLog('message sent');
        expect(second.lines().some((l) => l.msg === 'delivery interrupted (its bot stopped mid-send): tried again now')).toBe(true);
        expect(recovered.providerId).toBe(fakes.twilio.messages[0]!.sid);
        expect(fakes.twilio.messageRequests).toHaveLength(1);
        expect(fakes.twilio.listRequests.length).toBeGreaterThanOrEqual(1);
        expect(fakes.twilio.listRequests[0]!.path).toMatch(/\/Messages\.json$/);
      } finally {
        const stopped = await second.stop('SIGTERM');
        expect(stopped.code).toBe(0);
      }
      const database = await seeded.reopen();
      const [row] = await database.db.select().from(outboundMessages);
      expect(row).toMatchObject({ channel: 'sms', status: 'sent', providerId: fakes.twilio.messages[0]!.sid, tries: 2 });
      expect(fakes.twilio.messages).toHaveLength(1);
    } finally {
      await seeded.cleanup();
    }
  });

  it('SIGTERM while Twilio has not answered: the send is cut at the deadline (exit 1, row given back); the next start records the SMS Twilio took: one SMS', async () => {
    const seeded = await seededWithSms('qrv-midsend-term-', { QRV_SHUTDOWN_TIMEOUT_MS: '3000' });
    const env = seeded.env;
    try {

      fakes.twilio.fail(twilioFailures.acceptAndHang());
      const first = spawnQrv(['start'], env);
      await eventually(() => fakes.twilio.messages.length === 1, 120_000);
      const stopped = await first.stop('SIGTERM');
      expect(stopped.code).toBe(1);
      const cut = await first.waitForLog('shutdown deadline reached: work cut (leases given back; the next start finishes it)', 1000);
      expect(cut.cut).toContain('jobs in flight (sends, refunds)');
      expect(cut.inFlight).toMatchObject({ deliveries: [expect.stringMatching(/^message:\d+$/)] });

      const second = spawnQrv(['start'], env);
      try {
        const recovered = await second.waitForLog('sms sent by an earlier try found at the provider: recorded instead of sending again');
        expect(recovered.providerId).toBe(fakes.twilio.messages[0]!.sid);
        await second.waitForLog('message sent');
      } finally {
        expect((await second.stop('SIGTERM')).code).toBe(0);
      }
      const database = await seeded.reopen();
      const [row] = await database.db.select().from(outboundMessages);
      expect(row).toMatchObject({ status: 'sent', providerId: fakes.twilio.messages[0]!.sid, tries: 2 });
      expect(fakes.twilio.messages).toHaveLength(1);
      expect(fakes.twilio.messageRequests).toHaveLength(1);
    } finally {
      await seeded.cleanup();
    }
  });
});
