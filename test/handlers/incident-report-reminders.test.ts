import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidentSteps } from '../../src/db/schema.js';
import { INCIDENT_ACTIONS as A, INCIDENT_FIELDS as F, INCIDENT_VIEWS as V } from '../../src/views/ids/incidents.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { declareIncident } from '../support/incidents.js';
import { fixedClock } from '../support/metrics-seed.js';

const t = useBotTest();
const ENV = { QRV_SCHEDULER: 'on', QRV_OPERATORS: 'U0SATO,U0SUZUKI' };
const replies = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const reminders = (ts: string) => replies(ts).filter((r) => r.startsWith('⏰'));
const bodyOf = (ts: string) => JSON.stringify(t.h.fake.message(ALERTS_CHANNEL, ts)?.attachments ?? []);
const reportRow = async (id: number) =>
  (await t.database.db.select().from(incidentSteps).where(eq(incidentSteps.incidentId, id))).find((s) => s.step === 'postmortem')!;

async function click(actionId: string, value: string, ts: string, userId = 'U0SATO') {
  return t.h.fake.clickButton({ actionId, value, userId, channel: ALERTS_CHANNEL, messageTs: ts, element: { type: 'button', action_id: actionId, value } });
}

/** 高 declared at 03:00, 指揮 handed to 鈴木, 復旧 at 03:30: the incident report is due 48 h later. */
async function recoveredHigh() {
  const { id, ts } = await declareIncident(t, '高 Bland.ai障害で電話発信が停止');
  await click(A.takeCommand, `${id}:U0SATO`, ts, 'U0SUZUKI');
  await eventually(() => replies(ts).some((r) => r.startsWith('🎖')));
  return { id, ts };
}

describe('incident report reminders until 提出済み with a link (manual §7)', { timeout: 120_000 }, () => {
  it('reminded at the due time, then every 24 h mentioning the commander, once whatever the instances; 提出済み needs an http(s) link, which the message shows; then no more reminders', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    // Two instances (started one after the other: pg-boss creates its schema once).
    const a = await t.h.start({ clock, env: ENV });
    const b = await t.h.start({ clock, env: ENV });
    const { id, ts } = await recoveredHigh();
    clock.set('2026-11-30 03:30');
    await click(A.recover, String(id), ts, 'U0SUZUKI');
    await eventually(async () => (await reportRow(id)).dueAt?.getTime() === new Date('2026-12-01T18:30:00Z').getTime());
    // Only the report is reminded after 復旧: the steps before it are no longer due.
    clock.set('2026-12-02 03:29');
    const tickBoth = async () => (await Promise.all([a.scheduler!.tick(), b.scheduler!.tick()])).flatMap((r) => r.incidentReminders);
    expect(await tickBoth()).toEqual([]);

    clock.set('2026-12-02 03:30');
    expect(await tickBoth()).toEqual([{ incidentId: id, step: 'postmortem' }]);
    expect(reminders(ts)).toEqual([
      '⏰ <@U0SUZUKI> 「インシデントレポート作成（48時間以内）」の期限（12月2日 03:30）を過ぎています。提出したら「提出済み」を押してレポートのリンクを入力してください。提出済みになるまで24時間ごとにお知らせします。',
    ]);
    clock.set('2026-12-03 03:29');
    expect(await tickBoth()).toEqual([]);
    clock.set('2026-12-03 03:30');
    expect(await tickBoth()).toEqual([{ incidentId: id, step: 'postmortem' }]);
    expect(reminders(ts)).toHaveLength(2);
    expect(reminders(ts)[1]).toMatch(/^⏰（再通知） <@U0SUZUKI> 「インシデントレポート作成（48時間以内）」の期限（12月2日 03:30）を過ぎています。/);
    expect(await tickBoth()).toEqual([]);

    // 提出済み: the link is required (Slack will not submit it empty) and must be an http(s) URL — a field error in the modal, nothing recorded.
    clock.set('2026-12-03 10:00');
    await click(A.stepDone, `${id}:postmortem`, ts, 'U0SATO');
    const modal = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => v.callback_id === V.stepDone));
    expect(JSON.stringify(modal)).toContain('レポートのリンク');
    for (const [typed, error] of [
      ['wiki/postmortem/1', 'http:// または https:// で始まるレポートのURLを入力してください（例: https://wiki.example.jp/postmortem/12）'],
      ['javascript:alert(1)', 'http:// または https:// で始まるレポートのURLを入力してください（例: https://wiki.example.jp/postmortem/12）'],
    ] as const) {
      const refused = await t.h.fake.submitView({ userId: 'U0SATO', values: { [F.link]: { value: { value: typed } } } });
      expect(refused.ack.payload).toEqual({ response_action: 'errors', errors: { [F.link]: error } });
    }
    expect((await reportRow(id)).doneAt).toBeNull();

    const url = 'https://wiki.example.jp/incident/7';
    await t.h.fake.submitView({ userId: 'U0SATO', values: { [F.link]: { value: { value: url } } } });
    await eventually(() => replies(ts).includes(`✅ 10:00 インシデントレポート作成（48時間以内） 提出済み — <@U0SATO>\nリンク: <${url}|${url}>`));
    expect(await reportRow(id)).toMatchObject({ doneBy: 'U0SATO', link: url });
    await eventually(() => bodyOf(ts).includes(`✅ ~インシデントレポート作成（48時間以内）~ — <@U0SATO> 10:00 — <${url}|提出されたレポート>`));
    expect(bodyOf(ts)).not.toContain('"text":"提出済み"');

    clock.set('2026-12-05 03:30');
    expect(await tickBoth()).toEqual([]);
    expect(reminders(ts)).toHaveLength(2);
  });

  it('a reminder Slack refused is sent again on the next minute, and the 24 h repeat still counts from the last one sent', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    const bot = await t.h.start({ clock, env: ENV });
    const { id, ts } = await recoveredHigh();
    clock.set('2026-11-30 03:30');
    await click(A.recover, String(id), ts, 'U0SUZUKI');
    await eventually(async () => (await reportRow(id)).dueAt ?? undefined);
    clock.set('2026-12-02 03:30');
    expect((await bot.scheduler!.tick()).incidentReminders).toHaveLength(1);
    const first = (await reportRow(id)).remindedAt;

    clock.set('2026-12-03 03:30');
    t.h.fake.failNext('chat.postMessage', { error: 'internal_error' });
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([]);
    expect((await reportRow(id)).remindedAt).toEqual(first);
    clock.set('2026-12-03 03:31');
    expect((await bot.scheduler!.tick()).incidentReminders).toEqual([{ incidentId: id, step: 'postmortem' }]);
    expect(reminders(ts)).toHaveLength(2);
  });
});
