import { beforeEach, describe, expect, it } from 'vitest';
import { paymentLinks } from '../../src/db/schema.js';
import { DELIVER_QUEUE } from '../../src/delivery/jobs.js';
import { LATE_CANCEL_ACTIONS as LA, LATE_CANCEL_FIELDS as LF, LATE_CANCEL_VIEWS as LV } from '../../src/views/ids/procedures/late-cancel.js';
import { SMS_FAILED_ACTIONS as A, SMS_FAILED_FIELDS as F, SMS_FAILED_VIEWS as V } from '../../src/views/ids/procedures/sms-failed.js';
import { createStripePayments } from '../../src/providers/stripe-payments.js';
import type { RunningBot } from '../../src/runtime.js';
import { eventually, useBotTest } from '../support/bot.js';
import { DAY_BEFORE, procedureDriver, testClock } from '../support/procedures.js';
import { openJobs, useFakeProviders } from '../support/providers.js';
import { seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
const p = useFakeProviders();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  d = procedureDriver(t.h, t.database.db);
});

const start = (env: Record<string, string> = {}): Promise<RunningBot> => t.h.start({ clock: testClock(DAY_BEFORE), env: p.fakes.env(env) });

async function submitResend() {
  await seedReservation(t.database.db, { status: 'calling_success', shopId: SHIBUYA_AROMA.id, clientPhone: '090-1234-567' });
  const { alertId, ts } = await d.raise('sms_failed', { error: '21211 invalid To number' });
  await d.click(A.record, ts);
  await d.modal(V.resend);
  await d.submit({ [F.reachable]: { value: 'sms' }, [F.phone]: { value: '090-1234-5678' } });
  await d.modal(V.confirmPhone);
  await d.submit({}); // 「この番号に送信します: 090-1234-5678」
  return { alertId, ts };
}

async function resendBySms() {
  const { alertId, ts } = await submitResend();
  return { alertId, ts, ...(await d.finished(alertId, ts)) };
}

