/**
 * A local fake of the Stripe API parts the bot uses, for tests with the real stripe SDK:
 * `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/:id`,
 * `POST /v1/checkout/sessions/:id/expire`, `POST /v1/refunds`, `GET /v1/payment_intents/:id`,
 * `GET /v1/payment_intents/search` (metadata['reservation_id'] only). Bearer auth; `Idempotency-Key`
 * honoured as Stripe does (same key and parameters → the same response; other parameters → 400).
 * Records every request with its form body; test controls pay or expire sessions and make the
 * next calls fail.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { listen, parseForm, readBody, sendJson, type Form, type Listening } from './http.js';

export interface StripeRequest {
  method: string;
  path: string;
  form: Form;
  query: Form;
  headers: IncomingHttpHeaders;
  idempotencyKey?: string;
}

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  payment_intent: string | null;
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  created: number;
  expires_at: number;
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  livemode: false;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  payment_intent: string;
  amount: number;
  currency: 'jpy';
  reason: string | null;
  status: string;
  metadata: Record<string, string>;
}

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: 'jpy';
  status: 'succeeded' | 'requires_payment_method';
  metadata: Record<string, string>;
  created: number;
}

export interface StripeFailure {
  status: number;
  type?: string;
  code?: string;
  message?: string;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;
const metadataOf = (form: Form) =>
  Object.fromEntries(Object.entries(form).flatMap(([k, v]) => (k.startsWith('metadata[') ? [[k.slice(9, -1), v]] : [])));

export class FakeStripe {
  readonly requests: StripeRequest[] = [];
  readonly sessions = new Map<string, FakeSession>();
  readonly refunds: FakeRefund[] = [];
  readonly paymentIntents = new Map<string, FakePaymentIntent>();
  /** Answered in order to the next refund requests. */
  readonly refundFailures: StripeFailure[] = [];
  /** Answered in order to the next requests of any kind (e.g. 500s). */
  readonly failures: StripeFailure[] = [];
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  private listening!: Listening;

  private constructor(readonly secretKey: string) {}

  static async start(secretKey = 'sk_test_fake'): Promise<FakeStripe> {
    const fake = new FakeStripe(secretKey);
    fake.listening = await listen(async (req, res) => {
      const raw = await readBody(req);
      const [path = '', search = ''] = (req.url ?? '').split('?');
      const key = req.headers['idempotency-key'];
      const request: StripeRequest = { method: req.method ?? '', path, form: parseForm(raw), query: parseForm(search), headers: req.headers, idempotencyKey: typeof key === 'string' ? key : undefined };
      fake.requests.push(request);
      if (req.headers.authorization !== `Bearer ${fake.secretKey}`) {
        return sendJson(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' } });
      }
      const fingerprint = `${request.method} ${path} ${raw}`;
      const previous = request.idempotencyKey ? fake.idempotent.get(request.idempotencyKey) : undefined;
      if (previous && request.method === 'POST') {
        if (previous.fingerprint !== fingerprint) {
          return sendJson(res, 400, {
            error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' },
          });
        }
        return sendJson(res, previous.status, previous.body, { 'idempotent-replayed': 'true' });
      }
      const failure = fake.failures.shift();
      const [status, body] = failure ? FakeStripe.error(failure) : fake.route(request);
      if (request.idempotencyKey && request.method === 'POST' && status < 500) {
        fake.idempotent.set(request.idempotencyKey, { fingerprint, status, body });
      }
      sendJson(res, status, body);
    });
    return fake;
  }

  private static error(f: StripeFailure): [number, unknown] {
    return [f.status, { error: { type: f.type ?? (f.status >= 500 ? 'api_error' : 'invalid_request_error'), code: f.code, message: f.message ?? `error ${f.status}` } }];
  }

  private route(r: StripeRequest): [number, unknown] {
    const session = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(r.path);
    if (r.method === 'POST' && r.path === '/v1/checkout/sessions') return this.createSession(r.form);
    if (r.method === 'GET' && r.path === '/v1/checkout/sessions') return this.listSessions(r.query);
    if (r.method === 'POST' && r.path === '/v1/refunds') return this.createRefund(r.form);
    if (r.method === 'GET' && r.path === '/v1/payment_intents/search') return this.searchPaymentIntents(r.query);
    const pi = /^\/v1\/payment_intents\/([^/]+)$/.exec(r.path);
    if (r.method === 'GET' && pi) {
      const found = this.paymentIntents.get(pi[1]!);
      return found ? [200, found] : FakeStripe.error({ status: 404, code: 'resource_missing', message: `No such payment_intent: '${pi[1]}'` });
    }
    if (session) {
      const found = this.sessions.get(session[1]!);
      if (!found) return FakeStripe.error({ status: 404, code: 'resource_missing', message: `No such checkout.session: '${session[1]}'` });
      if (r.method === 'GET' && !session[2]) return [200, found];
      if (r.method === 'POST' && session[2]) {
        if (found.status !== 'open') {
          return FakeStripe.error({ status: 400, message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${found.status}".` });
        }
        found.status = 'expired';
        found.url = null;
        return [200, found];
      }
    }
    return FakeStripe.error({ status: 404, message: `Unrecognized request URL (${r.method}: ${r.path})` });
  }

  private createSession(form: Form): [number, unknown] {
    const amount = Number(form['line_items[0][price_data][unit_amount]']);
    const quantity = Number(form['line_items[0][quantity]'] ?? 1);
    const expiresAt = Number(form.expires_at ?? Math.floor(Date.now() / 1000) + 86_400);
    const now = Math.floor(Date.now() / 1000);
    if (!Number.isInteger(amount) || amount <= 0) return FakeStripe.error({ status: 400, code: 'parameter_invalid_integer', message: 'Invalid integer: unit_amount' });
    if (expiresAt < now + 1800 || expiresAt > now + 86_400) {
      return FakeStripe.error({ status: 400, code: 'parameter_invalid_integer', message: 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.' });
    }
    const sessionId = id('cs');
    const session: FakeSession = {
      id: sessionId,
      object: 'checkout.session',
      mode: form.mode ?? 'payment',
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      amount_total: amount * quantity,
      currency: form['line_items[0][price_data][currency]'] ?? '',
      metadata: metadataOf(form),
      client_reference_id: form.client_reference_id ?? null,
      created: now,
      expires_at: expiresAt,
      success_url: form.success_url ?? null,
      cancel_url: form.cancel_url ?? null,
      url: `https://checkout.stripe.com/c/pay/${sessionId}`,
      livemode: false,
    };
    this.sessions.set(sessionId, session);
    return [200, session];
  }

  /** Newest first, `created[gte]`, `limit`, `starting_after`, as Stripe lists. */
  private listSessions(query: Form): [number, unknown] {
    const limit = Number(query.limit ?? 10);
    const gte = Number(query['created[gte]'] ?? 0);
    let all = [...this.sessions.values()].filter((s) => s.created >= gte).reverse();
    if (query.starting_after) all = all.slice(all.findIndex((s) => s.id === query.starting_after) + 1);
    return [200, { object: 'list', url: '/v1/checkout/sessions', data: all.slice(0, limit), has_more: all.length > limit }];
  }

  private createRefund(form: Form): [number, unknown] {
    const failure = this.refundFailures.shift();
    if (failure) return FakeStripe.error(failure);
    const paid = this.paymentIntents.get(form.payment_intent ?? '');
    if (!paid) return FakeStripe.error({ status: 404, code: 'resource_missing', message: `No such payment_intent: '${form.payment_intent}'` });
    const amount = form.amount ? Number(form.amount) : paid.amount_received;
    const refunded = this.refunds.filter((r) => r.payment_intent === paid.id).reduce((sum, r) => sum + r.amount, 0);
    if (refunded + amount > paid.amount_received) {
      return FakeStripe.error({ status: 400, code: 'charge_already_refunded', message: `Charge for payment_intent ${paid.id} has already been refunded.` });
    }
    const refund: FakeRefund = { id: id('re'), object: 'refund', payment_intent: paid.id, amount, currency: 'jpy', reason: form.reason ?? null, status: 'succeeded', metadata: metadataOf(form) };
    this.refunds.push(refund);
    return [200, refund];
  }

  /** `metadata['reservation_id']:'QRV-…'`, as Stripe's search query language writes it; newest first. */
  private searchPaymentIntents(query: Form): [number, unknown] {
    const m = /^metadata\['reservation_id'\]:'([^']*)'$/.exec(query.query ?? '');
    if (!m) return FakeStripe.error({ status: 400, code: 'parameter_invalid', message: `Invalid search query: ${query.query}` });
    const data = [...this.paymentIntents.values()].filter((p) => p.metadata.reservation_id === m[1]).reverse();
    return [200, { object: 'search_result', url: '/v1/payment_intents/search', data, has_more: false, next_page: null }];
  }

  /** A payment taken outside the bot (the core's own payment link): a succeeded PaymentIntent. Returns its id. */
  paymentIntent(input: { reservationId?: string; amount: number }): string {
    const pi: FakePaymentIntent = {
      id: id('pi'), object: 'payment_intent', amount: input.amount, amount_received: input.amount, currency: 'jpy', status: 'succeeded',
      metadata: input.reservationId ? { reservation_id: input.reservationId } : {}, created: Math.floor(Date.now() / 1000),
    };
    this.paymentIntents.set(pi.id, pi);
    return pi.id;
  }

  get url(): string {
    return this.listening.url;
  }

  /** The client paid: status complete, payment_status paid, a PaymentIntent. Returns its id. */
  pay(sessionId: string): string {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    const pi = this.paymentIntent({ reservationId: session.metadata.reservation_id, amount: session.amount_total });
    Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: pi, url: null });
    return pi;
  }

  /** Stripe expired the session on its own (or the deadline passed). */
  expire(sessionId: string): void {
    Object.assign(this.sessions.get(sessionId) ?? {}, { status: 'expired', url: null });
  }

  requestsTo(method: string, path: string | RegExp): StripeRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  reset(): void {
    this.requests.length = 0;
    this.sessions.clear();
    this.refunds.length = 0;
    this.paymentIntents.clear();
    this.refundFailures.length = 0;
    this.failures.length = 0;
    this.idempotent.clear();
  }

  close(): Promise<void> {
    return this.listening.close();
  }
}
