import type { Queryable } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { operationRecords, type OperationRecord } from '../db/schema.js';
import { errors } from '../errors.js';

export type NewOperationRecord = Omit<typeof operationRecords.$inferInsert, 'id' | 'createdAt'>;

/** 対応内容 / 所要時間 / 結果 of a finished procedure (manual §3 手順4): one per alert. */
export interface OperationRecordsRepository {
  insert(record: NewOperationRecord): Promise<OperationRecord>;
}

export function createOperationRecordsRepository({ db }: { db: Queryable }): OperationRecordsRepository {
  return {
    async insert(record) {
      try {
        const [row] = await db.insert(operationRecords).values(record).returning();
        return row!;
      } catch (error) {
        if (isUniqueViolation(error)) throw errors.alreadyResolved(null);
        throw error;
      }
    },
  };
}
