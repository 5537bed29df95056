/**
 * A local fake of Twilio's Messages API for tests with the real twilio SDK:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP basic auth.
 * Records every request; failures can be scripted per call, in order.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { basicAuth, listen, parseForm, readBody, sendJson, type Form, type Listening } from './http.js';

export interface TwilioRequest {
  method: string;
  path: string;
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
}

/** What the next request gets instead of success. */
export type TwilioFailure =
  | { kind: 'http'; status: number; body?: string }
  | { kind: 'error'; code: number; status?: number; message?: string }
  | { kind: 'failed-message'; errorCode: number; status?: 'failed' | 'undelivered' }
  | { kind: 'reset' };

export const twilioFailures = {
  http: (status: number): TwilioFailure => ({ kind: 'http', status }),
  error: (code: number, status = 400, message = `Twilio error ${code}`): TwilioFailure => ({ kind: 'error', code, status, message }),
  failedMessage: (errorCode: number): TwilioFailure => ({ kind: 'failed-message', errorCode }),
  reset: (): TwilioFailure => ({ kind: 'reset' }),
};

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export class FakeTwilio {
  readonly requests: TwilioRequest[] = [];
  readonly messages: TwilioMessage[] = [];
  /** Answered in order, one per request, before any success. */
  readonly failures: TwilioFailure[] = [];
  private listening!: Listening;

  private constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  static async start(accountSid = `AC${'0'.repeat(32)}`, authToken = 'test-auth-token'): Promise<FakeTwilio> {
    const fake = new FakeTwilio(accountSid, authToken);
    fake.listening = await listen(async (req, res) => {
      const body = await readBody(req);
      const path = (req.url ?? '').split('?')[0]!;
      const request: TwilioRequest = { method: req.method ?? '', path, form: parseForm(body), headers: req.headers, auth: basicAuth(req) };
      fake.requests.push(request);
      const match = MESSAGES.exec(path);
      if (req.method !== 'POST' || !match) return sendJson(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      if (request.auth?.user !== fake.accountSid || request.auth.password !== fake.authToken || match[1] !== fake.accountSid) {
        return sendJson(res, 401, { code: 20003, message: 'Authentication Error - invalid username', status: 401 });
      }
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
      };
      fake.messages.push(message);
      sendJson(res, 201, {
        ...message,
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        direction: 'outbound-api',
        num_segments: '1',
        uri: `/2010-04-01/Accounts/${fake.accountSid}/Messages/${message.sid}.json`,
      });
    });
    return fake;
  }

  get url(): string {
    return this.listening.url;
  }

  /** Requests that reached the Messages endpoint (accepted or not). */
  get messageRequests(): TwilioRequest[] {
    return this.requests.filter((r) => MESSAGES.test(r.path));
  }

  fail(...failures: TwilioFailure[]): void {
    this.failures.push(...failures);
  }

  close(): Promise<void> {
    return this.listening.close();
  }
}
