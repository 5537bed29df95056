import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioSms, RebasedRequestClient, type SmsAttempt, type TwilioSmsOptions } from '../../src/providers/twilio-sms.js';
import { memoryLogger } from '../support/bot.js';
import { FakeTwilio, twilioFailures as f } from '../support/fakes/fake-twilio.js';
import { providerFailure } from '../support/providers.js';

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await FakeTwilio.start();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.messages.length = 0;
  fake.failures.length = 0;
});

function setup(overrides: Partial<TwilioSmsOptions> = {}) {
  const sleeps: number[] = [];
  const attempts: SmsAttempt[] = [];
  const { logger, lines } = memoryLogger();
  const sms = createTwilioSms({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: '+15005550006',
    apiUrl: fake.url,
    retry: { attempts: 4, baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) },
    logger,
    onAttempt: (a) => attempts.push(a),
    ...overrides,
  });
  return { sms, sleeps, attempts, lines };
}

const msg = (to = '090-1234-5678') => ({ to, body: '決済リンク: https://pay.example/abc', idempotencyKey: 'sms-QRV-A1B2C3-1' });


describe('Twilio SMS adapter (real SDK against the fake)', () => {
  it('sends the E.164 number, sender and body with basic auth, and returns the SID and status', async () => {
    const { sms, sleeps } = setup();
    const result = await sms.send(msg('090-1234-5678'));
    expect(fake.messageRequests).toHaveLength(1);
    const req = fake.messageRequests[0]!;
    expect(req.form).toEqual({ To: '+819012345678', From: '+15005550006', Body: '決済リンク: https://pay.example/abc' });
    expect(req.auth).toEqual({ user: fake.accountSid, password: fake.authToken });
    expect(result).toEqual({ providerId: fake.messages[0]!.sid, status: 'queued', tries: 1, to: '+819012345678' });
    expect(result.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sleeps).toEqual([]);
  });

  it('uses MessagingServiceSid when TWILIO_FROM is a Messaging Service (MG…)', async () => {
    const { sms } = setup({ from: `MG${'1'.repeat(32)}` });
    await sms.send(msg());
    expect(fake.messageRequests[0]!.form).toMatchObject({ MessagingServiceSid: `MG${'1'.repeat(32)}` });
    expect(fake.messageRequests[0]!.form.From).toBeUndefined();
  });

  it.each([
    ['not a number', 'abc', 'SMS_INVALID_NUMBER'],
    ['too short', '090-1234', 'SMS_INVALID_NUMBER'],
    ['empty', '', 'SMS_INVALID_NUMBER'],
    ['a landline', '03-1234-5678', 'SMS_LANDLINE'],
  ])('refuses %s before any request', async (_label, to, code) => {
    const { sms, attempts } = setup();
    const error = await providerFailure(sms.send(msg(to)));
    expect(error).toMatchObject({ code, retryable: false, tries: 0 });
    expect(fake.requests).toHaveLength(0);
    expect(attempts).toMatchObject([{ attempt: 0 }]);
  });

  it.each([
    ['HTTP 500', f.http(500), 'PROVIDER_UNAVAILABLE'],
    ['HTTP 503', f.http(503), 'PROVIDER_UNAVAILABLE'],
    ['HTTP 429', f.http(429), 'SMS_RATE_LIMITED'],
    ['Twilio 30003 (error JSON)', f.error(30003), 'SMS_UNREACHABLE'],
    ['Twilio 30003 (message failed on create)', f.failedMessage(30003), 'SMS_UNREACHABLE'],
    ['a reset connection', f.reset(), 'PROVIDER_UNAVAILABLE'],
  ])('retries %s with exponential backoff, then succeeds', async (_label, transient, code) => {
    fake.fail(transient, transient);
    const { sms, sleeps, attempts } = setup();
    const result = await sms.send(msg());
    expect(fake.messageRequests).toHaveLength(3);
    expect(result.tries).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    expect(attempts.map((a) => a.error?.code ?? 'ok')).toEqual([code, code, 'ok']);
    expect(attempts.every((a) => a.idempotencyKey === 'sms-QRV-A1B2C3-1')).toBe(true);
  });

  it('gives up after the configured tries and throws the last error, still retryable', async () => {
    fake.fail(f.http(500), f.http(500), f.http(500), f.http(500), f.http(500));
    const { sms, sleeps } = setup();
    const error = await providerFailure(sms.send(msg()));
    expect(fake.messageRequests).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true, tries: 4, providerCode: 500 });
    expect(error.messageJa).toBe('Twilioが一時的に利用できません（HTTP 500）');
  });

  it.each([
    [21211, 'SMS_INVALID_NUMBER', '電話番号が無効です（Twilio 21211）'],
    [21610, 'SMS_UNSUBSCRIBED', '受信拒否（STOP）されています（Twilio 21610）'],
    [30006, 'SMS_LANDLINE', '固定電話または非対応の番号です（Twilio 30006）'],
    [21408, 'SMS_FAILED', 'SMSを送信できませんでした（Twilio 21408, HTTP 400）'],
  ])('does not retry Twilio %i', async (twilioCode, code, messageJa) => {
    fake.fail(f.error(twilioCode, 400, `The 'To' number +819012345678 is not valid (${twilioCode})`));
    const { sms, sleeps } = setup();
    const error = await providerFailure(sms.send(msg()));
    expect(fake.messageRequests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error).toMatchObject({ provider: 'twilio', code, retryable: false, providerCode: twilioCode, tries: 1, messageJa });
    expect(error.detail).not.toContain('9012345678');
  });

  it('does not retry 30006 reported on the created message either', async () => {
    fake.fail(f.failedMessage(30006));
    const { sms } = setup();
    const error = await providerFailure(sms.send(msg()));
    expect(fake.messageRequests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'SMS_LANDLINE', retryable: false, providerCode: 30006 });
  });

  it('reports wrong credentials as PROVIDER_AUTH without retrying', async () => {
    const { sms } = setup({ authToken: 'wrong-token' });
    const error = await providerFailure(sms.send(msg()));
    expect(fake.messageRequests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH', retryable: false, providerCode: 20003 });
  });

  it('retries a refused connection and reports PROVIDER_UNAVAILABLE', async () => {
    const sleeps: number[] = [];
    const { sms } = setup({ apiUrl: 'http://127.0.0.1:1', retry: { attempts: 2, baseDelayMs: 5, sleep: async (ms) => void sleeps.push(ms) } });
    const error = await providerFailure(sms.send(msg()));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true, tries: 2, providerCode: 'ECONNREFUSED' });
    expect(sleeps).toEqual([5]);
    // The SDK's error (kept as cause) holds the request with its Authorization header: never serialised.
    const { logger, lines } = memoryLogger();
    logger.error({ err: error }, 'sms failed');
    const basic = Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64');
    expect(JSON.stringify(lines())).not.toMatch(new RegExp(`${basic}|${fake.authToken}`));
    expect(JSON.stringify(error)).not.toContain(basic);
    expect(Object.keys(error)).not.toContain('cause');
  });

  it('never logs the number, the body or the auth token', async () => {
    fake.fail(f.http(500));
    const { sms, lines } = setup();
    await sms.send(msg());
    const out = JSON.stringify(lines());
    expect(lines().length).toBeGreaterThanOrEqual(2);
    expect(out).not.toMatch(/9012345678|1234-5678|決済リンク|test-auth-token/);
    expect(out).toContain('sms-QRV-A1B2C3-1');
  });

  describe('before a re-send: the message list by To and DateSent (Twilio has no idempotency key)', () => {
    const body = msg().body;
    const resend = (since: Date) => ({ ...msg(), resend: { since, matches: (sent: string) => sent === body } });

    it('a try that timed out after Twilio accepted it: the next try finds it and sends nothing', async () => {
      fake.fail(f.acceptAndHang());
      const { sms, lines } = setup({ timeoutMs: 300 });
      const result = await sms.send(msg());
      expect(fake.messages).toHaveLength(1);
      expect(fake.messageRequests).toHaveLength(1);
      expect(result).toMatchObject({ providerId: fake.messages[0]!.sid, recovered: true, tries: 2 });
      const list = fake.listRequests.find((r) => r.query['DateSent>'])!;
      expect(list.query.To).toBe('+819012345678');
      expect(new Date(list.query['DateSent>']!).getTime()).toBeLessThanOrEqual(Date.now());
      expect(lines().some((l) => l.msg === 'sms already sent by an earlier try: recorded, not sent again')).toBe(true);
    });

    it('a try that timed out after Twilio accepted it, still queued there (no DateSent yet): found among the newest, nothing sent again', async () => {
      fake.fail(f.acceptQueuedAndHang());
      const { sms } = setup({ timeoutMs: 300 });
      const result = await sms.send(msg());
      expect(fake.messages).toHaveLength(1);
      expect(fake.messages[0]!.date_sent).toBeNull();
      expect(fake.messageRequests).toHaveLength(1);
      expect(result).toMatchObject({ providerId: fake.messages[0]!.sid, recovered: true, tries: 2 });
    });

    it('finds the earlier message on a later page (newest first, paged with next_page_uri)', async () => {
      const since = new Date(Date.now() - 5 * 60_000);
      const earlier = fake.addMessage({ to: '+819012345678', body, sentAt: new Date(Date.now() - 60_000) });
      for (let i = 0; i < 120; i++) fake.addMessage({ to: '+819012345678', body: `別のお知らせ ${i}` });
      const { sms } = setup();
      const result = await sms.send(resend(since));
      expect(result).toMatchObject({ providerId: earlier.sid, recovered: true });
      expect(fake.messageRequests).toHaveLength(0);
      expect(fake.listRequests.filter((r) => r.query['DateSent>']).map((r) => r.query.Page ?? '0')).toEqual(['0', '1']);
    });

    it('sends when nothing matches: another number, another body, a failed message, or one sent before the first try', async () => {
      const since = new Date();
      fake.addMessage({ to: '+819099999999', body });
      fake.addMessage({ to: '+819012345678', body: '別のお知らせ' });
      fake.addMessage({ to: '+819012345678', body, status: 'undelivered', error_code: 30003 });
      fake.addMessage({ to: '+819012345678', body, sentAt: new Date(since.getTime() - 2 * 3600_000) });
      const { sms } = setup();
      const result = await sms.send(resend(since));
      expect(result.recovered).toBeUndefined();
      expect(fake.messageRequests).toHaveLength(1);
      expect(fake.messages).toHaveLength(5);
    });
  });

  it('rewrites only Twilio hosts, keeping a base path', () => {
    const client = new RebasedRequestClient('http://127.0.0.1:4010/twilio/');
    expect(client.rebase('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1')).toBe(
      'http://127.0.0.1:4010/twilio/2010-04-01/Accounts/AC1/Messages.json?x=1',
    );
    expect(client.rebase('https://api.sydney.au1.twilio.com/2010-04-01/x')).toBe('http://127.0.0.1:4010/twilio/2010-04-01/x');
    expect(client.rebase('https://example.com/a')).toBe('https://example.com/a');
  });
});
