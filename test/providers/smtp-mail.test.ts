import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPaymentLinkMail } from '../../src/domain/client-messages.js';
import { createSmtpMail, messageIdFor } from '../../src/providers/smtp-mail.js';
import { memoryLogger } from '../support/bot.js';
import { FakeSmtp } from '../support/fakes/fake-smtp.js';
import { AROMA_PAYMENT_LINK_MAIL } from '../support/seed.js';
import { providerFailure } from '../support/providers.js';

let smtp: FakeSmtp;
let authed: FakeSmtp;
beforeAll(async () => {
  smtp = await FakeSmtp.start();
  authed = await FakeSmtp.start({ user: 'bot@qualfia.example', pass: 's3cret-pass' });
});
afterAll(async () => {
  await smtp.close();
  await authed.close();
});
afterEach(() => {
  smtp.reset();
  authed.reset();
});

const FROM = 'Qualfia予約代行 <noreply@qualfia.example>';

const mail = buildPaymentLinkMail(AROMA_PAYMENT_LINK_MAIL);


describe('SMTP mail adapter (real nodemailer against smtp-server)', () => {
  it('delivers the payment-link mail: subject, text and HTML bodies, sender and recipient', async () => {
    const port = createSmtpMail({ smtpUrl: smtp.url, from: FROM });
    const result = await port.send({ to: 'client@example.jp', ...mail, idempotencyKey: 'mail-QRV-A1B2C3-1' });
    port.close();
    expect(smtp.received).toHaveLength(1);
    const [got] = smtp.received;
    expect(got!.envelope).toEqual({ from: 'noreply@qualfia.example', to: ['client@example.jp'] });
    expect(got!.parsed.subject).toBe('【Qualfia予約代行】決済リンクのお知らせ（予約ID: QRV-A1B2C3）');
    expect(got!.parsed.from?.value).toEqual([{ name: 'Qualfia予約代行', address: 'noreply@qualfia.example' }]);
    expect(got!.parsed.text?.trim()).toBe(mail.text.trim());
    expect(got!.parsed.html).toContain('<a href="https://checkout.stripe.com/c/pay/cs_test_123">');
    expect(got!.parsed.html).toContain('1月30日 14:00-17:00');
    expect(got!.parsed.messageId).toBe(messageIdFor('mail-QRV-A1B2C3-1', FROM));
    expect(got!.parsed.headers.get('x-qrv-idempotency-key')).toBe('mail-QRV-A1B2C3-1');
    expect(result.providerId).toBe(messageIdFor('mail-QRV-A1B2C3-1', FROM));
  });

  it('derives a stable Message-ID from the idempotency key and the sender domain', () => {
    expect(messageIdFor('k1', FROM)).toBe(messageIdFor('k1', FROM));
    expect(messageIdFor('k1', FROM)).not.toBe(messageIdFor('k2', FROM));
    expect(messageIdFor('k1', FROM)).toMatch(/^<qrv\.[0-9a-f]{32}@qualfia\.example>$/);
    expect(messageIdFor('k1', 'ops@qrv.jp')).toMatch(/@qrv\.jp>$/);
  });

  it('authenticates with the credentials in SMTP_URL and never logs them', async () => {
    const { logger, lines } = memoryLogger();
    const port = createSmtpMail({ smtpUrl: authed.url, from: FROM, logger });
    await port.send({ to: 'client@example.jp', ...mail, idempotencyKey: 'mail-auth' });
    port.close();
    expect(authed.received).toHaveLength(1);
    expect(authed.received[0]!.user).toBe('bot@qualfia.example');
    expect(JSON.stringify(lines())).not.toContain('s3cret-pass');
    expect(lines().some((l) => l.msg === 'mail accepted')).toBe(true);
  });

  it('wrong credentials: PROVIDER_AUTH, not retryable', async () => {
    const port = createSmtpMail({ smtpUrl: authed.url.replace('s3cret-pass', 'wrong'), from: FROM });
    const error = await providerFailure(port.send({ to: 'client@example.jp', ...mail, idempotencyKey: 'mail-bad-auth' }));
    port.close();
    expect(error).toMatchObject({ provider: 'smtp', code: 'PROVIDER_AUTH', retryable: false });
    expect(authed.received).toHaveLength(0);
  });

  it('a recipient refused with 550 is MAIL_FAILED, not retryable', async () => {
    smtp.rcptRefusals.push({ code: 550, message: 'Mailbox unavailable' });
    const port = createSmtpMail({ smtpUrl: smtp.url, from: FROM });
    const error = await providerFailure(port.send({ to: 'nobody@example.jp', ...mail, idempotencyKey: 'mail-550' }));
    port.close();
    expect(error).toMatchObject({ code: 'MAIL_FAILED', retryable: false, providerCode: 550 });
    expect(error.messageJa).toBe('宛先のメールアドレスが受け付けられませんでした（SMTP 550）');
    expect(smtp.received).toHaveLength(0);
  });

  it('a temporary refusal (451) is MAIL_FAILED, retryable', async () => {
    smtp.dataRefusals.push({ code: 451, message: 'Try again later' });
    const port = createSmtpMail({ smtpUrl: smtp.url, from: FROM });
    const error = await providerFailure(port.send({ to: 'client@example.jp', ...mail, idempotencyKey: 'mail-451' }));
    port.close();
    expect(error).toMatchObject({ code: 'MAIL_FAILED', retryable: true, providerCode: 451 });
  });

  it('an unreachable server is PROVIDER_UNAVAILABLE, retryable', async () => {
    const port = createSmtpMail({ smtpUrl: 'smtp://127.0.0.1:1', from: FROM });
    const error = await providerFailure(port.send({ to: 'client@example.jp', ...mail, idempotencyKey: 'mail-down' }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
  });

  it('refuses a malformed address before connecting', async () => {
    const port = createSmtpMail({ smtpUrl: smtp.url, from: FROM });
    const error = await providerFailure(port.send({ to: 'client@', ...mail, idempotencyKey: 'mail-bad-to' }));
    expect(error).toMatchObject({ code: 'MAIL_FAILED', retryable: false, messageJa: 'メールアドレスの形式が正しくありません' });
    expect(smtp.received).toHaveLength(0);
  });
});
