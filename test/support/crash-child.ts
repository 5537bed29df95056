/**
 * A bot process that dies at the worst moment: it commits a procedure's transaction (the
 * reservation's payment link and the SMS carrying it are now in the outbox) and is SIGKILLed
 * before any delivery runs. Run by test/delivery/crash.test.ts with
 * `node --import tsx`, on CRASH_DATABASE_URL (PostgreSQL) or the PGlite directory CRASH_DATA_DIR.
 */
import { openDatabase } from '../../src/db/client.js';
import { resendPaymentLink } from '../../src/workflows/sms-failed/resend.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops, SHIBUYA_AROMA } from './seed.js';

const url = process.env.CRASH_DATABASE_URL || undefined;
const database = await openDatabase(url ? { url } : { dataDir: process.env.CRASH_DATA_DIR! });
await database.migrate();
const db = database.db;
await seedShops(db);
await seedReservation(db, { status: 'calling_success', shopId: SHIBUYA_AROMA.id, clientPhone: '090-1234-567' });
const alertId = await coreRaisesAlert(db, 'sms_failed', AROMA_RESERVATION.id, { error: '21211 invalid To number' });
await resendPaymentLink(
  { db, clock: { now: () => new Date('2026-01-29T03:00:00Z') }, timeZone: 'Asia/Tokyo' },
  { alertId, userId: 'U0SATO', contact: { sms: '090-1234-5678' }, amountJpy: null, record: { durationMinutes: null, note: null } },
);
process.stdout.write(`committed ${alertId}\n`);
process.kill(process.pid, 'SIGKILL');
