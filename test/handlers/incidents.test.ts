import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts, history, incidents, incidentSteps } from '../../src/db/schema.js';
import type { StoredMessage } from '../../src/fake-slack/index.js';
import { INCIDENT_ACTIONS as A, INCIDENT_FIELDS as F, INCIDENT_VIEWS as V } from '../../src/views/ids/incidents.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { declareIncident, incidentMessages } from '../support/incidents.js';
import { seedReservation } from '../support/seed.js';

const t = useBotTest();
// Early morning: no scheduled post is due, only reminders.
const ENV = { QRV_SCHEDULER: 'on', QRV_OPERATORS: 'U0SATO,U0SUZUKI' };

const replies = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const bodyOf = (m: StoredMessage | undefined) => JSON.stringify(m?.attachments ?? []);
const stepRows = async (id: number) =>
  Object.fromEntries((await t.database.db.select().from(incidentSteps).where(eq(incidentSteps.incidentId, id))).map((s) => [s.step, s]));

const declare = (text: string, userId = 'U0SATO') => declareIncident(t, text, userId);

async function click(actionId: string, value: string, ts: string, userId = 'U0SATO') {
  // The element as the user's screen showed it: a stale screen may still show a button since removed.
  return t.h.fake.clickButton({ actionId, value, userId, channel: ALERTS_CHANNEL, messageTs: ts, element: { type: 'button', action_id: actionId, value } });
}

async function completeStep(id: number, step: string, ts: string, note: string, userId = 'U0SATO') {
  await click(A.stepDone, `${id}:${step}`, ts, userId);
  await eventually(() => t.h.fake.openViews(userId).find((v) => v.callback_id === V.stepDone));
  await t.h.fake.submitView({ userId, values: { [F.note]: { value: { value: note } } } });
}

