import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailPort, PaymentsPort, SmsPort } from '../../src/ports/index.js';
import { createProviders, loadProviderConfig, type LocalProviders } from '../../src/providers/index.js';
import { memoryLogger } from '../support/bot.js';
import { FakeSmtp } from '../support/fakes/fake-smtp.js';
import { FakeStripe } from '../support/fakes/fake-stripe.js';
import { FakeTwilio } from '../support/fakes/fake-twilio.js';

/** Local fallbacks as the outbox branch provides them: they only record. */
function recordingLocal() {
  const sent: Array<{ port: string; input: unknown }> = [];
  const sms: SmsPort = {
    name: 'local',
    send: async (input) => (sent.push({ port: 'sms', input }), { providerId: `local-sms-${sent.length}`, status: 'recorded' }),
  };
  const mail: MailPort = { name: 'local', send: async (input) => (sent.push({ port: 'mail', input }), { providerId: `local-mail-${sent.length}` }) };
  const payments: PaymentsPort = {
    name: 'local',
    createLink: async (input) => (sent.push({ port: 'payments', input }), { sessionId: 'local-cs-1', url: 'http://localhost/pay/local-cs-1' }),
    getLink: async () => ({ status: 'open', paid: false }),
    expireLink: async () => ({ status: 'expired', paid: false }),
    refund: async () => ({ refundId: 'local-re-1', status: 'recorded' }),
    findPayment: async () => undefined,
  };
  const local: LocalProviders = { sms, mail, payments };
  return { local, sent };
}

let twilio: FakeTwilio;
let stripe: FakeStripe;
let smtp: FakeSmtp;
beforeAll(async () => {
  [twilio, stripe, smtp] = await Promise.all([FakeTwilio.start(), FakeStripe.start(), FakeSmtp.start()]);
});
afterAll(async () => {
  await Promise.all([twilio.close(), stripe.close(), smtp.close()]);
});

const envFor = () => ({
  TWILIO_ACCOUNT_SID: twilio.accountSid,
  TWILIO_AUTH_TOKEN: twilio.authToken,
  TWILIO_FROM: '+815012345678',
  TWILIO_API_URL: twilio.url,
  STRIPE_SECRET_KEY: stripe.secretKey,
  STRIPE_API_URL: stripe.url,
  QRV_PAYMENT_SUCCESS_URL: 'https://qualfia.example/paid',
  SMTP_URL: smtp.url,
  MAIL_FROM: 'noreply@qualfia.example',
});

describe('createProviders', () => {
  it('uses the local implementations when nothing is configured', async () => {
    const { local, sent } = recordingLocal();
    const providers = createProviders(loadProviderConfig({}), { logger: memoryLogger().logger, local });
    expect(providers.describe()).toEqual({ sms: 'local', mail: 'local', payments: 'local' });
    expect(providers.sms).toBe(local.sms);
    expect(providers.mail).toBe(local.mail);
    expect(providers.payments).toBe(local.payments);
    await providers.sms.send({ to: '090-1234-5678', body: 'x', idempotencyKey: 'k' });
    expect(sent).toHaveLength(1);
    expect(twilio.requests).toHaveLength(0);
    providers.close();
  });

  it('uses Twilio, Stripe and SMTP when configured, each reaching its server', async () => {
    const { local, sent } = recordingLocal();
    const { logger, lines } = memoryLogger();
    const providers = createProviders(loadProviderConfig(envFor()), { logger, local, stripeMaxNetworkRetries: 0 });
    expect(providers.describe()).toEqual({ sms: 'twilio', mail: 'smtp', payments: 'stripe' });
    expect([providers.sms.name, providers.mail.name, providers.payments.name]).toEqual(['twilio', 'smtp', 'stripe']);

    const sms = await providers.sms.send({ to: '090-1234-5678', body: '決済リンク', idempotencyKey: 'sms-1' });
    expect(sms.providerId).toBe(twilio.messages[0]!.sid);
    const link = await providers.payments.createLink({ reservationId: 'QRV-A1B2C3', amountJpy: 12000, description: 'Aroma Massage', idempotencyKey: 'pay-1' });
    expect(stripe.sessions.has(link.sessionId)).toBe(true);
    await providers.mail.send({ to: 'client@example.jp', subject: '件名', text: '本文', html: '<p>本文</p>', idempotencyKey: 'mail-1' });
    expect(smtp.received.map((m) => m.parsed.subject)).toEqual(['件名']);

    expect(sent).toHaveLength(0);
    const logged = JSON.stringify(lines());
    expect(logged).not.toContain(twilio.authToken);
    expect(logged).not.toContain(stripe.secretKey);
    providers.close();
  });

  it('mixes real and local per port', () => {
    const { local } = recordingLocal();
    const env = envFor();
    const twilioOnly = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('TWILIO_')));
    const providers = createProviders(loadProviderConfig(twilioOnly), { logger: memoryLogger().logger, local });
    expect(providers.describe()).toEqual({ sms: 'twilio', mail: 'local', payments: 'local' });
    expect(providers.sms).not.toBe(local.sms);
    expect(providers.mail).toBe(local.mail);
    expect(providers.payments).toBe(local.payments);
    const mailOnly = createProviders(loadProviderConfig({ SMTP_URL: env.SMTP_URL, MAIL_FROM: env.MAIL_FROM }), { logger: memoryLogger().logger, local });
    expect(mailOnly.describe()).toEqual({ sms: 'local', mail: 'smtp', payments: 'local' });
    mailOnly.close();
  });
});
