import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadProviderConfig } from '../../src/providers/config.js';

const SID = `AC${'a1'.repeat(16)}`;
const FULL = {
  TWILIO_ACCOUNT_SID: SID,
  TWILIO_AUTH_TOKEN: 'twilio-secret-token',
  TWILIO_FROM: '+815012345678',
  STRIPE_SECRET_KEY: 'sk_test_abc123',
  QRV_PAYMENT_SUCCESS_URL: 'https://qualfia.example/paid',
  SMTP_URL: 'smtp://bot:pass@smtp.example.jp:587',
  MAIL_FROM: 'Qualfia予約代行 <noreply@qualfia.example>',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadProviderConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadProviderConfig', () => {
  it('nothing set (or blank): no provider, everything local', () => {
    const local = { delivery: { maxTries: 3, retryDelaySeconds: 30 } };
    expect(loadProviderConfig({})).toEqual(local);
    expect(loadProviderConfig({ TWILIO_ACCOUNT_SID: ' ', STRIPE_SECRET_KEY: '', SMTP_URL: '' })).toEqual(local);
  });

  it('reads every provider with its defaults', () => {
    expect(loadProviderConfig(FULL)).toEqual({
      twilio: { accountSid: SID, authToken: 'twilio-secret-token', from: '+815012345678', apiUrl: undefined, retry: { attempts: 3, baseDelayMs: 2000 } },
      stripe: { secretKey: 'sk_test_abc123', apiUrl: undefined, successUrl: 'https://qualfia.example/paid', cancelUrl: undefined },
      smtp: { url: 'smtp://bot:pass@smtp.example.jp:587', from: 'Qualfia予約代行 <noreply@qualfia.example>' },
      delivery: { maxTries: 3, retryDelaySeconds: 30 },
    });
  });

  it('reads the durable delivery settings, and is part of loadConfig', () => {
    expect(loadProviderConfig({ QRV_DELIVERY_MAX_TRIES: '5', QRV_DELIVERY_RETRY_DELAY_S: '10' }).delivery).toEqual({ maxTries: 5, retryDelaySeconds: 10 });
    expect(configError({ QRV_DELIVERY_MAX_TRIES: '0' }).variable).toBe('QRV_DELIVERY_MAX_TRIES');
    expect(loadConfig({ ...FULL, TWILIO_API_URL: 'http://127.0.0.1:4010' }).providers.twilio?.apiUrl).toBe('http://127.0.0.1:4010');
  });

  it('reads the test-server URLs, a Messaging Service sender and the retry settings', () => {
    const config = loadProviderConfig({
      ...FULL,
      TWILIO_FROM: `MG${'0'.repeat(32)}`,
      TWILIO_API_URL: 'http://127.0.0.1:4010',
      STRIPE_API_URL: 'http://127.0.0.1:12111',
      STRIPE_SECRET_KEY: 'rk_live_xyz',
      QRV_PAYMENT_CANCEL_URL: 'https://qualfia.example/cancelled',
      QRV_SMS_RETRY_ATTEMPTS: '5',
      QRV_SMS_RETRY_BASE_MS: '500',
      SMTP_URL: 'smtps://smtp.example.jp:465',
      MAIL_FROM: 'noreply@qualfia.example',
    });
    expect(config.twilio).toMatchObject({ from: `MG${'0'.repeat(32)}`, apiUrl: 'http://127.0.0.1:4010', retry: { attempts: 5, baseDelayMs: 500 } });
    expect(config.stripe).toMatchObject({ secretKey: 'rk_live_xyz', apiUrl: 'http://127.0.0.1:12111', cancelUrl: 'https://qualfia.example/cancelled' });
    expect(config.smtp).toEqual({ url: 'smtps://smtp.example.jp:465', from: 'noreply@qualfia.example' });
  });

  it.each([
    ['TWILIO_ACCOUNT_SID', 'SK0123456789abcdef0123456789abcdef', /start with AC/],
    ['TWILIO_FROM', '090-1234-5678', /E\.164/],
    ['TWILIO_API_URL', 'not a url', /http\(s\) URL/],
    ['QRV_SMS_RETRY_ATTEMPTS', '0', /at least 1/],
    ['STRIPE_SECRET_KEY', 'pk_test_abc', /sk_… or restricted key rk_…/],
    ['STRIPE_API_URL', 'ftp://127.0.0.1', /http\(s\) URL/],
    ['QRV_PAYMENT_SUCCESS_URL', 'paid.html', /http\(s\) URL/],
    ['SMTP_URL', 'http://smtp.example.jp', /smtp:\/\/ or smtps:\/\//],
    ['MAIL_FROM', 'noreply', /e-mail address/],
  ])('a malformed %s is a ConfigError naming it', (variable, value, problem) => {
    const error = configError({ ...FULL, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(problem);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('never repeats a secret in the error', () => {
    const error = configError({ ...FULL, STRIPE_SECRET_KEY: 'pk_live_SECRETVALUE' });
    expect(error.message).not.toContain('SECRETVALUE');
  });

  it.each([
    [{ TWILIO_ACCOUNT_SID: SID, TWILIO_FROM: '+815012345678' }, 'TWILIO_AUTH_TOKEN'],
    [{ TWILIO_AUTH_TOKEN: 'twilio-secret-token' }, 'TWILIO_ACCOUNT_SID'],
    [{ SMTP_URL: 'smtp://smtp.example.jp' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'noreply@qualfia.example' }, 'SMTP_URL'],
    [{ STRIPE_SECRET_KEY: 'sk_test_abc' }, 'QRV_PAYMENT_SUCCESS_URL'],
  ])('a provider configured in part names the missing variable (%j)', (env, missing) => {
    const error = configError(env);
    expect(error.variable).toBe(missing);
    expect(error.message).toContain('is required when');
  });
});

describe('production refuses local stand-ins (issue #9)', () => {
  it('NODE_ENV=production or QRV_ENV=production with a local port stops start-up naming the missing variables', () => {
    const noStripe = { ...FULL, STRIPE_SECRET_KEY: '', QRV_PAYMENT_SUCCESS_URL: '' };
    const e = configError({ ...noStripe, NODE_ENV: 'production' });
    expect(e.variable).toBe('STRIPE_SECRET_KEY');
    expect(e.message).toContain('set STRIPE_SECRET_KEY, QRV_PAYMENT_SUCCESS_URL');
    expect(e.message).toContain('QRV_ALLOW_LOCAL_PROVIDERS=1');
    expect(configError({ QRV_ENV: 'production' }).message).toContain(
      'set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, STRIPE_SECRET_KEY, QRV_PAYMENT_SUCCESS_URL, SMTP_URL, MAIL_FROM',
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', QRV_OPERATORS: 'U0SATO', NODE_ENV: 'production' })).toThrow(/refuses local providers/);
  });

  it('every provider configured, QRV_ALLOW_LOCAL_PROVIDERS=1, or not production: starts', () => {
    expect(loadProviderConfig({ ...FULL, NODE_ENV: 'production' }).stripe).toBeDefined();
    expect(loadProviderConfig({ QRV_ENV: 'production', QRV_ALLOW_LOCAL_PROVIDERS: '1' }).twilio).toBeUndefined();
    expect(loadProviderConfig({ NODE_ENV: 'development' }).twilio).toBeUndefined();
  });
});
