import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripePayments, stripeConnection, type StripePaymentsOptions } from '../../src/providers/stripe-payments.js';
import { memoryLogger } from '../support/bot.js';
import { FakeStripe } from '../support/fakes/fake-stripe.js';
import { providerFailure } from '../support/providers.js';

let fake: FakeStripe;
beforeAll(async () => {
  fake = await FakeStripe.start();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

function setup(overrides: Partial<StripePaymentsOptions> = {}) {
  const { logger, lines } = memoryLogger();
  const payments = createStripePayments({
    secretKey: fake.secretKey,
    apiUrl: fake.url,
    successUrl: 'https://qrv.example/paid?session={CHECKOUT_SESSION_ID}',
    cancelUrl: 'https://qrv.example/cancelled',
    maxNetworkRetries: 0,
    logger,
    now: () => new Date(Date.now()),
    ...overrides,
  });
  return { payments, lines };
}

const link = (key = 'pay-QRV-A1B2C3-1') => ({ reservationId: 'QRV-A1B2C3', amountJpy: 12000, description: 'Aroma Massage 1月30日 14:00-17:00', idempotencyKey: key });


describe('Stripe payments adapter (real SDK against the fake)', () => {
  it('creates a JPY Checkout Session with the amount as an integer, metadata and the idempotency key', async () => {
    const { payments } = setup();
    const created = await payments.createLink(link());
    const [req] = fake.requestsTo('POST', '/v1/checkout/sessions');
    expect(req!.idempotencyKey).toBe('pay-QRV-A1B2C3-1');
    expect(req!.headers.authorization).toBe(`Bearer ${fake.secretKey}`);
    expect(req!.form).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'jpy',
      'line_items[0][price_data][unit_amount]': '12000',
      'line_items[0][price_data][product_data][name]': 'Aroma Massage 1月30日 14:00-17:00',
      'metadata[reservation_id]': 'QRV-A1B2C3',
      'metadata[idempotency_key]': 'pay-QRV-A1B2C3-1',
      'payment_intent_data[metadata][reservation_id]': 'QRV-A1B2C3',
      client_reference_id: 'QRV-A1B2C3',
      success_url: 'https://qrv.example/paid?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://qrv.example/cancelled',
      locale: 'ja',
    });
    const session = fake.sessions.get(created.sessionId)!;
    expect(session).toMatchObject({ amount_total: 12000, currency: 'jpy', metadata: { reservation_id: 'QRV-A1B2C3' } });
    expect(created.url).toBe(session.url);
    expect(created.expiresAt.getTime()).toBe(session.expires_at * 1000);
  });

  it("asks for Stripe's shortest lifetime: 30 minutes plus one of margin", async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const { payments } = setup({ now: () => at });
    const created = await payments.createLink(link());
    const sent = Number(fake.requestsTo('POST', '/v1/checkout/sessions')[0]!.form.expires_at);
    expect(sent).toBe(at.getTime() / 1000 + 31 * 60);
    expect(created.expiresAt).toEqual(new Date(at.getTime() + 31 * 60_000));
  });

  it('the same idempotency key twice creates one session', async () => {
    const at = new Date();
    const { payments } = setup({ now: () => at });
    const first = await payments.createLink(link('pay-same'));
    const second = await payments.createLink(link('pay-same'));
    expect(second.sessionId).toBe(first.sessionId);
    expect(fake.sessions.size).toBe(1);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(2);
    const third = await payments.createLink(link('pay-other'));
    expect(third.sessionId).not.toBe(first.sessionId);
    expect(fake.sessions.size).toBe(2);
  });

  it('the same key retried minutes later (another expires_at) returns the session the key made', async () => {
    let at = new Date();
    const { payments } = setup({ now: () => at });
    const first = await payments.createLink(link('pay-late'));
    await payments.createLink(link('pay-other'));
    at = new Date(at.getTime() + 5 * 60_000);
    const again = await payments.createLink(link('pay-late'));
    expect(again).toEqual(first);
    expect(fake.sessions.size).toBe(2);
    expect(fake.requestsTo('GET', '/v1/checkout/sessions')).toHaveLength(1);
  });

  it('refuses a non-integer or non-positive amount before any request', async () => {
    const { payments } = setup();
    for (const amountJpy of [0, -100, 1200.5, Number.NaN]) {
      expect(await providerFailure(payments.createLink({ ...link(), amountJpy }))).toMatchObject({ code: 'PAYMENT_FAILED', retryable: false });
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('getLink reports unpaid, then paid with the PaymentIntent', async () => {
    const { payments } = setup();
    const { sessionId } = await payments.createLink(link());
    expect(await payments.getLink(sessionId)).toEqual({ status: 'open', paid: false });
    const pi = fake.pay(sessionId);
    expect(await payments.getLink(sessionId)).toEqual({ status: 'complete', paid: true, paymentIntentId: pi });
    expect(fake.requestsTo('GET', `/v1/checkout/sessions/${sessionId}`)).toHaveLength(2);
  });

  it('expireLink expires an open session', async () => {
    const { payments } = setup();
    const { sessionId } = await payments.createLink(link());
    await payments.expireLink(sessionId);
    expect(fake.requestsTo('POST', `/v1/checkout/sessions/${sessionId}/expire`)).toHaveLength(1);
    expect(fake.sessions.get(sessionId)!.status).toBe('expired');
    expect(await payments.getLink(sessionId)).toEqual({ status: 'expired', paid: false });
  });

  it('expiring a session already paid or expired is not an error and reports what it became', async () => {
    const { payments } = setup();
    const paid = await payments.createLink(link('k-paid'));
    const pi = fake.pay(paid.sessionId);
    expect(await payments.expireLink(paid.sessionId)).toEqual({ status: 'complete', paid: true, paymentIntentId: pi, alreadyClosed: true });

    const gone = await payments.createLink(link('k-gone'));
    fake.expire(gone.sessionId);
    expect(await payments.expireLink(gone.sessionId)).toEqual({ status: 'expired', paid: false, alreadyClosed: true });
    expect(fake.requestsTo('POST', /\/expire$/)).toHaveLength(2);
  });

  it('expiring an unknown session fails with PAYMENT_FAILED', async () => {
    const { payments } = setup();
    const error = await providerFailure(payments.expireLink('cs_test_missing'));
    expect(error).toMatchObject({ code: 'PAYMENT_FAILED', retryable: false, providerCode: 'resource_missing' });
    expect(error.messageJa).toContain('決済リンクを無効にできませんでした');
  });

  it('refunds the PaymentIntent in full with the idempotency key', async () => {
    const { payments } = setup();
    const { sessionId } = await payments.createLink(link());
    const pi = fake.pay(sessionId);
    const result = await payments.refund({ reservationId: 'QRV-A1B2C3', paymentIntentId: pi, amountJpy: 12000, idempotencyKey: 'refund-QRV-A1B2C3' });
    const [req] = fake.requestsTo('POST', '/v1/refunds');
    expect(req!.form).toEqual({ payment_intent: pi, amount: '12000', reason: 'requested_by_customer', 'metadata[reservation_id]': 'QRV-A1B2C3' });
    expect(req!.idempotencyKey).toBe('refund-QRV-A1B2C3');
    expect(result).toEqual({ refundId: fake.refunds[0]!.id, status: 'succeeded' });
    // The same key again: Stripe replays the refund instead of refunding twice.
    const again = await payments.refund({ reservationId: 'QRV-A1B2C3', paymentIntentId: pi, amountJpy: 12000, idempotencyKey: 'refund-QRV-A1B2C3' });
    expect(again.refundId).toBe(result.refundId);
    expect(fake.refunds).toHaveLength(1);
  });

  it('a refused refund is REFUND_FAILED with the Stripe message', async () => {
    const { payments, lines } = setup();
    const { sessionId } = await payments.createLink(link());
    const pi = fake.pay(sessionId);
    fake.refundFailures.push({ status: 400, code: 'charge_already_refunded', message: 'Charge ch_1 has already been refunded.' });
    const error = await providerFailure(payments.refund({ reservationId: 'QRV-A1B2C3', paymentIntentId: pi, amountJpy: 12000, idempotencyKey: 'r-1' }));
    expect(error).toMatchObject({ provider: 'stripe', code: 'REFUND_FAILED', retryable: false, providerCode: 'charge_already_refunded' });
    expect(error.messageJa).toBe('返金できませんでした（すでに返金済みです）: Charge ch_1 has already been refunded.（Stripe charge_already_refunded）');
    expect(lines().some((l) => l.msg === 'refund failed' && l.code === 'REFUND_FAILED')).toBe(true);
  });

  it('a refund without a PaymentIntent fails before any request', async () => {
    const { payments } = setup();
    const error = await providerFailure(payments.refund({ reservationId: 'QRV-A1B2C3', amountJpy: 12000, idempotencyKey: 'r-2' }));
    expect(error).toMatchObject({ code: 'REFUND_FAILED', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });

  it('server errors and refused connections are retryable PROVIDER_UNAVAILABLE; a wrong key is PROVIDER_AUTH', async () => {
    fake.failures.push({ status: 503 });
    expect(await providerFailure(setup().payments.createLink(link()))).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true, providerCode: 503 });
    expect(await providerFailure(setup({ apiUrl: 'http://127.0.0.1:1' }).payments.getLink('cs_x'))).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
    expect(await providerFailure(setup({ secretKey: 'sk_test_wrong' }).payments.getLink('cs_x'))).toMatchObject({ code: 'PROVIDER_AUTH', retryable: false });
  });

  it('the SDK retries a server error itself with the same idempotency key', async () => {
    fake.failures.push({ status: 500 });
    const { payments } = setup({ maxNetworkRetries: 1 });
    // stripe-node waits about half a second before its retry; the assertion is on requests, not time.
    const created = await payments.createLink(link('pay-retried'));
    const reqs = fake.requestsTo('POST', '/v1/checkout/sessions');
    expect(reqs.map((r) => r.idempotencyKey)).toEqual(['pay-retried', 'pay-retried']);
    expect(fake.sessions.has(created.sessionId)).toBe(true);
  });

  it('parses STRIPE_API_URL into host, port and protocol', () => {
    expect(stripeConnection('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(stripeConnection('https://stripe.internal')).toEqual({ host: 'stripe.internal', port: 443, protocol: 'https' });
  });
});
