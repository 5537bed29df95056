import { describe, expect, it } from 'vitest';
import { buildPaymentLinkMail, fillPaymentUrl, PAYMENT_DEADLINE, PAYMENT_URL, type PaymentLinkMailInput } from '../../src/domain/client-messages.js';
import { AROMA_PAYMENT_LINK_MAIL } from '../support/seed.js';

const input: PaymentLinkMailInput = AROMA_PAYMENT_LINK_MAIL;

describe('buildPaymentLinkMail', () => {
  it("uses the manual's subject", () => {
    expect(buildPaymentLinkMail(input).subject).toBe('【Qualfia予約代行】決済リンクのお知らせ（予約ID: QRV-A1B2C3）');
  });

  it('lists the reservation, the link and the 10-minute deadline in the text body', () => {
    const { text } = buildPaymentLinkMail(input);
    const lines = text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '予約ID: QRV-A1B2C3',
        'サービス: Aroma Massage',
        '日時: 1月30日 14:00-17:00',
        '住所: 東京都渋谷区道玄坂1-2-3',
        '金額: ¥12,000',
        'https://checkout.stripe.com/c/pay/cs_test_123',
        'お支払い期限: 13:10（このメールの送信から10分以内）',
      ]),
    );
    expect(lines.indexOf('■ ご予約内容')).toBeLessThan(lines.indexOf('■ 決済リンク'));
    expect(text).toContain('自動的にキャンセル');
  });

  it('shows times in the given time zone', () => {
    const { text } = buildPaymentLinkMail({ ...input, timeZone: 'UTC' });
    expect(text).toContain('日時: 1月30日 05:00-08:00');
    expect(text).toContain('お支払い期限: 04:10');
  });

  it('has the same content in HTML, with a clickable link', () => {
    const { html } = buildPaymentLinkMail(input);
    expect(html).toContain('<th align="left">日時</th><td>1月30日 14:00-17:00</td>');
    expect(html).toContain('<td>¥12,000</td>');
    expect(html).toContain('<a href="https://checkout.stripe.com/c/pay/cs_test_123">https://checkout.stripe.com/c/pay/cs_test_123</a>');
    expect(html).toContain('お支払い期限: 13:10');
  });

  it('escapes HTML in every value, the link included', () => {
    const { html, text } = buildPaymentLinkMail({
      ...input,
      reservation: { ...input.reservation, service: '<script>alert(1)</script>', address: 'A&B "ビル" 3F' },
      url: 'https://pay.example/x?a=1&b="2"',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A&amp;B &quot;ビル&quot; 3F');
    expect(html).toContain('href="https://pay.example/x?a=1&amp;b=&quot;2&quot;"');
    // The text body stays as typed.
    expect(text).toContain('サービス: <script>alert(1)</script>');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => buildPaymentLinkMail({ ...input, url: 'javascript:alert(1)' })).toThrow(/http/);
  });

  it('queued before the link exists: placeholders for the link and the deadline, filled in at delivery', () => {
    const queued = buildPaymentLinkMail({ ...input, url: undefined, expiresAt: undefined });
    expect(queued.text).toContain(PAYMENT_URL);
    expect(queued.text).toContain(PAYMENT_DEADLINE);
    expect(fillPaymentUrl(queued.text, input.url!, '13:10')).toBe(buildPaymentLinkMail(input).text);
    expect(fillPaymentUrl(queued.html, input.url!, '13:10')).toBe(buildPaymentLinkMail(input).html);
  });
});
