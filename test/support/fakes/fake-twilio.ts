/**
 * A local fake of Twilio's Messages API for tests with the real twilio SDK:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP basic auth, and its
 * list: `GET` the same path with `To`, `DateSent` / `DateSent>=` / `DateSent<=` (a date or a
 * date-time), `PageSize` and `Page`, newest first, paged with `next_page_uri` as Twilio does.
 * Records every request; failures of the create call can be scripted per call, in order. The fake
 * "sends" at once: `date_sent` is set when a message is accepted — except `acceptQueuedAndHang`,
 * which leaves the message queued (no `date_sent`, as Twilio lists one not yet handed to a carrier).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { basicAuth, listen, parseForm, readBody, sendJson, type Form, type Listening } from './http.js';

export interface TwilioRequest {
  method: string;
  path: string;
  /** The query string's parameters (a list's filters: `To`, `DateSent>`, `PageSize`, `Page`…). */
  query: Form;
  form: Form;
  headers: IncomingHttpHeaders;
  auth?: { user: string; password: string };
}

export interface TwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: string;
  error_code: number | null;
  error_message: string | null;
  date_created: string;
  /** null while Twilio has not sent it yet (queued): a `DateSent` filter never matches it. */
  date_sent: string | null;
}

/** What the next request gets instead of success. */
export type TwilioFailure =
  | { kind: 'http'; status: number; body?: string }
  | { kind: 'error'; code: number; status?: number; message?: string }
  | { kind: 'failed-message'; errorCode: number; status?: 'failed' | 'undelivered' }
  | { kind: 'reset' }
  /** The message is accepted (listed from now on) and the response never comes: a caller killed mid-call. */
  | { kind: 'accept-and-hang' }
  /** The same, and the message stays queued at Twilio (no date_sent yet). */
  | { kind: 'accept-queued-and-hang' };

export const twilioFailures = {
  http: (status: number): TwilioFailure => ({ kind: 'http', status }),
  error: (code: number, status = 400, message = `Twilio error ${code}`): TwilioFailure => ({ kind: 'error', code, status, message }),
  failedMessage: (errorCode: number): TwilioFailure => ({ kind: 'failed-message', errorCode }),
  reset: (): TwilioFailure => ({ kind: 'reset' }),
  acceptAndHang: (): TwilioFailure => ({ kind: 'accept-and-hang' }),
  acceptQueuedAndHang: (): TwilioFailure => ({ kind: 'accept-queued-and-hang' }),
};

