/**
 * What `/qrv status` was given: a reservation ID, a client's phone number (any common form:
 * 090-1234-5678, 09012345678, +81 90 1234 5678, full-width digits) or e-mail address.
 * Phone numbers are compared by a lookup key: the domestic digits for Japanese numbers
 * (09012345678), the E.164 form for others. The database side computes the same key from the
 * stored number (src/db/phone-key.ts). Pure.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normaliseEmail } from './phone.js';
import { RESERVATION_ID_PATTERN } from './reservation-status.js';

export type ClientQuery =
  | { kind: 'reservation'; id: string }
  | { kind: 'phone'; key: string; display: string }
  | { kind: 'email'; email: string };

/** The lookup key of a phone number, or undefined when it is not a valid number. */
export function phoneLookupKey(raw: string): string | undefined {
  const text = raw.normalize('NFKC').trim();
  if (!/\d/.test(text)) return undefined;
  const parsed = parsePhoneNumberFromString(text, 'JP');
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.country === 'JP' ? `0${parsed.nationalNumber}` : parsed.number;
}

export function parseClientQuery(input: string): ClientQuery | undefined {
  const text = input.normalize('NFKC').trim();
  const id = text.toUpperCase();
  if (RESERVATION_ID_PATTERN.test(id)) return { kind: 'reservation', id };
  if (text.includes('@')) {
    const email = normaliseEmail(text);
    return email ? { kind: 'email', email } : undefined;
  }
  const key = phoneLookupKey(text);
  if (!key) return undefined;
  const parsed = parsePhoneNumberFromString(text, 'JP')!;
  return { kind: 'phone', key, display: parsed.country === 'JP' ? parsed.formatNational() : parsed.formatInternational() };
}
