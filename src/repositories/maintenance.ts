import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { maintenanceRecords, type MaintenanceRecord } from '../db/schema.js';

/** Who recorded 完了 for each 週次・月次メンテナンス task and period. */
export interface MaintenanceRepository {
  /** Inserts the record unless the task is already recorded for the period (then undefined). */
  record(input: { task: string; period: string; doneBy: string; doneAt: Date; note: string | null }): Promise<MaintenanceRecord | undefined>;
  find(task: string, period: string): Promise<MaintenanceRecord | undefined>;
  /** The records of these (task, period) pairs. */
  findAll(keys: Array<{ task: string; period: string }>): Promise<MaintenanceRecord[]>;
}

export function createMaintenanceRepository({ db }: { db: Queryable }): MaintenanceRepository {
  return {
    async record(input) {
      const [row] = await db.insert(maintenanceRecords).values(input).onConflictDoNothing().returning();
      return row;
    },
    async find(task, period) {
      const [row] = await db.select().from(maintenanceRecords).where(and(eq(maintenanceRecords.task, task), eq(maintenanceRecords.period, period)));
      return row;
    },
    async findAll(keys) {
      if (keys.length === 0) return [];
      const rows = await db.select().from(maintenanceRecords).where(inArray(maintenanceRecords.period, [...new Set(keys.map((k) => k.period))]));
      return rows.filter((r) => keys.some((k) => k.task === r.task && k.period === r.period));
    },
  };
}
