import { localDay, localMonth, shiftDay, type LocalDay } from '../metrics/period.js';

/** How often a maintenance task is due (manual §8.2 週次: 金曜日, §8.3 月次: 月初5営業日以内). */
export type MaintenanceCadence = 'weekly' | 'monthly';

export interface MaintenanceTask {
  key: MaintenanceTaskKey;
  /** The manual's name of the task. */
  label: string;
  /** The manual's 所要時間. */
  duration: string;
  cadence: MaintenanceCadence;
  /** Reminded in every 朝の確認 while 未完了 (false for 必要に応じて tasks: shown with a button in the report only). */
  remind: boolean;
}

export const MAINTENANCE_TASKS = [
  { key: 'log_check', label: 'ログ確認', duration: '30分', cadence: 'weekly', remind: true },
  { key: 'shop_list_update', label: '提携店リスト更新（必要に応じて）', duration: '変動', cadence: 'weekly', remind: false },
  { key: 'monthly_report', label: '月次レポート作成', duration: '1時間', cadence: 'monthly', remind: true },
  { key: 'db_backup_check', label: 'データベースバックアップ確認', duration: '15分', cadence: 'monthly', remind: true },
  { key: 'vulnerability_scan', label: '脆弱性スキャン', duration: '30分', cadence: 'monthly', remind: true },
] as const satisfies ReadonlyArray<{ key: string; label: string; duration: string; cadence: MaintenanceCadence; remind: boolean }>;

export type MaintenanceTaskKey = (typeof MAINTENANCE_TASKS)[number]['key'];

export const maintenanceTask = (key: string): MaintenanceTask | undefined => MAINTENANCE_TASKS.find((t) => t.key === key);

/** Friday (実施日: 金曜日). */
const WEEKLY_DAY = 5;

/**
 * The period a task is due in at `at`: a weekly task's period starts on Friday and runs to the
 * next Thursday (`2026-12-04`), so the week's ログ確認 is reminded until done or the next Friday;
 * a monthly task's period is the calendar month (`2026-12`), due from its first day.
 */
export function maintenancePeriod(cadence: MaintenanceCadence, at: Date, timeZone: string): string {
  if (cadence === 'monthly') {
    const m = localMonth(at, timeZone);
    return `${m.year}-${String(m.month).padStart(2, '0')}`;
  }
  const today: LocalDay = localDay(at, timeZone);
  return shiftDay(today, -((today.weekday - WEEKLY_DAY + 7) % 7), timeZone).date;
}
