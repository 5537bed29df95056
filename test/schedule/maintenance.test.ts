import { describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { history, maintenanceRecords } from '../../src/db/schema.js';
import { MAINTENANCE_DONE_ACTION, MAINTENANCE_DONE_CALLBACK, MAINTENANCE_NOTE_BLOCK, MAINTENANCE_NOTE_INPUT } from '../../src/views/ids/maintenance.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock } from '../support/metrics-seed.js';

const t = useBotTest();
const OPERATORS = { QRV_SCHEDULER: 'on', QRV_OPERATORS: 'S0QRVOPS' };
const textOf = (m: unknown): string => JSON.stringify(m) ?? '';
const reports = (title: string) => t.h.fake.messages(ALERTS_CHANNEL).filter((m) => textOf(m.blocks).includes(`【${title}】`));
const latest = (title: string) => reports(title).at(-1)!;
const current = (ts: string) => textOf(t.h.fake.message(ALERTS_CHANNEL, ts)!.blocks);
const click = (userId: string, ts: string, value: string) =>
  t.h.fake.clickButton({ actionId: MAINTENANCE_DONE_ACTION, userId, channel: ALERTS_CHANNEL, messageTs: ts, value });
const doneModals = (userId: string) => t.h.fake.openViews(userId).filter((v) => v.callback_id === MAINTENANCE_DONE_CALLBACK);
/** Opened modals are replaced by the next views.open, so wait for a new view id. */
const submit = (userId: string, viewId: string, note?: string) =>
  t.h.fake.submitView({ userId, viewId, values: note ? { [MAINTENANCE_NOTE_BLOCK]: { [MAINTENANCE_NOTE_INPUT]: { value: note } } } : {} });
/** 完了を記録 → the 完了 modal → 完了 (メモ optional). */
const done = async (userId: string, ts: string, value: string, note?: string) => {
  const before = doneModals(userId)[0]?.id;
  await click(userId, ts, value);
  const modal = await eventually(() => doneModals(userId).find((v) => v.id !== before));
  await submit(userId, modal.id as string, note);
};

describe('週次・月次メンテナンス: 完了を記録 (manual §8.2, §8.3)', () => {
  it('Friday ログ確認: reminded every morning until an operator records it, then shown as ✅ 完了', async () => {
    t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO']);
    const clock = fixedClock('2026-12-04 17:00'); // a Friday
    const bot = await t.h.start({ clock, env: OPERATORS });
    clock.set('2026-12-04 18:00');
    await bot.scheduler!.tick();
    const weekly = latest('週次レポート');
    const weeklyText = textOf(weekly.blocks);
    expect(weeklyText).toContain('週次メンテナンス*（金曜日）');
    expect(weeklyText).toContain('• ログ確認（30分） — ⬜ 未完了（12月4日の週）');
    expect(weeklyText).toContain('完了を記録');
    expect(weeklyText).toContain('• 提携店リスト更新（必要に応じて）（変動） — ⬜ 未完了（12月4日の週）');
    expect(weeklyText).not.toContain('脆弱性スキャン'); // monthly tasks belong to the monthly report

    // Only configured operators can record it.
    await click('U0GUEST', weekly.ts, 'log_check|2026-12-04');
    expect((await eventually(() => t.h.fake.ephemerals('U0GUEST')[0])).text).toContain('オペレーターのみ');
    expect(await t.database.db.select().from(maintenanceRecords)).toEqual([]);

    // Monday 10:00 (next business day): 朝の確認 still reminds it, with the button.
    clock.set('2026-12-07 10:00');
    await bot.scheduler!.tick();
    const monday = latest('朝の確認');
    const mondayText = textOf(monday.blocks);
    expect(mondayText).toContain('未完了のメンテナンス*（4件');
    expect(mondayText).toContain('• 月次レポート作成（1時間） — ⬜ 未完了（2026年12月）');
    expect(mondayText).not.toContain('提携店リスト更新'); // 必要に応じて: in the weekly report only, not reminded
    expect(mondayText).toContain('• ログ確認（30分） — ⬜ 未完了（12月4日の週）');
    expect(mondayText).toContain('• データベースバックアップ確認（15分） — ⬜ 未完了（2026年12月）');

    // 完了を記録 opens the 完了 modal; nothing is recorded until it is submitted. Recorded once, with one
    // history row, even when 完了 comes twice (a retry, or a second click on an old copy of the post).
    clock.set('2026-12-07 10:05');
    await click('U0SATO', monday.ts, 'log_check|2026-12-04');
    const modal = await eventually(() => doneModals('U0SATO')[0]);
    expect(textOf(modal.blocks)).toContain('ログ確認（30分）');
    expect(await t.database.db.select().from(maintenanceRecords)).toEqual([]);
    await submit('U0SATO', modal.id as string);
    await eventually(() => current(monday.ts).includes('• ログ確認（30分） — ✅ 完了'));
    await done('U0SATO', weekly.ts, 'log_check|2026-12-04', '二度目');
    await eventually(() => current(weekly.ts).includes('• ログ確認（30分） — ✅ 完了（<@U0SATO>, 12月7日 10:05）')); // the first record
    expect(current(weekly.ts)).not.toContain('二度目');
    await eventually(() => current(monday.ts).includes('• ログ確認（30分） — ✅ 完了（<@U0SATO>, 12月7日 10:05）'));
    expect(current(monday.ts)).toContain('データベースバックアップ確認（15分） — ⬜ 未完了'); // the others stay
    expect(current(monday.ts)).toContain('【朝の確認】');
    const rows = await t.database.db.select().from(maintenanceRecords);
    expect(rows.map((r) => [r.task, r.period, r.doneBy, r.doneAt.toISOString(), r.note])).toEqual([['log_check', '2026-12-04', 'U0SATO', '2026-12-07T01:05:00.000Z', null]]);
    const audit = await t.database.db.select().from(history).where(eq(history.action, 'maintenance.done')).orderBy(asc(history.id));
    expect(audit.map((h) => [h.actor, h.after])).toEqual([['U0SATO', { task: 'log_check', label: 'ログ確認', period: '2026-12-04' }]]);

    // Tuesday: no longer reminded; the monthly ones still are.
    clock.set('2026-12-08 10:00');
    await bot.scheduler!.tick();
    const tuesday = textOf(latest('朝の確認').blocks);
    expect(tuesday).toContain('未完了のメンテナンス*（3件');
    expect(tuesday).not.toContain('ログ確認');

    // 提携店リスト更新 is recorded from the weekly post like the others.
    await done('U0SATO', weekly.ts, 'shop_list_update|2026-12-04', '  SHOP-031 を追加  ');
    await eventually(() => current(weekly.ts).includes('• 提携店リスト更新（必要に応じて）（変動） — ✅ 完了（<@U0SATO>, 12月8日 10:00: SHOP-031 を追加）'));
    const noted = await t.database.db.select().from(maintenanceRecords).where(eq(maintenanceRecords.task, 'shop_list_update'));
    expect(noted.map((r) => r.note)).toEqual(['SHOP-031 を追加']);

    // The next Friday is a new period: 未完了 again.
    clock.set('2026-12-11 18:00');
    await bot.scheduler!.tick();
    expect(textOf(latest('週次レポート').blocks)).toContain('• ログ確認（30分） — ⬜ 未完了（12月11日の週）');
  });

  it('monthly report: データベースバックアップ確認 / 脆弱性スキャン each recorded from the post; 朝の確認 stops reminding them once done', async () => {
    t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO', 'U0TANAKA']);
    const clock = fixedClock('2026-12-01 10:00');
    const bot = await t.h.start({ clock, env: OPERATORS });
    const monthly = await eventually(() => reports('月次レポート')[0]);
    expect(current(monthly.ts)).toContain('• 月次レポート作成（1時間） — ⬜ 未完了（2026年12月）');
    expect(current(monthly.ts)).toContain('• データベースバックアップ確認（15分） — ⬜ 未完了（2026年12月）');
    expect(current(monthly.ts)).toContain('• 脆弱性スキャン（30分） — ⬜ 未完了（2026年12月）');

    clock.set('2026-12-01 11:30');
    await done('U0TANAKA', monthly.ts, 'db_backup_check|2026-12');
    await eventually(() => current(monthly.ts).includes('• データベースバックアップ確認（15分） — ✅ 完了（<@U0TANAKA>, 12月1日 11:30）'));
    expect(current(monthly.ts)).toContain('• 脆弱性スキャン（30分） — ⬜ 未完了');
    expect(current(monthly.ts)).toContain('【月次レポート】2026年11月');

    // Someone clicking an outdated copy of the button gets the first record, not a second one.
    await done('U0SATO', monthly.ts, 'db_backup_check|2026-12', '別の記録');
    await done('U0SATO', monthly.ts, 'vulnerability_scan|2026-12', 'npm audit: 重大 0件');
    await eventually(() => current(monthly.ts).includes('• 脆弱性スキャン（30分） — ✅ 完了（<@U0SATO>, 12月1日 11:30: npm audit: 重大 0件）'));
    expect(current(monthly.ts)).not.toContain('別の記録');
    expect(current(monthly.ts)).toContain('データベースバックアップ確認（15分） — ✅ 完了（<@U0TANAKA>');
    const rows = await t.database.db.select().from(maintenanceRecords).orderBy(asc(maintenanceRecords.task));
    expect(rows.map((r) => [r.task, r.doneBy])).toEqual([['db_backup_check', 'U0TANAKA'], ['vulnerability_scan', 'U0SATO']]);

    clock.set('2026-12-02 10:00');
    await bot.scheduler!.tick();
    const morning = textOf(latest('朝の確認').blocks);
    expect(morning).toContain('未完了のメンテナンス*（2件'); // the week's ログ確認 (from Friday 11月27日) and 月次レポート作成 are left
    expect(morning).toContain('月次レポート作成（1時間） — ⬜ 未完了（2026年12月）');
    expect(morning).toContain('ログ確認（30分） — ⬜ 未完了（11月27日の週）');
    expect(morning).not.toContain('脆弱性スキャン');
  });

  const AUDIT_JSON = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 1, moderate: 2, high: 0, critical: 0, total: 3 } } });

  /** The thread replies under a post. */
  const replies = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => String(m.text));

  it('monthly report: checks the WAL archive itself; npm audit runs after the post and answers in its thread (fake runner, no network)', async () => {
    const clock = fixedClock('2026-12-01 10:00');
    let finishAudit!: (json: string) => void;
    await t.h.start({ clock, env: OPERATORS, audit: () => new Promise<string>((resolve) => (finishAudit = resolve)) });
    // The post does not wait for npm audit (up to a minute): it says 実行中.
    const monthly = await eventually(() => reports('月次レポート')[0]);
    const text = current(monthly.ts);
    expect(text).toContain('自動確認');
    expect(text).toContain('• 脆弱性スキャン: 実行中（結果はこのスレッドに投稿します）');
    // The embedded database has no WAL archive; the test PostgreSQL runs with archive_mode = off.
    expect(text).toContain('• データベースバックアップ（WALアーカイブ）: 確認できませんでした（');
    expect(text).toContain(process.env.TEST_DATABASE_URL ? 'WALアーカイブが無効です' : '組み込みデータベースのためWALアーカイブはありません');
    await eventually(() => finishAudit);
    expect(replies(monthly.ts).filter((r) => r.includes('脆弱性スキャン'))).toEqual([]);
    finishAudit(AUDIT_JSON);
    const note = await eventually(() => replies(monthly.ts).find((r) => r.includes('脆弱性スキャン')));
    expect(note).toBe('🔍 脆弱性スキャン（自動確認）: npm audit（本番依存）: 緊急 0件、高 0件、中 2件、低 1件');
  });

  it('monthly report: npm audit failing (registry unreachable) is said in the thread, never shown as checked', async () => {
    const clock = fixedClock('2026-12-01 10:00');
    const registryError = JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed' } });
    await t.h.start({ clock, env: OPERATORS, audit: () => Promise.resolve(registryError) });
    const monthly = await eventually(() => reports('月次レポート')[0]);
    const note = await eventually(() => replies(monthly.ts).find((r) => r.includes('脆弱性スキャン')));
    expect(note).toBe('⚠️ 脆弱性スキャン（自動確認）: 確認できませんでした（npm audit: request to https://registry.npmjs.org failed）');
    expect([current(monthly.ts), ...replies(monthly.ts)].join('\n')).not.toContain('npm audit（本番依存）');
  });
});
