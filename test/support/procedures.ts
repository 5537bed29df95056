import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { alerts, history, operationRecords, outboundMessages, paymentLinks, refunds, reservations, shops } from '../../src/db/schema.js';
import type { Clock } from '../../src/domain/clock.js';
import type { JsonObject } from '../../src/fake-slack/types.js';
import { viewAndMiscHandlers } from '../../src/fake-slack/web-api-views.js';
import type { SubmittedValues } from '../../src/fake-slack/view-state.js';
import { createLocalPorts } from '../../src/ports/local/index.js';
import { ALERTS_CHANNEL, eventually, type BotHarness } from './bot.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops, SHIBUYA_AROMA } from './seed.js';
import type { ReservationStatus } from '../../src/domain/reservation-status.js';

/** A clock the test moves by hand (所要時間, deadlines). */
export function testClock(start: string | Date) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  } satisfies Clock & { advance(minutes: number): void };
}

/** 1月29日 12:00 JST: the day before the manual's example reservation (1月30日 14:00-17:00). */
export const DAY_BEFORE = '2026-01-29T03:00:00Z';

/**
 * Slack slow to open a modal: every views.open waits until `release()` (then opens as usual);
 * `requested` resolves once the bot has asked for one.
 */
export function holdViewsOpen(fake: BotHarness['fake']) {
  let requestedNow!: () => void;
  const requested = new Promise<void>((resolve) => {
    requestedNow = resolve;
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  fake.handle('views.open', async (args, ctx) => {
    requestedNow();
    await released;
    return viewAndMiscHandlers['views.open']!(args, ctx);
  });
  return { requested, release };
}

/** Drives one procedure through the fake Slack, as an operator would. */
export function procedureDriver(h: BotHarness, db: Db) {
  const ports = createLocalPorts();
  return {
    ports,
    /** The core raises an alert; resolves once the bot posted it. */
    async raise(kind: string, details: Record<string, unknown> = {}, reservationId: string | null = AROMA_RESERVATION.id) {
      const alertId = await coreRaisesAlert(db, kind, reservationId, details);
      const ts = await eventually(async () => {
        const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId));
        return row?.slackTs ?? undefined;
      });
      return { alertId, ts };
    },
    click(actionId: string, ts: string, userId = 'U0SATO') {
      return h.fake.clickButton({ actionId, userId, channel: ALERTS_CHANNEL, messageTs: ts });
    },
    clickInModal(actionId: string, viewId: string, userId = 'U0SATO', values?: SubmittedValues) {
      return h.fake.clickButton({ actionId, userId, viewId, ...(values ? { values } : {}) });
    },
    /** The user's top modal once it shows `callbackId`. */
    modal(callbackId: string, userId = 'U0SATO'): Promise<JsonObject> {
      return eventually(() => {
        const top = h.fake.openViews(userId).at(-1);
        return top?.callback_id === callbackId ? top : undefined;
      });
    },
    /** The alert once \`userId\` holds it: a procedure form is shown first and claimed after (issue 15). */
    claimed(alertId: number, userId = 'U0SATO') {
      return eventually(async () => {
        const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId));
        return row?.assignee === userId ? row : undefined;
      });
    },
    submit(values: SubmittedValues, userId = 'U0SATO') {
      return h.fake.submitView({ userId, values });
    },
    async resolved(alertId: number) {
      return eventually(async () => {
        const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId));
        return row?.resolvedAt ? row : undefined;
      });
    },
    /** The alert left 送信中: ✅ 完了 (resolved) or 要再対応 (delivery failed, open again). */
    async settled(alertId: number) {
      return eventually(async () => {
        const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId));
        return row && row.deliveryState !== 'sending' && (row.resolvedAt || row.deliveryState === 'failed') ? row : undefined;
      }, 10_000);
    },
    /**
     * Settled (✅ 完了 or 要再対応), the record note is in the thread, and every job the procedure
     * queued ended (each outbox row sent, refunded or given up, and its result posted in the thread).
     */
    async finished(alertId: number, ts: string) {
      const alert = await this.settled(alertId);
      const note = await eventually(() => h.fake.replies(ALERTS_CHANNEL, ts).find((m) => m.text.startsWith('📝 対応記録')));
      const [messages, refundRows] = await Promise.all([
        db.select().from(outboundMessages).where(eq(outboundMessages.alertId, alertId)),
        db.select().from(refunds).where(eq(refunds.alertId, alertId)),
      ]);
      const rows = messages.length + refundRows.length;
      const results = await eventually(() => {
        const posted = h.fake.replies(ALERTS_CHANNEL, ts).filter((m) => /^(📤|⚠️ <@|💴)/.test(m.text));
        return posted.length >= rows ? posted.map((m) => m.text) : undefined;
      }, 10_000);
      const [latest] = await db.select().from(alerts).where(eq(alerts.id, alertId));
      return { alert: latest ?? alert, note, results, message: h.fake.message(ALERTS_CHANNEL, ts)! };
    },
    async state(reservationId = AROMA_RESERVATION.id) {
      const [reservation] = await db.select().from(reservations).where(eq(reservations.id, reservationId));
      return {
        reservation: reservation!,
        shops: await db.select().from(shops).orderBy(asc(shops.id)),
        messages: await db.select().from(outboundMessages).orderBy(asc(outboundMessages.id)),
        links: await db.select().from(paymentLinks).orderBy(asc(paymentLinks.id)),
        refunds: await db.select().from(refunds).orderBy(asc(refunds.id)),
        records: await db.select().from(operationRecords).orderBy(asc(operationRecords.id)),
        history: await db.select().from(history).orderBy(asc(history.id)),
        alerts: await db.select().from(alerts).orderBy(asc(alerts.id)),
      };
    },
  };
}

/** The text of an alert message (header, fields, outcome), for assertions. */
export function messageText(message: JsonObject): string {
  return JSON.stringify(message.attachments ?? []);
}

/** Action ids of the buttons still on a message. */
export function buttonsOf(message: JsonObject): string[] {
  const blocks = (message.attachments?.[0]?.blocks ?? []) as JsonObject[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as JsonObject[]).map((e) => String(e.action_id)));
}

/** The buttons an open, claimed alert keeps for progress and hand-over (issue 11), after its procedure's own. */
export const HANDOVER_BUTTONS = ['qrv_alert_progress', 'qrv_alert_hold', 'qrv_alert_release', 'qrv_alert_take_over', 'qrv_alert_reassign'];

/**
 * A procedure test's usual start: the shops, the client's reservation in `status` at 渋谷アロマ,
 * the clock the day before the appointment, the driver, and the bot started on the local ports.
 */
export async function startProcedureTest(t: { h: BotHarness; database: { db: Db } }, status: ReservationStatus) {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status, shopId: SHIBUYA_AROMA.id });
  const clock = testClock(DAY_BEFORE);
  const d = procedureDriver(t.h, t.database.db);
  await t.h.start({ clock, ports: d.ports });
  return { clock, d };
}