/** `DateSent>=2026-01-29` (a day, in UTC) or `DateSent>=2026-01-29T03:00:00Z` (an instant) against a message's date_sent. */
function dateFilter(query: URLSearchParams): (sent: Date) => boolean {
  const bound = (key: string) => {
    const value = query.get(key);
    if (!value) return undefined;
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    return { at: new Date(dayOnly ? `${value}T00:00:00Z` : value), dayOnly };
  };
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const on = bound('DateSent');
  const after = bound('DateSent>');
  const before = bound('DateSent<');
  return (sent) =>
    (!on || (on.dayOnly ? day(sent) === day(on.at) : sent.getTime() === on.at.getTime())) &&
    (!after || (after.dayOnly ? day(sent) >= day(after.at) : sent >= after.at)) &&
    (!before || (before.dayOnly ? day(sent) <= day(before.at) : sent <= before.at));
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export class FakeTwilio {
  readonly requests: TwilioRequest[] = [];
  readonly messages: TwilioMessage[] = [];
  /** Answered in order, one per request, before any success. */
  readonly failures: TwilioFailure[] = [];
  private listening!: Listening;
  private readonly hung: Array<() => void> = [];

  private constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  static async start(accountSid = `AC${'0'.repeat(32)}`, authToken = 'test-auth-token'): Promise<FakeTwilio> {
    const fake = new FakeTwilio(accountSid, authToken);
    fake.listening = await listen(async (req, res) => {
      const body = await readBody(req);
      const path = (req.url ?? '').split('?')[0]!;
      const request: TwilioRequest = { method: req.method ?? '', path, query: parseForm((req.url ?? '').split('?')[1] ?? ''), form: parseForm(body), headers: req.headers, auth: basicAuth(req) };
      fake.requests.push(request);
      const match = MESSAGES.exec(path);
      if (!match || (req.method !== 'POST' && req.method !== 'GET')) return sendJson(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      if (request.auth?.user !== fake.accountSid || request.auth.password !== fake.authToken || match[1] !== fake.accountSid) {
        return sendJson(res, 401, { code: 20003, message: 'Authentication Error - invalid username', status: 401 });
      }
      if (req.method === 'GET') return sendJson(res, 200, fake.list(path, new URLSearchParams(request.query)));
      const failure = fake.failures.shift();
      if (failure?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (failure?.kind === 'http') {
        res.writeHead(failure.status, { 'content-type': 'text/html' });
        res.end(failure.body ?? `<html>${failure.status}</html>`);
        return;
      }
      if (failure?.kind === 'error') {
        const status = failure.status ?? 400;
        return sendJson(res, status, { code: failure.code, message: failure.message, more_info: `https://www.twilio.com/docs/errors/${failure.code}`, status });
      }
      const form = request.form;
      if (!form.To || !form.Body || (!form.From && !form.MessagingServiceSid)) {
        return sendJson(res, 400, { code: 21604, message: "A 'To' phone number and a 'Body' are required.", status: 400 });
      }
      const now = new Date().toUTCString();
      const message: TwilioMessage = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        account_sid: fake.accountSid,
        to: form.To,
        from: form.From ?? null,
        messaging_service_sid: form.MessagingServiceSid ?? null,
        body: form.Body,
        status: failure?.kind === 'failed-message' ? (failure.status ?? 'failed') : 'queued',
        error_code: failure?.kind === 'failed-message' ? failure.errorCode : null,
        error_message: failure?.kind === 'failed-message' ? `Twilio error ${failure.errorCode}` : null,
        date_created: now,
        date_sent: failure?.kind === 'accept-queued-and-hang' ? null : now,
      };
      fake.messages.push(message);
      if (failure?.kind === 'accept-and-hang' || failure?.kind === 'accept-queued-and-hang') {
        fake.hung.push(() => req.socket.destroy());
        return;
      }
      sendJson(res, 201, fake.resource(message));
    });
    return fake;
  }

  private resource(message: TwilioMessage) {
    return { ...message, api_version: '2010-04-01', direction: 'outbound-api', num_segments: '1', uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}.json` };
  }

  /** One page of the list, newest first; `next_page_uri` repeats the filters with the next page number. */
  private list(path: string, query: URLSearchParams) {
    const sentMatches = dateFilter(query);
    const to = query.get('To');
    const filtered = ['DateSent', 'DateSent>', 'DateSent<'].some((k) => query.has(k));
    const all = this.messages.filter((m) => (!to || m.to === to) && (m.date_sent === null ? !filtered : sentMatches(new Date(m.date_sent)))).reverse();
    const pageSize = Math.min(1000, Number(query.get('PageSize') ?? 50));
    const page = Number(query.get('Page') ?? 0);
    const pageUri = (n: number) => {
      const q = new URLSearchParams(query);
      q.set('PageSize', String(pageSize));
      q.set('Page', String(n));
      q.delete('PageToken');
      if (n > 0) q.set('PageToken', `PA${n}`);
      return `${path}?${q.toString()}`;
    };
    const items = all.slice(page * pageSize, (page + 1) * pageSize);
    const more = (page + 1) * pageSize < all.length;
    return {
      messages: items.map((m) => this.resource(m)),
      page,
      page_size: pageSize,
      start: page * pageSize,
      end: page * pageSize + Math.max(0, items.length - 1),
      uri: pageUri(page),
      first_page_uri: pageUri(0),
      next_page_uri: more ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    };
  }

  get url(): string {
    return this.listening.url;
  }

  /** Create requests that reached the Messages endpoint (accepted or not). */
  get messageRequests(): TwilioRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && MESSAGES.test(r.path));
  }

  /** List requests (GET Messages.json). */
  get listRequests(): TwilioRequest[] {
    return this.requests.filter((r) => r.method === 'GET' && MESSAGES.test(r.path));
  }

  /** A message sent earlier (by another run of the bot), as the list will show it. */
  addMessage(message: Pick<TwilioMessage, 'to' | 'body'> & Partial<TwilioMessage> & { sentAt?: Date }): TwilioMessage {
    const at = (message.sentAt ?? new Date()).toUTCString();
    const { sentAt: _sentAt, ...fields } = message;
    const stored: TwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: this.accountSid,
      from: '+15005550006',
      messaging_service_sid: null,
      status: 'delivered',
      error_code: null,
      error_message: null,
      date_created: at,
      date_sent: at,
      ...fields,
    };
    this.messages.push(stored);
    return stored;
  }

  fail(...failures: TwilioFailure[]): void {
    this.failures.push(...failures);
  }

  close(): Promise<void> {
    for (const end of this.hung.splice(0)) end();
    return this.listening.close();
  }
}
