import { yen } from './client-messages.js';

/** Above this, an amount typed by an operator needs a confirmation (issue #9). */
const AMOUNT_CONFIRM_ABOVE_JPY = 1_000_000;

/**
 * Why an entered amount (金額) needs a second look, in Japanese; null when it looks normal:
 * above ¥1,000,000, or outside 50–200 % of the reservation's amount. Both figures are named.
 */
export function unusualAmount(amount: number, reference: number | null | undefined): string | null {
  if (amount > AMOUNT_CONFIRM_ABOVE_JPY) return `入力した金額 ${yen(amount)} は ${yen(AMOUNT_CONFIRM_ABOVE_JPY)} を超えています（予約の金額: ${reference ? yen(reference) : '未設定'}）`;
  if (reference && reference > 0 && (amount * 2 < reference || amount > reference * 2)) {
    return `入力した金額 ${yen(amount)} は予約の金額 ${yen(reference)} の50〜200%の範囲外です`;
  }
  return null;
}

/** Only plain digits (full-width digits normalised before): no 1e6, 0x10, 12.5, -3 or 12,000. */
export const PLAIN_DIGITS = /^[0-9]+$/;