describe('declared incidents (manual §7)', { timeout: 120_000 }, () => {
  it('緊急: the timeline as a checklist, a reminder at each checkpoint still open (mentioning the commander), 完了 with a note, hand-over, 復旧 and the post-mortem due in 24 h', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    const bot = await t.h.start({ clock, env: ENV });
    const { id, ts } = await declare('緊急 APIサーバー全体がダウン');

    const message = t.h.fake.message(ALERTS_CHANNEL, ts)!;
    expect(message.text).toBe('🚨 インシデント（緊急）: APIサーバー全体がダウン');
    const body = bodyOf(message);
    for (const line of ['指揮: <@U0SATO>', '開始: 11月30日 03:00', '☐ *初動対応（5分以内）* — 期限 11月30日 03:05', '・ログ確認（CloudWatch Logs）',
      '☐ *応急処置（30分以内）* — 期限 11月30日 03:30', '☐ *復旧確認（45分以内）* — 期限 11月30日 03:45', '・smoke test実施', '☐ *経営陣に報告*',
      '☐ *ポストモーテム作成（24時間以内）* — 期限: 復旧から24時間']) {
      expect(body).toContain(line);
    }
    await eventually(() => replies(ts)[0] === '🚨 03:00 <@U0SATO> がインシデントを宣言しました（緊急）。指揮: <@U0SATO>');
    expect(await t.database.db.select().from(history).where(eq(history.action, 'incident.declared'))).toHaveLength(1);

    clock.set('2026-11-30 03:04');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([]);
    clock.set('2026-11-30 03:05');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([{ incidentId: id, step: 'initial' }]);
    expect(replies(ts)[1]).toBe('⏰ <@U0SATO> 「初動対応（5分以内）」の期限（11月30日 03:05）を過ぎています。完了したら「完了」を押してください。');
    expect(bodyOf(t.h.fake.message(ALERTS_CHANNEL, ts))).toContain('期限 11月30日 03:05 ⚠️ 期限超過');
    clock.set('2026-11-30 03:06');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([]);

    await completeStep(id, 'initial', ts, 'api-server のログで DB 接続エラー');
    await eventually(() => replies(ts).includes('✅ 03:06 初動対応（5分以内） 完了 — <@U0SATO>\nメモ: api-server のログで DB 接続エラー'));
    await eventually(() => bodyOf(t.h.fake.message(ALERTS_CHANNEL, ts)).includes('✅ ~初動対応（5分以内）~ — <@U0SATO> 03:06（メモ: api-server のログで DB 接続エラー）'));
    // A second 完了 (a stale screen) is refused: one completion.
    await completeStep(id, 'initial', ts, 'again', 'U0SUZUKI');
    await eventually(() => t.h.fake.ephemerals('U0SUZUKI').find((e) => e.text.includes('この手順は完了済みです（<@U0SATO>）')));
    await completeStep(id, 'mitigation', ts, '');

    // 指揮を引き継ぐ: 鈴木 takes command; a press from a screen that still shows 佐藤 is refused afterwards.
    await click(A.takeCommand, `${id}:U0SATO`, ts, 'U0SUZUKI');
    await eventually(() => replies(ts).includes('🎖 03:06 指揮を引き継ぎました: <@U0SATO> → <@U0SUZUKI>'));
    await eventually(() => bodyOf(t.h.fake.message(ALERTS_CHANNEL, ts)).includes('指揮: <@U0SUZUKI>'));
    await click(A.takeCommand, `${id}:U0SATO`, ts, 'U0SATO');
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes('指揮者が変わっています（現在 <@U0SUZUKI>）')));
    await click(A.takeCommand, `${id}:U0SUZUKI`, ts, 'U0TANAKA');
    await eventually(() => t.h.fake.ephemerals('U0TANAKA').length > 0);
    expect((await t.database.db.select().from(incidents).where(eq(incidents.id, id)))[0]!.commander).toBe('U0SUZUKI');

    clock.set('2026-11-30 03:30');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([]); // 応急処置 is done
    clock.set('2026-11-30 03:45');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([{ incidentId: id, step: 'recovery_check' }]);
    expect(replies(ts).at(-1)).toBe('⏰ <@U0SUZUKI> 「復旧確認（45分以内）」の期限（11月30日 03:45）を過ぎています。完了したら「完了」を押してください。');

    await seedReservation(t.database.db, { createdAt: jst('2026-11-30 03:20'), updatedAt: jst('2026-11-30 03:20') });
    clock.set('2026-11-30 03:50');
    await click(A.recover, String(id), ts, 'U0SUZUKI');
    await eventually(() => replies(ts).includes('✅ 03:50 復旧 — <@U0SUZUKI>（開始から 50分）\nポストモーテム作成の期限: 12月1日 03:50'));
    const ended = await eventually(() => (bodyOf(t.h.fake.message(ALERTS_CHANNEL, ts)).includes('✅ 復旧 11月30日 03:50') ? t.h.fake.message(ALERTS_CHANNEL, ts) : undefined));
    expect(bodyOf(ended)).not.toContain(A.recover);
    expect(bodyOf(ended)).not.toContain(A.takeCommand);
    expect(bodyOf(ended)).toContain('"text":"提出済み"');
    expect((await stepRows(id)).postmortem!.dueAt).toEqual(jst('2026-12-01 03:50'));
    // The ポストモーテム draft as a Markdown file in the thread: the record, the counts, the timeline, blanks for the author.
    const file = await eventually(() => t.h.fake.files.find((f) => f.thread_ts === ts));
    const md = file.bytes.toString('utf8');
    expect(file.filename).toBe(`qrv-incident-${id}-ポストモーテム.md`);
    for (const part of ['# ポストモーテム: APIサーバー全体がダウン', '- 開始: 11月30日 03:00 / 復旧: 11月30日 03:50（所要 50分）', '- 提出期限: 12月1日 03:50',
      '- 期間中に作成・更新された予約: 1件\n  - 全店NG（calling_failed）: 1件', '- 11月30日 03:06 初動対応（5分以内） 完了（U0SATO）: api-server のログで DB 接続エラー',
      '- 11月30日 03:50 復旧（U0SUZUKI）', '## 原因\n\n（記入してください）', '## 再発防止策\n\n（記入してください）']) {
      expect(md).toContain(part);
    }
    await click(A.recover, String(id), ts, 'U0SATO');
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes('このインシデントは復旧済みです')));

    // After 復旧 only the report is reminded, at its due time, then 提出済み with its link.
    clock.set('2026-12-01 03:49');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([]);
    clock.set('2026-12-01 03:50');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([{ incidentId: id, step: 'postmortem' }]);
    expect(replies(ts).at(-1)).toContain('「ポストモーテム作成（24時間以内）」の期限（12月1日 03:50）を過ぎています。提出したら「提出済み」を押してレポートのリンクを入力してください');
    await click(A.stepDone, `${id}:postmortem`, ts, 'U0SUZUKI');
    await eventually(() => t.h.fake.openViews('U0SUZUKI').find((v) => v.callback_id === V.stepDone));
    await t.h.fake.submitView({ userId: 'U0SUZUKI', values: { [F.link]: { value: { value: 'https://wiki.example.jp/postmortem/1' } } } });
    await eventually(async () => (await stepRows(id)).postmortem!.doneBy === 'U0SUZUKI');
    expect((await stepRows(id)).postmortem!.link).toBe('https://wiki.example.jp/postmortem/1');
  });

  it('高 declared from a system alert (インシデント宣言): the High timeline; a second declaration from the alert is refused', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    const bot = await t.h.start({ clock, env: ENV });
    const [row] = await t.database.db.insert(alerts).values({ kind: 'system', details: { severity: 'high', title: 'マニュアルオペ多発' } }).returning({ id: alerts.id });
    const alertTs = await eventually(async () => (await t.database.db.select().from(alerts).where(eq(alerts.id, row!.id)))[0]?.slackTs ?? undefined);
    expect(JSON.stringify(t.h.fake.message(ALERTS_CHANNEL, alertTs)!.attachments)).toContain('インシデント宣言');
    await click(A.declareFromAlert, String(row!.id), alertTs);
    const message = await eventually(() => incidentMessages(t.h)[0]);
    expect(message.text).toBe('🚨 インシデント（高）: マニュアルオペ多発');
    const body = bodyOf(message);
    for (const line of ['初動対応（15分以内）* — 期限 11月30日 03:15', '・Bland.aiのステータスページ確認', '応急処置（1時間以内）* — 期限 11月30日 04:00',
      '・外部API障害の場合: 復旧を待つ・依頼者に状況説明SMS送信', '復旧確認（1.5時間以内）* — 期限 11月30日 04:30', '経営陣に報告（2時間以内）* — 期限 11月30日 05:00',
      'インシデントレポート作成（48時間以内）* — 期限: 復旧から48時間']) {
      expect(body).toContain(line);
    }
    await eventually(() => replies(alertTs).some((r) => r.startsWith('🚨 <@U0SATO> がインシデント #')));
    const [incident] = await t.database.db.select().from(incidents);
    expect(incident).toMatchObject({ severity: 'high', alertId: row!.id, commander: 'U0SATO', summary: 'マニュアルオペ多発' });

    await click(A.declareFromAlert, String(row!.id), alertTs, 'U0SUZUKI');
    await eventually(() => t.h.fake.ephemerals('U0SUZUKI').find((e) => e.text.includes(`インシデント #${incident!.id} が宣言済みです`)));
    expect(incidentMessages(t.h)).toHaveLength(1);

    clock.set('2026-11-30 05:00');
    const due = (await bot.scheduler!.tick()).incidentReminders.map((r) => r.step);
    expect(due).toEqual(['initial', 'mitigation', 'recovery_check', 'report']);
  });

  it('経営陣に報告: the summary prefilled (severity, start, duration, impact by status, steps done), posted to QRV_MANAGEMENT_CHANNEL, the step done', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    t.h.fake.defineChannel('qrv-mgmt', 'C0QRVMGMT');
    await t.h.start({ clock, env: { ...ENV, QRV_MANAGEMENT_CHANNEL: 'C0QRVMGMT' } });
    const { id, ts } = await declare('高 Bland.ai障害で電話発信が停止');
    await seedReservation(t.database.db, { createdAt: jst('2026-11-30 03:10'), updatedAt: jst('2026-11-30 03:10') });
    clock.set('2026-11-30 03:20');
    await completeStep(id, 'initial', ts, 'Bland.ai ステータスページで障害を確認');
    await eventually(() => replies(ts).includes('✅ 03:20 初動対応（15分以内） 完了 — <@U0SATO>\nメモ: Bland.ai ステータスページで障害を確認'));
    clock.set('2026-11-30 03:40');
    await click(A.stepDone, `${id}:report`, ts);
    const modal = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => v.callback_id === V.report));
    const prefilled = JSON.stringify(modal);
    for (const part of ['【インシデント報告】Bland.ai障害で電話発信が停止', '重大度: 高', '開始: 11月30日 03:00（経過 40分）', '影響: 期間中に作成・更新された予約 1件（全店NG（calling_failed） 1件）',
      '・初動対応（15分以内）: Bland.ai ステータスページで障害を確認', '投稿先: C0QRVMGMT']) {
      expect(prefilled).toContain(part);
    }
    await t.h.fake.submitView({ userId: 'U0SATO', values: { [F.summary]: { value: { value: '【インシデント報告】Bland.ai障害。復旧待ち。' } } } });
    const posted = await eventually(() => t.h.fake.messages('C0QRVMGMT')[0]);
    expect(posted.text).toBe('【インシデント報告】Bland.ai障害。復旧待ち。');
    await eventually(() => replies(ts).includes('📣 03:40 <@U0SATO> が経営陣に報告しました（C0QRVMGMT）'));
    expect((await stepRows(id)).report).toMatchObject({ doneBy: 'U0SATO', note: '報告先: C0QRVMGMT' });
  });

  it('ログ確認: the errors preset over the incident window, only to the presser, noted in the timeline', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'qrv-incident-logs-'));
    try {
      const line = (minutesAgo: number, level: string, message: string) => JSON.stringify({ timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(), level, message });
      writeFileSync(join(logDir, 'api-server.log'), [line(30, 'ERROR', 'before the incident'), line(4, 'ERROR', 'DB connection refused'), line(3, 'INFO', 'ok')].join('\n'));
      await t.h.start({ clock: fixedClock(new Date(Date.now() - 10 * 60_000)), env: { ...ENV, QRV_LOG_DIR: logDir } });
      const { id, ts } = await declare('緊急 DB障害');
      await click(A.logs, String(id), ts, 'U0SUZUKI');
      const reply = JSON.stringify(await eventually(() => t.h.fake.ephemerals('U0SUZUKI').find((e) => JSON.stringify(e).includes('DB connection refused'))));
      // The result is a new ephemeral message: the incident message itself is never replaced.
      expect(t.h.fake.message(ALERTS_CHANNEL, ts)!.text).toBe('🚨 インシデント（緊急）: DB障害');
      expect(reply).not.toContain('before the incident');
      expect(reply).not.toContain('"ok"');
      await eventually(() => replies(ts).find((r) => /^🔎 \d\d:\d\d <@U0SUZUKI> がログ確認（`\/qrv logs errors 1[01]m`、インシデント開始から）を実行$/.test(r)));
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
  });

  it('/qrv incident declare without a severity or title answers the usage; /qrv incident 内容 still records one line', async () => {
    await t.h.start({ clock: fixedClock('2026-11-30 03:00'), env: ENV });
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'incident declare 大 何か', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.startsWith('使い方: `/qrv incident declare 緊急|高 タイトル`')));
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'incident Bland.ai障害で電話発信が停止', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.startsWith('インシデントを記録しました')));
    expect(incidentMessages(t.h)).toEqual([]);
    const rows = await t.database.db.select().from(incidents);
    expect(rows.map((r) => [r.summary, r.severity])).toEqual([['Bland.ai障害で電話発信が停止', null]]);
  });
});
