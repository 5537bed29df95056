import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { queryRows, type Db } from '../../src/db/client.js';
import { isProviderError, type ProviderError } from '../../src/providers/errors.js';
import { FakeSmtp } from './fakes/fake-smtp.js';
import { FakeStripe } from './fakes/fake-stripe.js';
import { FakeTwilio } from './fakes/fake-twilio.js';

/** The fake Twilio, Stripe and SMTP servers, and the variables that point the bot's real SDKs at them. */
export interface FakeProviders {
  twilio: FakeTwilio;
  stripe: FakeStripe;
  smtp: FakeSmtp;
  env(extra?: Record<string, string>): Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeProviders(): Promise<FakeProviders> {
  const [twilio, stripe, smtp] = await Promise.all([FakeTwilio.start(), FakeStripe.start(), FakeSmtp.start()]);
  return {
    twilio,
    stripe,
    smtp,
    env: (extra = {}) => ({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+815012345678',
      TWILIO_API_URL: twilio.url,
      // Retries without waiting (the backoff itself is tested in test/providers).
      QRV_SMS_RETRY_BASE_MS: '0',
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_API_URL: stripe.url,
      QRV_PAYMENT_SUCCESS_URL: 'https://qualfia.example/paid',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Qualfia予約代行 <noreply@qualfia.example>',
      ...extra,
    }),
    reset() {
      twilio.requests.length = 0;
      twilio.messages.length = 0;
      twilio.failures.length = 0;
      stripe.reset();
      smtp.reset();
    },
    async close() {
      await Promise.all([twilio.close(), stripe.close(), smtp.close()]);
    },
  };
}

/** pg-boss jobs of a queue that are still to run (created, retry or active). */
export async function openJobs(db: Db, queue: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pgboss.job where name = ${queue} and state in ('created', 'retry', 'active')`);
  return Number(rows[0]?.n ?? 0);
}

/** The ProviderError a call is expected to fail with (fails the test if it succeeds or throws anything else). */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** Fake Twilio, Stripe and SMTP servers for the test file, emptied before each test. */
export function useFakeProviders(): { fakes: FakeProviders } {
  const p = {} as { fakes: FakeProviders };
  beforeAll(async () => {
    p.fakes = await startFakeProviders();
  });
  afterAll(async () => {
    await p.fakes.close();
  });
  beforeEach(() => {
    p.fakes.reset();
  });
  return p;
}
