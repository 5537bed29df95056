import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outboundMessages, paymentLinks, reservations } from '../../src/db/schema.js';
import { createDelivery } from '../../src/delivery/deliver-pending.js';
import { paymentLinkSms } from '../../src/domain/client-messages.js';
import { DeliveryError, type SmsPort } from '../../src/ports/index.js';
import { createLocalPorts } from '../../src/ports/local/index.js';
import { createRepositories } from '../../src/repositories/index.js';
import { eventually, memoryLogger, startBotHarness } from '../support/bot.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { DAY_BEFORE, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.reset();
  await seedShops(database.db);
  await seedReservation(database.db, { status: 'calling_success', shopId: 'SHOP-001' });
});

/** What a procedure's transaction leaves behind: a payment link and the SMS carrying it. */
async function queueLinkSms(key = 'alert:1:payment_link') {
  const alertId = await coreRaisesAlert(database.db, 'sms_failed', AROMA_RESERVATION.id);
  const outbox = createRepositories({ db: database.db }).outbox;
  const link = await outbox.enqueuePaymentLink({ reservationId: AROMA_RESERVATION.id, alertId, amountJpy: 12000, description: 'Aroma Massage', requestedBy: 'U0SATO', idempotencyKey: key });
  const body = paymentLinkSms({ ...AROMA_RESERVATION }, 'Asia/Tokyo');
  const message = await outbox.enqueueMessage({ reservationId: AROMA_RESERVATION.id, alertId, channel: 'sms', recipient: '080-1234-5678', body, paymentLinkId: link.id, requestedBy: 'U0SATO', idempotencyKey: `${key}:sms` });
  return { alertId, link, message };
}

const row = async (id: number) => (await database.db.select().from(outboundMessages).where(eq(outboundMessages.id, id)))[0]!;
const linkRow = async (id: number) => (await database.db.select().from(paymentLinks).where(eq(paymentLinks.id, id)))[0]!;
const status = async () => (await database.db.select().from(reservations))[0]!.status;

function flakySms(failures: number, permanent = false): SmsPort & { calls: number } {
  const port = {
    name: 'flaky',
    calls: 0,
    async send() {
      port.calls++;
      if (port.calls <= failures) throw new DeliveryError('30003 unreachable handset', permanent, '30003');
      return { providerId: `SM${port.calls}`, status: 'queued' };
    },
  };
  return port;
}

describe('deliverPending', () => {
  it('enqueuing the same key twice keeps one row', async () => {
    const first = await queueLinkSms();
    const again = await createRepositories({ db: database.db }).outbox.enqueueMessage({ ...first.message, body: 'other' });
    expect(again.id).toBe(first.message.id);
    expect(await database.db.select().from(outboundMessages)).toHaveLength(1);
  });

  it('a temporary failure is retried on the next run, with the same link; the deadline starts at the send that worked', async () => {
    const clock = testClock(DAY_BEFORE);
    const ports = { ...createLocalPorts(), sms: flakySms(1) };
    const delivery = createDelivery({ db: database.db, ports, clock, logger: memoryLogger().logger });
    const { link, message } = await queueLinkSms();

    expect(await delivery.deliverPending()).toEqual({ sent: 0, failed: 0, retrying: 1 });
    expect(await row(message.id)).toMatchObject({ status: 'pending', tries: 1, lastError: '30003 unreachable handset' });
    const created = await linkRow(link.id);
    expect(created).toMatchObject({ status: 'created', sentAt: null });
    expect(await status()).toBe('calling_success');

    clock.advance(2);
    expect(await delivery.deliverPending()).toEqual({ sent: 1, failed: 0, retrying: 0 });
    const sent = await row(message.id);
    expect(sent).toMatchObject({ status: 'sent', tries: 2, provider: 'flaky', providerId: 'SM2', providerStatus: 'queued' });
    expect(sent.body).toContain(created.url!);
    expect(ports.payments.sessions.size).toBe(1);
    expect(await linkRow(link.id)).toMatchObject({ status: 'open', sentAt: clock.now(), expiresAt: new Date(clock.now().getTime() + 600_000) });
    expect(await status()).toBe('payment_pending');
    expect(await delivery.deliverPending()).toEqual({ sent: 0, failed: 0, retrying: 0 });
  });

  it('a permanent refusal gives up at once; so does a third temporary failure', async () => {
    const { message } = await queueLinkSms();
    const permanent = createDelivery({ db: database.db, ports: { ...createLocalPorts(), sms: flakySms(9, true) }, clock: testClock(DAY_BEFORE), logger: memoryLogger().logger });
    expect(await permanent.deliverPending()).toEqual({ sent: 0, failed: 1, retrying: 0 });
    expect(await row(message.id)).toMatchObject({ status: 'failed', tries: 1 });

    const other = await queueLinkSms('alert:2:payment_link');
    const temporary = createDelivery({ db: database.db, ports: { ...createLocalPorts(), sms: flakySms(9) }, clock: testClock(DAY_BEFORE), logger: memoryLogger().logger });
    for (let i = 0; i < 3; i++) await temporary.deliverPending();
    expect(await row(other.message.id)).toMatchObject({ status: 'failed', tries: 3 });
  });

  it('two deliverers at once send once (the row is leased)', async () => {
    await queueLinkSms();
    const ports = createLocalPorts();
    const deps = { db: database.db, ports, clock: testClock(DAY_BEFORE), logger: memoryLogger().logger };
    const runs = await Promise.all([createDelivery(deps).deliverPending(), createDelivery(deps).deliverPending()]);
    expect(runs.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(ports.sms.sent).toHaveLength(1);
  });

  it('what a crashed run left pending is sent when the bot starts', async () => {
    const { message } = await queueLinkSms();
    const h = await startBotHarness(database);
    const ports = createLocalPorts();
    try {
      await h.start({ ports });
      await eventually(async () => (await row(message.id)).status === 'sent');
      expect(ports.sms.sent).toHaveLength(1);
    } finally {
      await h.stop();
    }
    h.fake.assertNoViolations();
  });
});
