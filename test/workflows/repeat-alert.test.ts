import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client.js';
import { alerts } from '../../src/db/schema.js';
import { createRepositories } from '../../src/repositories/index.js';
import { linkRepeatAlert } from '../../src/workflows/repeat-alert.js';
import { onPostgres, useTestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation } from '../support/seed.js';

const t = useTestDatabase();
const OWNER = 'instance-a';
const AT = new Date('2026-01-29T03:00:00Z');

beforeEach(async () => {
  await seedReservation(t.database.db);
});

const row = async (id: number) => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;

/**
 * Another bot instance's transaction: `step` runs on a second connection, then the transaction
 * stays open (holding its row locks) until `commit()`. `done` settles once it committed.
 */
async function heldTransaction(step: (tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0]) => Promise<void>) {
  const other = await openDatabase({ url: t.database.url! });
  let commit!: () => void;
  const held = new Promise<void>((resolve) => (commit = resolve));
  let stepped!: () => void;
  const ready = new Promise<void>((resolve) => (stepped = resolve));
  const done = other.db.transaction(async (tx) => {
    await step(tx);
    stepped();
    await held;
  });
  await Promise.race([ready, done]); // a failing step rejects here instead of hanging
  return { commit, done, close: () => other.close() };
}

/** An open alert in Slack, and a second one of the same kind that `OWNER` is about to post. */
async function openAndLeased() {
  const original = await coreRaisesAlert(t.database.db, 'late_cancel', AROMA_RESERVATION.id);
  await t.database.db.update(alerts).set({ slackChannel: 'C0ALERTS', slackTs: '1.000001' }).where(eq(alerts.id, original));
  const repeat = await coreRaisesAlert(t.database.db, 'late_cancel', AROMA_RESERVATION.id);
  await t.database.db.update(alerts).set({ postLeaseOwner: OWNER, postLeaseUntil: new Date(Date.now() + 60_000) }).where(eq(alerts.id, repeat));
  return { original, repeat };
}

describe('linking a repeat to the open alert', () => {
  it('links and counts once; a retry after a crash returns the same link without counting again', async () => {
    const { original, repeat } = await openAndLeased();
    const link = await linkRepeatAlert({ db: t.database.db }, { id: repeat, owner: OWNER });
    expect(link?.original).toMatchObject({ id: original, repeats: 1 });
    expect(link?.repeat).toMatchObject({ id: repeat, duplicateOf: original });
    const again = await linkRepeatAlert({ db: t.database.db }, { id: repeat, owner: OWNER });
    expect(again?.original.id).toBe(original);
    expect((await row(original)).repeats).toBe(1);
  });

  it('links nothing for another instance (lost lease), another kind, or a resolved alert', async () => {
    const { original, repeat } = await openAndLeased();
    expect(await linkRepeatAlert({ db: t.database.db }, { id: repeat, owner: 'instance-b' })).toBeUndefined();
    const other = await coreRaisesAlert(t.database.db, 'change_request', AROMA_RESERVATION.id);
    expect(await linkRepeatAlert({ db: t.database.db }, { id: other, owner: OWNER })).toBeUndefined();
    await createRepositories({ db: t.database.db }).alerts.resolve({ id: original, userId: 'U0SATO', at: AT, outcome: 'policy' });
    expect(await linkRepeatAlert({ db: t.database.db }, { id: repeat, owner: OWNER })).toBeUndefined();
    expect(await row(repeat)).toMatchObject({ duplicateOf: null });
    expect((await row(original)).repeats).toBe(0);
  });

  // Two connections at once: PostgreSQL only (the embedded database has one session).
  it.runIf(onPostgres)('a resolve in another instance waits for the link and takes the repeat with it', async () => {
    const { original, repeat } = await openAndLeased();
    const other = await heldTransaction(async (tx) => {
      const repos = createRepositories({ db: tx });
      const open = await repos.alerts.lockOpenOriginal({ id: repeat, kind: 'late_cancel', reservationId: AROMA_RESERVATION.id });
      await repos.alerts.linkRepeat({ id: repeat, owner: OWNER, originalId: open!.id });
    });
    try {
      const resolving = createRepositories({ db: t.database.db }).alerts.resolve({ id: original, userId: 'U0SATO', at: AT, outcome: 'policy' });
      other.commit();
      await other.done;
      expect(await resolving).toMatchObject({ id: original, repeats: 1 });
      expect(await row(repeat)).toMatchObject({ duplicateOf: original, resolvedAt: AT, resolvedBy: 'U0SATO', outcome: 'policy' });
    } finally {
      await other.close();
    }
  });

  it.runIf(onPostgres)('a link waiting for a resolve in another instance finds the alert resolved: the repeat is a new alert', async () => {
    const { original, repeat } = await openAndLeased();
    const other = await heldTransaction(async (tx) => {
      await createRepositories({ db: tx }).alerts.resolve({ id: original, userId: 'U0SATO', at: AT, outcome: 'policy' });
    });
    try {
      const linking = linkRepeatAlert({ db: t.database.db }, { id: repeat, owner: OWNER });
      other.commit();
      await other.done;
      expect(await linking).toBeUndefined();
      expect(await row(repeat)).toMatchObject({ duplicateOf: null, resolvedAt: null });
    } finally {
      await other.close();
    }
  });
});
