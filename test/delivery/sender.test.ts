import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outboundMessages, paymentLinks, reservations } from '../../src/db/schema.js';
import { createOutboxSender } from '../../src/delivery/sender.js';
import { silentNotifier } from '../../src/delivery/types.js';
import { paymentLinkSms } from '../../src/domain/client-messages.js';
import type { Clock } from '../../src/domain/clock.js';
import { ProviderError, type Ports, type SmsPort } from '../../src/ports/index.js';
import { createLocalPorts } from '../../src/ports/local/index.js';
import { createRepositories } from '../../src/repositories/index.js';
import { eventually, memoryLogger, startBotHarness } from '../support/bot.js';
import { useTestDatabase } from '../support/db.js';
import { DAY_BEFORE, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

const t = useTestDatabase();

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'calling_success', shopId: 'SHOP-001' });
});

/** What a procedure's transaction leaves behind: a payment link and the SMS carrying it. */
async function queueLinkSms(key = 'alert:1:payment_link') {
  const alertId = await coreRaisesAlert(t.database.db, 'sms_failed', AROMA_RESERVATION.id);
  const outbox = createRepositories({ db: t.database.db }).outbox;
  const link = await outbox.enqueuePaymentLink({ reservationId: AROMA_RESERVATION.id, alertId, amountJpy: 12000, description: 'Aroma Massage', requestedBy: 'U0SATO', idempotencyKey: key });
  const body = paymentLinkSms({ ...AROMA_RESERVATION }, 'Asia/Tokyo');
  const message = await outbox.enqueueMessage({ reservationId: AROMA_RESERVATION.id, alertId, channel: 'sms', recipient: '080-1234-5678', body, paymentLinkId: link.id, requestedBy: 'U0SATO', idempotencyKey: `${key}:sms` });
  return { alertId, link, message };
}

const row = async (id: number) => (await t.database.db.select().from(outboundMessages).where(eq(outboundMessages.id, id)))[0]!;
const linkRow = async (id: number) => (await t.database.db.select().from(paymentLinks).where(eq(paymentLinks.id, id)))[0]!;
const status = async () => (await t.database.db.select().from(reservations))[0]!.status;

function flakySms(failures: number, permanent = false): SmsPort & { calls: number } {
  const port = {
    name: 'flaky',
    calls: 0,
    async send() {
      port.calls++;
      if (port.calls <= failures) throw new ProviderError({ provider: 'twilio', code: 'SMS_UNREACHABLE', retryable: !permanent, messageJa: '端末に届きません（Twilio 30003）' });
      return { providerId: `SM${port.calls}`, status: 'queued' };
    },
  };
  return port;
}

function sender(ports: Ports, clock: Clock = testClock(DAY_BEFORE)) {
  const s = createOutboxSender({ db: t.database.db, ports, clock, logger: memoryLogger().logger, notifier: silentNotifier, timeZone: 'Asia/Tokyo', maxTries: 3 });
  return {
    /** One job run per due row, as the qrv-deliver worker would. */
    async run() {
      const outcomes: string[] = [];
      for (const r of await createRepositories({ db: t.database.db }).outbox.dueMessages()) outcomes.push(await s.sendMessage(r.id));
      return outcomes;
    },
    ...s,
  };
}

describe('the outbox sender (one try per job)', () => {
  it('enqueuing the same key twice keeps one row', async () => {
    const first = await queueLinkSms();
    const again = await createRepositories({ db: t.database.db }).outbox.enqueueMessage({ ...first.message, body: 'other' });
    expect(again.id).toBe(first.message.id);
    expect(await t.database.db.select().from(outboundMessages)).toHaveLength(1);
  });

  it('a temporary failure is retried on the next run, with the same link; the deadline starts at the send that worked', async () => {
    const clock = testClock(DAY_BEFORE);
    const ports = { ...createLocalPorts(), sms: flakySms(1) };
    const delivery = sender(ports, clock);
    const { link, message } = await queueLinkSms();

    expect(await delivery.run()).toEqual(['retry']);
    expect(await row(message.id)).toMatchObject({ status: 'pending', tries: 1, lastError: '端末に届きません（Twilio 30003）' });
    const created = await linkRow(link.id);
    expect(created).toMatchObject({ status: 'created', sentAt: null });
    expect(await status()).toBe('calling_success');

    clock.advance(2);
    expect(await delivery.run()).toEqual(['sent']);
    const sent = await row(message.id);
    expect(sent).toMatchObject({ status: 'sent', tries: 2, provider: 'flaky', providerId: 'SM2', providerStatus: 'queued' });
    expect(sent.body).toContain(created.url!);
    expect(ports.payments.sessions.size).toBe(1);
    expect(await linkRow(link.id)).toMatchObject({ status: 'open', sentAt: clock.now(), expiresAt: new Date(clock.now().getTime() + 600_000) });
    expect(await status()).toBe('payment_pending');
    expect(await delivery.run()).toEqual([]);
    expect(await delivery.sendMessage(message.id)).toBe('skipped');
  });

  it('a permanent refusal gives up at once; so does a third temporary failure', async () => {
    const { message } = await queueLinkSms();
    const permanent = sender({ ...createLocalPorts(), sms: flakySms(9, true) });
    expect(await permanent.run()).toEqual(['failed']);
    expect(await row(message.id)).toMatchObject({ status: 'failed', tries: 1 });

    const other = await queueLinkSms('alert:2:payment_link');
    const temporary = sender({ ...createLocalPorts(), sms: flakySms(9) });
    expect([...(await temporary.run()), ...(await temporary.run()), ...(await temporary.run())]).toEqual(['retry', 'retry', 'failed']);
    expect(await row(other.message.id)).toMatchObject({ status: 'failed', tries: 3 });
  });

  it('a try that sent and then died: the next try finds the SMS (same number, same text, another deadline minute) and records it', async () => {
    const clock = testClock(DAY_BEFORE);
    const ports = createLocalPorts();
    // A provider without idempotency keys (as Twilio), whose first call went out and then never answered.
    let calls = 0;
    const sms: SmsPort = {
      name: 'local',
      async send(input) {
        calls++;
        const res = await ports.sms.send({ ...input, idempotencyKey: `${input.idempotencyKey}:${calls}` });
        if (calls === 1) throw new ProviderError({ provider: 'twilio', code: 'PROVIDER_UNAVAILABLE', retryable: true, messageJa: 'Twilioに接続できません（ETIMEDOUT）' });
        return res;
      },
    };
    const { message } = await queueLinkSms();
    const delivery = sender({ ...ports, sms }, clock);
    expect(await delivery.run()).toEqual(['retry']);
    clock.advance(2);
    expect(await delivery.run()).toEqual(['sent']);
    expect(ports.sms.sent).toHaveLength(1);
    expect(await row(message.id)).toMatchObject({ status: 'sent', tries: 2, providerId: ports.sms.sent[0]!.providerId });
  });

  it('two deliverers at once send once (the row is leased)', async () => {
    await queueLinkSms();
    const ports = createLocalPorts();
    const runs = await Promise.all([sender(ports).run(), sender(ports).run()]);
    expect(runs.flat().filter((o) => o === 'sent')).toEqual(['sent']);
    expect(ports.sms.sent).toHaveLength(1);
  });

  it('what a crashed run left pending is sent when the bot starts', async () => {
    const { message } = await queueLinkSms();
    const h = await startBotHarness(t.database);
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