describe('SMS retries', () => {
  it('network errors, 5xx, 429 and 30003 are retried with backoff until one goes through', async () => {
    await start({ QRV_SMS_RETRY_ATTEMPTS: '5' });
    p.fakes.twilio.fail({ kind: 'reset' }, { kind: 'http', status: 503 }, { kind: 'error', code: 20429, status: 429 }, { kind: 'failed-message', errorCode: 30003 });
    await resendBySms();
    expect(p.fakes.twilio.messageRequests).toHaveLength(5);
    const s = await d.state();
    expect(s.messages[0]).toMatchObject({ status: 'sent', tries: 1, providerId: p.fakes.twilio.messages.at(-1)!.sid });
    expect(s.alerts.filter((a) => a.kind === 'sms_failed')).toHaveLength(1);
  });

  it('a permanent refusal (21211, 30006) is not retried', async () => {
    await start();
    p.fakes.twilio.fail({ kind: 'failed-message', errorCode: 30006 });
    const { results } = await resendBySms();
    expect(p.fakes.twilio.messageRequests).toHaveLength(1);
    expect(results.join('\n')).toContain('固定電話または非対応の番号です（Twilio 30006）');
    expect((await d.state()).messages[0]).toMatchObject({ status: 'failed', tries: 1 });
  });

  it('every try failing: the row is given up after the last job and its alert becomes 要再対応 with the reason in Japanese (no second alert)', async () => {
    const bot = await start({ QRV_DELIVERY_MAX_TRIES: '2', QRV_DELIVERY_RETRY_DELAY_S: '3600' });
    p.fakes.twilio.fail(...Array.from({ length: 6 }, () => ({ kind: 'http' as const, status: 500 })));
    const { alertId } = await submitResend(); // the first job fails for now (retried in an hour): no result yet
    const id = (await eventually(async () => (await d.state()).messages.find((m) => m.tries === 1 && m.status === 'pending')))!.id;
    expect(p.fakes.twilio.messageRequests).toHaveLength(3); // QRV_SMS_RETRY_ATTEMPTS (3) inside one job
    await expect(bot.delivery.deliver({ kind: 'message', id })).resolves.toBe('failed'); // the second (last) job
    expect(p.fakes.twilio.messageRequests).toHaveLength(6);
    const s = await d.state();
    expect(s.messages[0]).toMatchObject({ status: 'failed', tries: 2, lastError: 'Twilioが一時的に利用できません（HTTP 500）' });
    expect(s.alerts.map((a) => [a.id, a.deliveryState, a.resolvedAt, a.deliveryError])).toEqual([[alertId, 'failed', null, 'SMS送信失敗: Twilioが一時的に利用できません（HTTP 500）']]);
    await expect(bot.delivery.deliver({ kind: 'message', id })).resolves.toBe('skipped');
  });

  it('a double submit and repeated enqueues send one SMS', async () => {
    const bot = await start();
    await seedReservation(t.database.db, { status: 'calling_success', shopId: SHIBUYA_AROMA.id, clientPhone: '090-1234-567' });
    const { alertId, ts } = await d.raise('sms_failed', {});
    await d.click(A.record, ts);
    await d.modal(V.resend);
    const values = { [F.reachable]: { value: 'sms' }, [F.phone]: { value: '090-1234-5678' } };
    await d.submit(values);
    await d.modal(V.confirmPhone);
    await Promise.all([d.submit({}), d.submit({})]);
    await d.finished(alertId, ts);
    await Promise.all([bot.delivery.enqueue({ alertId }), bot.delivery.enqueue(), bot.delivery.sweep()]);
    await eventually(async () => (await openJobs(t.database.db, DELIVER_QUEUE)) === 0);
    expect(p.fakes.twilio.messageRequests).toHaveLength(1);
    expect(p.fakes.stripe.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(1);
  });
});

describe('refunds (期限超過キャンセル, the shop agreed)', () => {
  /** A reservation paid through a link the bot sent earlier (the bot stored no PaymentIntent yet). */
  async function paidReservation() {
    await seedReservation(t.database.db, { status: 'confirmed', shopId: SHIBUYA_AROMA.id });
    const stripe = createStripePayments({ secretKey: p.fakes.stripe.secretKey, apiUrl: p.fakes.stripe.url, successUrl: 'https://qualfia.example/paid' });
    const session = await stripe.createLink({ reservationId: 'QRV-A1B2C3', amountJpy: 12000, description: 'Aroma Massage', idempotencyKey: 'earlier-link' });
    const pi = p.fakes.stripe.pay(session.sessionId);
    await t.database.db.insert(paymentLinks).values({ reservationId: 'QRV-A1B2C3', amountJpy: 12000, description: 'Aroma Massage', status: 'open', provider: 'stripe', sessionId: session.sessionId, url: session.url, requestedBy: 'system', idempotencyKey: 'earlier-link' });
    return pi;
  }

  async function agree() {
    const { alertId, ts } = await d.raise('late_cancel', { requested_at: '2026-01-29T02:00:00Z' });
    await d.click(LA.special, ts);
    await d.modal(LV.special);
    await d.submit({ [LF.reason]: { value: '発熱のため' }, [LF.shopAnswer]: { value: 'agreed' } });
    return { alertId, ...(await d.finished(alertId, ts)) };
  }

  it('success: a full refund of the paid PaymentIntent, idempotent, stored; only then cancelled', async () => {
    await start();
    const pi = await paidReservation();
    const { results } = await agree();
    const [request, ...others] = p.fakes.stripe.requestsTo('POST', '/v1/refunds');
    expect(others).toEqual([]);
    expect(request!.form).toMatchObject({ payment_intent: pi, amount: '12000', 'metadata[reservation_id]': 'QRV-A1B2C3' });
    // One refund per payment, whatever the alert: the key is the PaymentIntent's.
    expect(request!.idempotencyKey).toBe(`refund:${pi}`);
    const s = await d.state();
    expect(s.refunds[0]).toMatchObject({ status: 'done', provider: 'stripe', refundId: p.fakes.stripe.refunds[0]!.id, providerStatus: 'succeeded' });
    expect(s.links[0]).toMatchObject({ status: 'complete', paymentIntentId: pi });
    expect(s.reservation).toMatchObject({ status: 'cancelled', paymentIntentId: pi });
    expect(results.join('\n')).toContain(`💴 返金 ¥12,000 返金済み（${p.fakes.stripe.refunds[0]!.id}）`);
  });

  it('failure: reported to the operator in the thread, the status is not moved', async () => {
    await start();
    await paidReservation();
    p.fakes.stripe.refundFailures.push({ status: 400, code: 'charge_already_refunded', message: 'Charge has already been refunded.' });
    const { results } = await agree();
    const s = await d.state();
    expect(s.refunds[0]).toMatchObject({ status: 'failed', refundId: null });
    expect(s.refunds[0]!.error).toContain('返金できませんでした（すでに返金済みです）');
    expect(s.reservation.status).toBe('confirmed');
    expect(results.join('\n')).toContain('⚠️ <@U0SATO> 返金できませんでした: 返金できませんでした（すでに返金済みです）');
    expect(results.join('\n')).toContain('予約のステータスは変更していません（confirmed）');
  });

  it('no payment the bot knows of: refused before any refund request, status kept', async () => {
    await start();
    await seedReservation(t.database.db, { status: 'confirmed', shopId: SHIBUYA_AROMA.id });
    const { results } = await agree();
    expect(p.fakes.stripe.requestsTo('POST', '/v1/refunds')).toEqual([]);
    expect((await d.state()).reservation.status).toBe('confirmed');
    expect(results.join('\n')).toContain('決済（PaymentIntent）が見つからないため返金できません');
  });
});
