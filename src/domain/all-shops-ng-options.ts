import { formatClock, minuteOfDay } from './time.js';

/** Manual §3.1 手順2 対応方針の決定: each option with its condition and time budget, in the manual's words. */
export const ALL_SHOPS_NG_OPTIONS = [
  { key: 'A', label: 'A: 未登録店舗に電話', condition: '対応可能な店舗が見つかる可能性が高い', budget: '15〜30分' },
  { key: 'B', label: 'B: 日時変更を提案', condition: '時間帯が悪い（夜間、早朝等）', budget: '10〜15分' },
  { key: 'C', label: 'C: キャンセル処理', condition: '依頼者が希望を変えない場合', budget: '5〜10分' },
] as const;

export type AllShopsNgOption = (typeof ALL_SHOPS_NG_OPTIONS)[number]['key'];

/** The hours shops usually take bookings (QRV_DAYTIME, minutes after local midnight): outside them B is 推奨. */
export interface DaytimeHours {
  fromMinute: number;
  toMinute: number;
}

export const DEFAULT_DAYTIME: DaytimeHours = { fromMinute: 8 * 60, toMinute: 21 * 60 };

/**
 * Why B 日時変更を提案 is the likely option: the booking starts at night or early in the morning
 * (before `fromMinute`, or at `toMinute` or later, local time). Null when it starts in the daytime.
 */
export function offHoursReason(startsAt: Date, daytime: DaytimeHours, timeZone: string): string | null {
  // The wall clock read once per instant and zone (src/domain/time.ts): every alert card asks (issue 15).
  const minute = minuteOfDay(startsAt, timeZone);
  const clock = formatClock(startsAt, timeZone);
  if (minute < daytime.fromMinute) return minute < 5 * 60 ? `開始 ${clock} は夜間` : `開始 ${clock} は早朝`;
  if (minute >= daytime.toMinute) return `開始 ${clock} は夜間`;
  return null;
}
