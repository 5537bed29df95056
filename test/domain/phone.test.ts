import { describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/providers/errors.js';
import { describePhone, isMobileJapan, toE164Japan, toSmsRecipient } from '../../src/domain/phone.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('toE164Japan', () => {
  it.each(['090-1234-5678', '09012345678', '+81 90-1234-5678', '+819012345678', '090 1234 5678', '(090)1234-5678', '０９０－１２３４－５６７８'])(
    '%s → +819012345678',
    (raw) => {
      expect(toE164Japan(raw)).toBe('+819012345678');
    },
  );

  it('keeps other valid numbers (landlines, foreign mobiles) in E.164', () => {
    expect(toE164Japan('03-1234-5678')).toBe('+81312345678');
    expect(toE164Japan('+1 415-555-0100')).toBe('+14155550100');
  });

  it.each([
    ['abc', '電話番号が無効です（数字が含まれていません）'],
    ['', '電話番号が無効です（電話番号が登録されていません）'],
    ['12', '電話番号が無効です（桁数が足りません）'],
    ['090-1234-567', '電話番号が無効です（使われていない番号の形式です）'],
    ['090-1234-56789', '電話番号が無効です（使われていない番号の形式です）'],
  ])('rejects %j as SMS_INVALID_NUMBER, not retryable', (raw, reason) => {
    const error = thrown(() => toE164Japan(raw));
    expect(isProviderError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'SMS_INVALID_NUMBER', retryable: false, tries: 0 });
    expect((error as { messageJa: string }).messageJa).toBe(reason);
  });
});

describe('toSmsRecipient', () => {
  it('accepts mobile numbers', () => {
    expect(toSmsRecipient('080-1234-5678')).toBe('+818012345678');
    expect(toSmsRecipient('070-1234-5678')).toBe('+817012345678');
  });

  it.each(['03-1234-5678', '0120-123-456', '050-1234-5678'])('refuses %s as SMS_LANDLINE', (raw) => {
    expect(thrown(() => toSmsRecipient(raw))).toMatchObject({ code: 'SMS_LANDLINE', retryable: false });
  });
});

describe('isMobileJapan and describePhone', () => {
  it('knows Japanese mobiles from landlines and foreign numbers', () => {
    expect(isMobileJapan('090-1234-5678')).toBe(true);
    expect(isMobileJapan('+818012345678')).toBe(true);
    expect(isMobileJapan('03-1234-5678')).toBe(false);
    expect(isMobileJapan('+1 415-555-0100')).toBe(false);
    expect(isMobileJapan('090-1234')).toBe(false);
    expect(isMobileJapan(null)).toBe(false);
  });

  it('describes a valid mobile for the sms_failed procedure', () => {
    expect(describePhone('09012345678')).toEqual({
      valid: true,
      e164: '+819012345678',
      national: '090-1234-5678',
      country: 'JP',
      type: 'mobile',
      smsCapable: true,
      messageJa: '形式は正しい携帯電話番号です（090-1234-5678）',
    });
  });

  it('describes a landline as valid but unable to receive SMS', () => {
    expect(describePhone('0312345678')).toMatchObject({ valid: true, type: 'fixed', smsCapable: false, national: '03-1234-5678' });
    expect(describePhone('0312345678').messageJa).toContain('SMSを受信できません');
  });

  it('describes an invalid number with the reason', () => {
    expect(describePhone('090-1234')).toEqual({ valid: false, smsCapable: false, messageJa: '形式が正しくありません（桁数が足りません。例: 090-1234-5678）' });
    expect(describePhone('090-1234-567').messageJa).toBe('形式が正しくありません（使われていない番号の形式です。例: 090-1234-5678）');
    expect(describePhone(undefined).messageJa).toBe('形式が正しくありません（電話番号が登録されていません。例: 090-1234-5678）');
  });
});
