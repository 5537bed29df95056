import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alerts, history } from '../../src/db/schema.js';
import { CLAIM_ALERT_ACTION } from '../../src/views/ids/alerts.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db);
});

async function postedAlert(env?: Record<string, string>) {
  await t.h.start({ env });
  const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
  const row = await eventually(async () => {
    const [r] = await t.database.db.select().from(alerts).where(eq(alerts.id, id));
    return r?.slackTs ? r : undefined;
  });
  return { id, ts: row.slackTs! };
}

const click = (userId: string, ts: string) => t.h.fake.clickButton({ actionId: CLAIM_ALERT_ACTION, userId, channel: ALERTS_CHANNEL, messageTs: ts });

describe('対応開始', () => {
  it('assigns the alert, updates the message in place and notes it in the thread', async () => {
    const { id, ts } = await postedAlert();
    await click('U0SATO', ts);

    const update = await t.h.fake.waitForCall('chat.update');
    expect(update.args.ts).toBe(ts);
    const message = t.h.fake.message(ALERTS_CHANNEL, ts)!;
    const texts = JSON.stringify(message.attachments);
    expect(texts).toContain('担当: <@U0SATO>（対応開始 ');
    expect(texts).not.toContain(CLAIM_ALERT_ACTION);
    const replies = await eventually(() => (t.h.fake.replies(ALERTS_CHANNEL, ts).length ? t.h.fake.replies(ALERTS_CHANNEL, ts) : undefined));
    expect(replies[0]!.text).toMatch(/^<@U0SATO> さんが対応を開始しました（\d\d:\d\d）$/);

    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, id));
    expect(row!.assignee).toBe('U0SATO');
    expect(row!.claimedAt).toBeInstanceOf(Date);
    const entries = await t.database.db.select().from(history).where(eq(history.alertId, id));
    expect(entries.map((e) => [e.action, e.actor])).toEqual([['alert.claimed', 'U0SATO']]);
  });

  it('two operators clicking at once: one wins, the other is told who has it', async () => {
    const { id, ts } = await postedAlert();
    await Promise.all([click('U0SATO', ts), click('U0TANAKA', ts)]);
    // The clicks resolve on ack; the claim is written just after it.
    const row = await eventually(async () => {
      const [r] = await t.database.db.select().from(alerts).where(eq(alerts.id, id));
      return r?.assignee ? r : undefined;
    });
    const winner = row!.assignee!;
    const loser = winner === 'U0SATO' ? 'U0TANAKA' : 'U0SATO';
    const told = await eventually(() => t.h.fake.ephemerals(loser).find((e) => String(e.text ?? '').includes('対応中')));
    expect(told.text).toBe(`このアラートは <@${winner}> さんが対応中です。`);
    expect(t.h.fake.ephemerals(winner)).toHaveLength(0);
    // The winner's thread note may land after the loser is told.
    await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, ts).length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)).toHaveLength(1);
    expect(await t.database.db.select().from(history).where(eq(history.alertId, id))).toHaveLength(1);
  });

  it('a double click or a redelivered envelope claims once', async () => {
    const { ts } = await postedAlert();
    const [first] = await Promise.all([click('U0SATO', ts), click('U0SATO', ts)]);
    await t.h.fake.redeliver(first.envelopeId);
    await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, ts).length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)).toHaveLength(1);
    expect(t.h.fake.callsTo('chat.update')).toHaveLength(1);
  });

  it('someone not in QRV_OPERATORS is refused and nothing changes', async () => {
    t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO']);
    const { id, ts } = await postedAlert({ QRV_OPERATORS: 'S0QRVOPS' });
    await click('U0GUEST', ts);
    const refusal = await eventually(() => t.h.fake.ephemerals('U0GUEST')[0]);
    expect(refusal.text).toContain('オペレーターのみ');
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, id));
    expect(row!.assignee).toBeNull();

    await click('U0SATO', ts);
    await eventually(async () => {
      const [r] = await t.database.db.select().from(alerts).where(eq(alerts.id, id));
      return r?.assignee === 'U0SATO';
    });
  });
});
