import type { Db, Queryable } from '../db/client.js';
import type { MaintenanceRecord } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { MAINTENANCE_TASKS, maintenancePeriod, maintenanceTask, type MaintenanceCadence, type MaintenanceTask } from '../domain/maintenance.js';
import { DomainError } from '../errors.js';
import { createRepositories } from '../repositories/index.js';

/** One 週次・月次メンテナンス task in its current period, and who recorded 完了 (null: 未完了). */
export interface MaintenanceItem {
  task: MaintenanceTask;
  period: string;
  done: MaintenanceRecord | null;
}

type LoadDeps = { db: Queryable; clock: Clock; config: { timezone: string } };

/** The tasks of a cadence (or all), each in the period due now, with its record if any. */
export async function loadMaintenance(deps: LoadDeps, { cadence }: { cadence?: MaintenanceCadence } = {}): Promise<MaintenanceItem[]> {
  const now = deps.clock.now();
  const keys = MAINTENANCE_TASKS.filter((t) => !cadence || t.cadence === cadence).map((task) => ({ task, period: maintenancePeriod(task.cadence, now, deps.config.timezone) }));
  const records = await createRepositories({ db: deps.db }).maintenance.findAll(keys.map((k) => ({ task: k.task.key, period: k.period })));
  return keys.map((k) => ({ ...k, done: records.find((r) => r.task === k.task.key && r.period === k.period) ?? null }));
}

/** The tasks still 未完了 in their current period: reminded in every 朝の確認 until done (必要に応じて tasks are not). */
export async function loadPendingMaintenance(deps: LoadDeps): Promise<MaintenanceItem[]> {
  return (await loadMaintenance(deps)).filter((i) => !i.done && i.task.remind);
}

const PERIOD = /^\d{4}-\d{2}(-\d{2})?$/;

/**
 * 完了を記録: inserts the (task, period) record once, in a transaction with its history entry.
 * A second click (or another operator) finds the first record and gets it back unchanged.
 */
export async function recordMaintenanceDone(
  { db, clock }: { db: Db; clock: Clock },
  { task: key, period, userId, note = null }: { task: string; period: string; userId: string; note?: string | null },
): Promise<MaintenanceItem & { created: boolean }> {
  const task = maintenanceTask(key);
  if (!task || !PERIOD.test(period)) throw new DomainError('BAD_MAINTENANCE_TASK', `メンテナンス作業が見つかりません: ${key} ${period}`, { key, period });
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const created = await repos.maintenance.record({ task: key, period, doneBy: userId, doneAt: clock.now(), note: note?.trim() || null });
    if (created) {
      await repos.history.append({ actor: userId, action: 'maintenance.done', before: null, after: { task: key, label: task.label, period, ...(created.note ? { note: created.note } : {}) } });
      return { task, period, done: created, created: true };
    }
    const existing = await repos.maintenance.find(key, period);
    if (!existing) throw new Error(`maintenance record ${key} ${period} neither inserted nor found`);
    return { task, period, done: existing, created: false };
  });
}
