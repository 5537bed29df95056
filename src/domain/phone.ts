/**
 * Phone numbers and e-mail addresses as operators and clients write them (090-1234-5678,
 * 09012345678, +81 90-…, full-width digits). One module for the whole bot: the procedures' forms
 * check and format them (checkPhone), the SMS adapter turns them into E.164 (toSmsRecipient).
 * Uses the full libphonenumber metadata so the line type (mobile / fixed) is known: an SMS to a
 * Japanese landline is refused before any request.
 */
import { parsePhoneNumberFromString, validatePhoneNumberLength, type PhoneNumber } from 'libphonenumber-js/max';
import { ProviderError } from '../providers/errors.js';

export type PhoneType = 'mobile' | 'fixed' | 'fixed_or_mobile' | 'voip' | 'toll_free' | 'other';

export interface PhoneDescription {
  valid: boolean;
  /** +819012345678 */
  e164?: string;
  /** 090-1234-5678 (national format of the number's country) */
  national?: string;
  /** ISO country of the number (JP for domestic numbers). */
  country?: string;
  type?: PhoneType;
  /** Whether an SMS can reach it: a mobile number (or one that may be mobile, abroad). */
  smsCapable: boolean;
  /** One line for the operator (Japanese). */
  messageJa: string;
}

const DEFAULT_COUNTRY = 'JP';

const TYPE_LABEL: Record<PhoneType, string> = {
  mobile: '携帯電話番号',
  fixed: '固定電話番号',
  fixed_or_mobile: '電話番号（固定/携帯の区別なし）',
  voip: 'IP電話番号',
  toll_free: 'フリーダイヤル',
  other: '電話番号',
};

function phoneType(number: PhoneNumber): PhoneType {
  switch (number.getType()) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'fixed';
    case 'FIXED_LINE_OR_MOBILE':
      return 'fixed_or_mobile';
    case 'VOIP':
      return 'voip';
    case 'TOLL_FREE':
      return 'toll_free';
    default:
      return 'other';
  }
}

function invalidReason(raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed) return '電話番号が登録されていません';
  if (!/\d/.test(trimmed.normalize('NFKC'))) return '数字が含まれていません';
  switch (validatePhoneNumberLength(trimmed, DEFAULT_COUNTRY)) {
    case 'NOT_A_NUMBER':
      return '数字が含まれていません';
    case 'TOO_SHORT':
      return '桁数が足りません';
    case 'TOO_LONG':
      return '桁数が多すぎます';
    case 'INVALID_COUNTRY':
      return '国番号が正しくありません';
    default:
      return '使われていない番号の形式です';
  }
}

/** Validity, formats and line type of a registered number, for the sms_failed procedure. */
export function describePhone(raw: string | null | undefined): PhoneDescription {
  const input = (raw ?? '').normalize('NFKC').trim();
  const parsed = input ? parsePhoneNumberFromString(input, DEFAULT_COUNTRY) : undefined;
  if (!parsed || !parsed.isValid()) {
    return { valid: false, smsCapable: false, messageJa: `形式が正しくありません（${invalidReason(input)}。例: 090-1234-5678）` };
  }
  const type = phoneType(parsed);
  const smsCapable = type === 'mobile' || type === 'fixed_or_mobile';
  const national = parsed.formatNational();
  const label = TYPE_LABEL[type];
  const messageJa = smsCapable
    ? `形式は正しい${label}です（${national}）`
    : `形式は正しいですが${label}のためSMSを受信できません（${national}）`;
  return { valid: true, e164: parsed.number, national, country: parsed.country, type, smsCapable, messageJa };
}

/**
 * `090-1234-5678`, `09012345678`, `+81 90-1234-5678`, `+819012345678` → `+819012345678`.
 * Throws ProviderError SMS_INVALID_NUMBER (not retryable) for anything that is not a valid number.
 */
export function toE164Japan(raw: string): string {
  const input = raw.normalize('NFKC').trim();
  const parsed = input ? parsePhoneNumberFromString(input, DEFAULT_COUNTRY) : undefined;
  if (!parsed || !parsed.isValid()) {
    throw new ProviderError({
      provider: 'phone',
      code: 'SMS_INVALID_NUMBER',
      retryable: false,
      messageJa: `電話番号が無効です（${invalidReason(input)}）`,
      detail: 'phone number failed validation before sending',
      tries: 0,
    });
  }
  return parsed.number;
}

/** A valid Japanese mobile number (070/080/090…). */
export function isMobileJapan(raw: string | null | undefined): boolean {
  const d = describePhone(raw);
  return d.valid && d.country === 'JP' && d.type === 'mobile';
}

/**
 * E.164 of a number an SMS can reach; throws SMS_INVALID_NUMBER for an invalid number and
 * SMS_LANDLINE for a valid one that cannot receive SMS (fixed line, toll-free, IP phone).
 */
export function toSmsRecipient(raw: string): string {
  const e164 = toE164Japan(raw);
  const d = describePhone(e164);
  if (!d.smsCapable) {
    throw new ProviderError({
      provider: 'phone',
      code: 'SMS_LANDLINE',
      retryable: false,
      messageJa: `固定電話または非対応の番号です（${TYPE_LABEL[d.type ?? 'other']}）`,
      detail: `line type ${d.type ?? 'unknown'} cannot receive SMS`,
      tries: 0,
    });
  }
  return e164;
}

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
  const d = describePhone(text);
  if (!d.valid) return { valid: false, mobile: false, formatted: text };
  const formatted = d.country === 'JP' ? d.national! : parsePhoneNumberFromString(d.e164!)!.formatInternational();
  return { valid: true, mobile: d.smsCapable, formatted };
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
