import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface PhoneCheck {
  /** A number that exists in the numbering plan (Japanese by default: 090-1234-5678, 03-1234-5678). */
  valid: boolean;
  /** Can receive SMS: a mobile number (070/080/090 in Japan). */
  mobile: boolean;
  /** How we store and show it: 090-1234-5678 (Japan), +1 415 555 2671 (elsewhere). */
  formatted: string;
}

/** Checks a phone number as an operator types it (hyphens, spaces, full-width digits, +81 …). */
export function checkPhone(input: string): PhoneCheck {
  const text = input.normalize('NFKC').trim();
  const parsed = parsePhoneNumberFromString(text, 'JP');
  if (!parsed || !parsed.isValid()) return { valid: false, mobile: false, formatted: text };
  const type = parsed.getType();
  return {
    valid: true,
    mobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE',
    formatted: parsed.country === 'JP' ? parsed.formatNational() : parsed.formatInternational(),
  };
}

export const PHONE_FORMAT_ERROR = '電話番号の形式が正しくありません（例: 090-1234-5678、03-1234-5678）';
export const MOBILE_REQUIRED_ERROR = 'SMSを受信できる携帯電話番号を入力してください（例: 090-1234-5678）';

const EMAIL_PATTERN = /^[^\s@"<>()[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** A deliverable-looking e-mail address (name@example.com); undefined when it is not one. */
export function normaliseEmail(input: string): string | undefined {
  const text = input.normalize('NFKC').trim();
  return text.length <= 254 && EMAIL_PATTERN.test(text) ? text : undefined;
}

export const EMAIL_FORMAT_ERROR = 'メールアドレスの形式が正しくありません（例: name@example.com）';
