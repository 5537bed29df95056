import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts, alertNotes, type Alert } from '../../src/db/schema.js';
import { stormTrigger, usualPerWindow } from '../../src/domain/storm.js';
import { createLogger } from '../../src/logger.js';
import { createRepositories } from '../../src/repositories/index.js';
import { endQuietStorm, stormAlertFor } from '../../src/workflows/storms.js';
import { useTestDatabase } from '../support/db.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { raiseManualAlerts, stormsOf } from '../support/storm.js';

const t = useTestDatabase();
const rule = { count: 10, windowMinutes: 10 };
const logger = createLogger({ level: 'silent' });

const judge = async (alert: Alert, at = '2026-11-30 03:00', priority: 'high' | 'critical' = 'high') =>
  stormAlertFor({ db: t.database.db, clock: fixedClock(at), rule }, { alert, priority });
const rowOf = async (id: number) => (await t.database.db.select().from(alerts).where(sql`${alerts.id} = ${id}`))[0]!;

describe('storm rule (pure)', () => {
  it('QRV_STORM_COUNT in the window, or twice the usual rate with a floor of 60 % of the count', () => {
    const quiet = usualPerWindow(0, rule);
    expect(stormTrigger({ inWindow: 2, usual: quiet, rule })).toBeUndefined();
    expect(stormTrigger({ inWindow: 5, usual: quiet, rule })).toBeUndefined();
    expect(stormTrigger({ inWindow: 6, usual: quiet, rule })).toBe('rate');
    expect(stormTrigger({ inWindow: 10, usual: quiet, rule })).toBe('count');
    // Busy: 4 per 10 minutes over the last 7 days (4032 alerts) → twice is 8.
    const busy = usualPerWindow(4 * 6 * 24 * 7, rule);
    expect(busy).toBe(4);
    expect(stormTrigger({ inWindow: 7, usual: busy, rule })).toBeUndefined();
    expect(stormTrigger({ inWindow: 8, usual: busy, rule })).toBe('rate');
    expect(stormTrigger({ inWindow: 12, usual: 20, rule })).toBe('count');
  });
});

describe('storm detection and end (real database)', () => {
  it('on a busy week (3 per window), 5 in the window is no storm; 10 is (count); a 緊急 alert never joins; alerts before the window do not count', async () => {
    // The usual rate: 3 change_request an hour-ish, 7 days back → 3 per window (3024 alerts).
    await t.database.db.execute(sql`insert into alerts (kind, details, created_at)
      select 'change_request', '{}'::jsonb, ${jst('2026-11-30 02:50').toISOString()}::timestamptz - (g * interval '10 minutes') + interval '1 second'
        from generate_series(1, 1008) g, generate_series(1, 3) k`);
    const early = await raiseManualAlerts(t.database.db, 6, jst('2026-11-30 02:45'));
    const ids = await raiseManualAlerts(t.database.db, 5, jst('2026-11-30 02:59'), 6);
    expect(await judge(await rowOf(ids[0]!))).toBeUndefined();
    const more = await raiseManualAlerts(t.database.db, 5, jst('2026-11-30 03:00'), 11);
    expect(await judge(await rowOf(more[0]!), '2026-11-30 03:00', 'critical')).toBeUndefined();
    expect(early).toHaveLength(6);
    const stormAlert = await judge(await rowOf(more[0]!));
    expect(stormAlert).toBeTypeOf('number');
    const { storms, messages } = await stormsOf(t.database.db);
    expect(storms).toMatchObject([{ trigger: 'count', triggerCount: 10, windowMinutes: 10, open: true, alertId: stormAlert }]);
    expect(messages[0]).toMatchObject({ kind: 'system', details: { severity: 'high', title: 'マニュアルオペ多発: Bland.ai障害の可能性', storm_id: storms[0]!.id } });
    // While it lasts, every manual alert joins it (no new judgement).
    expect(await judge(await rowOf(ids[1]!))).toBe(stormAlert);
  });

  it('twice the usual rate on a quiet week (6 ≥ 60 % of QRV_STORM_COUNT): a rate storm; 5 is none', async () => {
    const ids = await raiseManualAlerts(t.database.db, 5, jst('2026-11-30 02:55'));
    expect(await judge(await rowOf(ids[0]!))).toBeUndefined();
    await raiseManualAlerts(t.database.db, 1, jst('2026-11-30 02:56'), 5);
    expect(await judge(await rowOf(ids[0]!))).toBeTypeOf('number');
    expect((await stormsOf(t.database.db)).storms).toMatchObject([{ trigger: 'rate', triggerCount: 6 }]);
  });

  it('two instances judging at once: one storm, one storm message (the unique index)', async () => {
    const ids = await raiseManualAlerts(t.database.db, 12, jst('2026-11-30 03:00'));
    const found = await Promise.all(ids.slice(0, 6).map(async (id) => judge(await rowOf(id))));
    expect(new Set(found).size).toBe(1);
    // Posted, its message is re-rendered by every alert-sync sweep while the storm is open (the tally heals).
    const repos = createRepositories({ db: t.database.db });
    expect(await repos.alertSync.listBehind(10)).toEqual([]);
    await t.database.db.update(alerts).set({ slackChannel: 'C0QRVALERT', slackTs: '1700000000.000001' }).where(sql`${alerts.id} = ${found[0]!}`);
    expect(await repos.alertSync.listBehind(10)).toEqual([found[0]]);
    const { storms, messages } = await stormsOf(t.database.db);
    expect(storms).toHaveLength(1);
    expect(messages).toHaveLength(1);
  });

  it('ends once after a quiet window, with its note queued in the same commit', async () => {
    const ids = await raiseManualAlerts(t.database.db, 10, jst('2026-11-30 03:00'));
    const stormAlert = (await judge(await rowOf(ids[0]!)))!;
    await raiseManualAlerts(t.database.db, 1, jst('2026-11-30 03:04'), 10);
    const requested: number[] = [];
    const notifier = { endNote: ({ tally }: { tally: Array<{ kind: string; count: number }> }) => `収束 ${tally.map((x) => `${x.kind}=${x.count}`).join(',')}`, request: async (id: number) => void requested.push(id) };
    const end = (at: string) => endQuietStorm({ db: t.database.db, clock: fixedClock(at), rule, notifier, logger });
    expect(await end('2026-11-30 03:13')).toBeUndefined();
    const [a, b] = await Promise.all([end('2026-11-30 03:14'), end('2026-11-30 03:14')]);
    expect([a, b].filter((x) => x !== undefined)).toHaveLength(1);
    const notes = await t.database.db.select().from(alertNotes);
    expect(notes.map((n) => [n.alertId, n.text])).toEqual([[stormAlert, '収束 all_shops_ng=3,ambiguous_answer=3,change_request=3,late_cancel=2']]);
    expect(requested).toEqual([stormAlert]);
    expect((await stormsOf(t.database.db)).storms[0]).toMatchObject({ open: false, lastAlertAt: jst('2026-11-30 03:04') });
  });
});
