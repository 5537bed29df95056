import { and, count, gte, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { dailyNotes, incidents, inquiries, type DailyNote } from '../db/schema.js';
import type { Period } from '../metrics/period.js';

/** 問い合わせ, インシデント and the day's 特記事項, written by operators from Slack. */
export interface OperatorRecordsRepository {
  addInquiry(input: { summary: string; reservationId: string | null; actor: string; at: Date }): Promise<void>;
  addIncident(input: { summary: string; actor: string; at: Date }): Promise<void>;
  countInquiries(period: Period): Promise<number>;
  countIncidents(period: Period): Promise<number>;
  /** Inserts or replaces the note of a day (yyyy-MM-dd). */
  saveNote(input: { day: string; note: string; actor: string; at: Date }): Promise<DailyNote>;
  findNote(day: string): Promise<DailyNote | undefined>;
}

export function createOperatorRecordsRepository({ db }: { db: Queryable }): OperatorRecordsRepository {
  return {
    async addInquiry({ summary, reservationId, actor, at }) {
      await db.insert(inquiries).values({ summary, reservationId, actor, createdAt: at });
    },
    async addIncident({ summary, actor, at }) {
      await db.insert(incidents).values({ summary, actor, createdAt: at });
    },
    async countInquiries({ from, to }) {
      const [row] = await db.select({ n: count() }).from(inquiries).where(and(gte(inquiries.createdAt, from), lt(inquiries.createdAt, to)));
      return Number(row?.n ?? 0);
    },
    async countIncidents({ from, to }) {
      const [row] = await db.select({ n: count() }).from(incidents).where(and(gte(incidents.createdAt, from), lt(incidents.createdAt, to)));
      return Number(row?.n ?? 0);
    },
    async saveNote({ day, note, actor, at }) {
      const [row] = await db
        .insert(dailyNotes)
        .values({ day, note, actor, updatedAt: at })
        .onConflictDoUpdate({ target: dailyNotes.day, set: { note, actor, updatedAt: at } })
        .returning();
      return row!;
    },
    async findNote(day) {
      const [row] = await db.select().from(dailyNotes).where(sql`${dailyNotes.day} = ${day}`);
      return row;
    },
  };
}
