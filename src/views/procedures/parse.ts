import { checkPhone, EMAIL_FORMAT_ERROR, MOBILE_REQUIRED_ERROR, normaliseEmail, PHONE_FORMAT_ERROR } from '../../domain/phone.js';
import { PLAIN_DIGITS, unusualAmount } from '../../domain/amount.js';
import { fromDateTimeInput } from '../../domain/time.js';
import { COMMON_FIELDS } from '../ids/procedures.js';
import type { RecordInput } from '../../workflows/operation/finish.js';
import { AMOUNT_CONFIRMED } from './blocks.js';
import { FieldErrors, openedAtOf, readChecked, readDate, readNormalised, readText, readTime, type FlowMetadata, type FormValues, type Parsed } from './form.js';

/** Field readers shared by the procedures' forms: each adds its Japanese error or returns the value. */

const MAX_MINUTES = 24 * 60;

export function readRecord(values: FormValues, meta: FlowMetadata, errs: FieldErrors): RecordInput {
  const raw = readNormalised(values, COMMON_FIELDS.duration);
  const note = readText(values, COMMON_FIELDS.note) || null;
  const opened = openedAtOf(meta);
  const openedAt = opened ? { openedAt: opened } : {};
  if (raw === '' || raw === String(meta.prefilledMinutes)) return { durationMinutes: null, note, ...openedAt };
  // Plain digits only: Number() would take 0x10, 1e2 and ' 5 '.
  const minutes = PLAIN_DIGITS.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MINUTES) {
    errs.add(COMMON_FIELDS.duration, `所要時間は0〜${MAX_MINUTES}分の整数で入力してください`);
    return { durationMinutes: null, note, ...openedAt };
  }
  return { durationMinutes: minutes, note, ...openedAt };
}

/**
 * 金額: plain digits only (no 1e6, 0x10, 12.5), 1 to 10,000,000; an amount outside 50–200 % of the
 * reservation's (meta.referenceAmount) or above ¥1,000,000 is refused until 「金額の確認」 is checked,
 * the error naming both figures.
 */
export function readAmount(values: FormValues, errs: FieldErrors, meta?: Pick<FlowMetadata, 'referenceAmount'>): number {
  const raw = readNormalised(values, COMMON_FIELDS.amount);
  const amount = PLAIN_DIGITS.test(raw) ? Number(raw) : NaN;
  if (raw && !PLAIN_DIGITS.test(raw)) errs.add(COMMON_FIELDS.amount, '金額は数字のみで入力してください（例: 12000）');
  else if (!Number.isSafeInteger(amount) || amount < 1 || amount > 10_000_000) errs.add(COMMON_FIELDS.amount, '金額は1円以上の整数で入力してください');
  else {
    const unusual = unusualAmount(amount, meta?.referenceAmount);
    if (unusual && !readChecked(values, COMMON_FIELDS.amountConfirm).includes(AMOUNT_CONFIRMED)) {
      errs.add(COMMON_FIELDS.amount, `${unusual}。正しければ「金額の確認」にチェックして、もう一度送信してください`);
    }
  }
  return amount;
}

/** The amount, when the form asked for it (the reservation had none); null when it did not. */
export function readAmountIfAsked(values: FormValues, errs: FieldErrors, meta?: Pick<FlowMetadata, 'referenceAmount'>): number | null {
  return values[COMMON_FIELDS.amount] === undefined ? null : readAmount(values, errs, meta);
}

/** A form whose only inputs are the record's. */
export function parseRecordOnly(values: FormValues, meta: FlowMetadata): Parsed<{ record: RecordInput }> {
  const errs = new FieldErrors();
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ record }));
}

/** The new time: a real date and times, starting in the future, ending after it starts. */
export function readNewTime(values: FormValues, ctx: { now: Date; timeZone: string }, errs: FieldErrors): { startsAt: Date; endsAt: Date } {
  const date = readDate(values, COMMON_FIELDS.date);
  const startsAt = fromDateTimeInput(date, readTime(values, COMMON_FIELDS.start), ctx.timeZone);
  const endsAt = fromDateTimeInput(date, readTime(values, COMMON_FIELDS.end), ctx.timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errs.add(COMMON_FIELDS.date, '日付を選んでください');
  else if (!startsAt) errs.add(COMMON_FIELDS.start, '開始時刻を選んでください');
  else if (!endsAt) errs.add(COMMON_FIELDS.end, '終了時刻を選んでください');
  else if (startsAt.getTime() <= ctx.now.getTime()) errs.add(COMMON_FIELDS.start, '開始日時は現在より後にしてください');
  else if (endsAt.getTime() <= startsAt.getTime()) errs.add(COMMON_FIELDS.end, '終了時刻は開始時刻より後にしてください');
  return { startsAt: startsAt ?? new Date(NaN), endsAt: endsAt ?? new Date(NaN) };
}

/** A Japanese (or international) phone number; `mobile`: it must be able to receive SMS. */
export function readPhone(values: FormValues, blockId: string, opts: { mobile: boolean }, errs: FieldErrors): string {
  const raw = readText(values, blockId);
  const check = checkPhone(raw);
  if (!raw || !check.valid) errs.add(blockId, opts.mobile ? MOBILE_REQUIRED_ERROR : PHONE_FORMAT_ERROR);
  else if (opts.mobile && !check.mobile) errs.add(blockId, MOBILE_REQUIRED_ERROR);
  return check.formatted;
}

export function readEmail(values: FormValues, blockId: string, errs: FieldErrors): string {
  const email = normaliseEmail(readText(values, blockId));
  if (!email) errs.add(blockId, EMAIL_FORMAT_ERROR);
  return email ?? '';
}
