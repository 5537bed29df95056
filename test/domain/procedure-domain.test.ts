import { describe, expect, it } from 'vitest';
import { proposeChange } from '../../src/domain/change-proposal.js';
import { buildPaymentLinkMail, fillPaymentUrl, notBookedSms, PAYMENT_URL } from '../../src/domain/client-messages.js';
import { checkPhone, normaliseEmail } from '../../src/domain/phone.js';
import { fromDateTimeInput, toDateInput, toTimeInput } from '../../src/domain/time.js';

const TZ = 'Asia/Tokyo';

describe('checkPhone (libphonenumber-js, Japanese by default)', () => {
  it.each([
    ['090-1234-5678', true, true, '090-1234-5678'],
    ['08012345678', true, true, '080-1234-5678'],
    ['０７０ １２３４ ５６７８', true, true, '070-1234-5678'],
    ['+81 90 1234 5678', true, true, '090-1234-5678'],
    ['03-1234-5678', true, false, '03-1234-5678'],
    ['090-1234-567', false, false, '090-1234-567'],
    ['abc', false, false, 'abc'],
  ])('%s → valid %s, mobile %s, %s', (input, valid, mobile, formatted) => {
    expect(checkPhone(input)).toEqual({ valid, mobile, formatted });
  });

  it('e-mail addresses', () => {
    expect(normaliseEmail(' hanako@example.jp ')).toBe('hanako@example.jp');
    for (const bad of ['hanako@', '@example.jp', 'hanako@example', 'a b@example.jp', 'hanako@@example.jp']) expect(normaliseEmail(bad)).toBeUndefined();
  });
});

describe('date and time inputs in the display zone', () => {
  it('round-trips and refuses impossible dates', () => {
    const at = fromDateTimeInput('2026-01-31', '10:00', TZ)!;
    expect(at.toISOString()).toBe('2026-01-31T01:00:00.000Z');
    expect([toDateInput(at, TZ), toTimeInput(at, TZ)]).toEqual(['2026-01-31', '10:00']);
    expect(fromDateTimeInput('2026-02-30', '10:00', TZ)).toBeUndefined();
    expect(fromDateTimeInput('2026-01-31', '24:00', TZ)).toBeUndefined();
    expect(fromDateTimeInput('', '10:00', TZ)).toBeUndefined();
  });
});

describe('proposeChange (変更依頼 prefill)', () => {
  const r = { startsAt: new Date('2026-01-30T06:00:00Z'), endsAt: new Date('2026-01-30T07:00:00Z'), service: 'Aroma Massage', amountJpy: 12000 };
  const range = (p: { startsAt: Date; endsAt: Date }) => [toTimeInput(p.startsAt, TZ), toTimeInput(p.endsAt, TZ)];

  it('reads 15:00→15:30 as a move by 30 minutes', () => {
    expect(range(proposeChange(r, { change: '希望時間を15:00→15:30に変更' }, TZ))).toEqual(['15:30', '16:30']);
  });
  it('reads 30分遅らせて and 15分早めて', () => {
    expect(range(proposeChange(r, { change: '希望時間を30分遅らせてほしい' }, TZ))).toEqual(['15:30', '16:30']);
    expect(range(proposeChange(r, { change: '１５分早めてほしい' }, TZ))).toEqual(['14:45', '15:45']);
  });
  it('prefers the core’s structured values, and keeps what it does not understand', () => {
    const p = proposeChange(r, { starts_at: '2026-01-30T08:00:00Z', service: 'Aroma Massage 90分', amount_jpy: 15000, change: 'サイズ変更' }, TZ);
    expect([...range(p), p.service, p.amountJpy]).toEqual(['17:00', '18:00', 'Aroma Massage 90分', 15000]);
    expect(proposeChange(r, { change: 'サイズを変更してほしい' }, TZ)).toEqual({ ...r });
    expect(range(proposeChange(r, { change: '10:00→11:00' }, TZ))).toEqual(['15:00', '16:00']);
  });
});

describe('client messages', () => {
  const r = { id: 'QRV-A1B2C3', service: 'Aroma Massage', startsAt: new Date('2026-01-30T05:00:00Z'), endsAt: new Date('2026-01-30T08:00:00Z'), address: '東京都渋谷区道玄坂1-2-3' };
  it('the payment-link e-mail has the manual subject, the reservation and the link', () => {
    const mail = buildPaymentLinkMail({ reservation: { ...r, amountJpy: 12000 }, timeZone: TZ });
    expect(mail.subject).toBe('【Qualfia予約代行】決済リンクのお知らせ（予約ID: QRV-A1B2C3）');
    expect(mail.text).toContain('日時: 1月30日 14:00-17:00');
    expect(fillPaymentUrl(mail.text, 'http://localhost/qrv-pay/cs_1')).toContain('■ 決済リンク\nhttp://localhost/qrv-pay/cs_1');
    expect(fillPaymentUrl(mail.text, 'x')).not.toContain(PAYMENT_URL);
  });
  it('the not-booked SMS carries the manual’s words', () => {
    expect(notBookedSms('QRV-A1B2C3')).toContain('現在、予約できませんでした');
  });
});
