import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alerts, history } from '../../src/db/schema.js';
import { PRIORITIES, RESOLVED_COLOR } from '../../src/domain/alert-kinds.js';
import type { StoredMessage } from '../../src/fake-slack/index.js';
import type { RunningBot } from '../../src/runtime.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { CERT_URL, SNS_TOPIC, startFakeSns } from '../support/fakes/fake-sns.js';

const t = useBotTest();
const TOKEN = 'test-ingest-token-0123456789abcdef';
const ENV = { QRV_INGEST_TOKEN: TOKEN, QRV_SNS_TOPIC_ARNS: SNS_TOPIC };

let sns: Awaited<ReturnType<typeof startFakeSns>>;
beforeEach(async () => {
  sns = await startFakeSns();
});
afterEach(async () => {
  await sns.close();
});

const start = () => t.h.start({ http: true, env: ENV, sns: { fetch: sns.fetch } });

async function post(bot: RunningBot, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${bot.http!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

const pingdom = (state: 'DOWN' | 'UP', at = 1796040000) => ({
  check_id: 12345,
  check_name: 'QRV API',
  check_type: 'HTTP',
  check_params: { hostname: 'api.qrv.example.jp' },
  previous_state: state === 'DOWN' ? 'UP' : 'DOWN',
  current_state: state,
  state_changed_timestamp: at,
  description: state === 'DOWN' ? 'HTTP Error 503' : 'OK',
});

const systemAlerts = () => t.database.db.select().from(alerts).where(eq(alerts.kind, 'system')).orderBy(alerts.id);
const topLevel = () => t.h.fake.messages(ALERTS_CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
const textOf = (m: StoredMessage) =>
  (m.attachments as Array<{ blocks: Array<{ text?: { text: string } }> }>)[0]!.blocks.map((b) => b.text?.text ?? '').join('\n');

async function waitPosted(alertId: number) {
  return eventually(async () => {
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, alertId));
    return row?.slackTs ? row : undefined;
  }, 20_000);
}

function refusedLogs() {
  return t.h.logs().filter((l) => l.msg === 'system event refused');
}

describe('intake: Pingdom and the generic hook', { timeout: 120_000 }, () => {
  it('a Pingdom DOWN is posted as a red system alert; its UP resolves it (grey) and says so in the thread', async () => {
    const bot = await start();
    const down = await post(bot, `/hooks/pingdom/${TOKEN}`, pingdom('DOWN'));
    expect(down.status).toBe(201);
    const [created] = await systemAlerts();
    const row = await waitPosted(created!.id);
    const message = topLevel().find((m) => m.ts === row.slackTs)!;
    expect(message.attachments[0].color).toBe(PRIORITIES.critical.color);
    const text = textOf(message);
    expect(text).toContain('【システムアラート】Pingdom: QRV API DOWN');
    expect(text).toContain('状態: UP → DOWN');
    expect(text).toContain('内容: HTTP Error 503');
    expect(text).toContain('対応期限: 即座');

    const up = await post(bot, `/hooks/pingdom/${TOKEN}`, pingdom('UP', 1796040600));
    expect(up).toEqual({ status: 200, text: `alert #${row.id} resolved\n` });
    const note = await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, row.slackTs!).find((r) => r.text.includes('復旧')), 20_000);
    expect(note.text).toContain('Pingdom: QRV API UP を受信しました');
    const [resolved] = await t.database.db.select().from(alerts).where(eq(alerts.id, row.id));
    expect(resolved!.resolvedAt).not.toBeNull();
    expect(resolved!.resolvedBy).toBe('Pingdom');
    const updated = await eventually(() => topLevel().find((m) => m.ts === row.slackTs && m.attachments[0].color === RESOLVED_COLOR), 20_000);
    expect(textOf(updated)).toContain('✅ 完了: 復旧（Pingdom: QRV API UP） — Pingdom');
    expect(await t.database.db.select().from(history).where(eq(history.alertId, row.id))).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'alert.resolved', actor: 'Pingdom' })]),
    );
    // A second UP (Pingdom retrying) finds nothing open and changes nothing.
    expect(await post(bot, `/hooks/pingdom/${TOKEN}`, pingdom('UP', 1796040600))).toEqual({ status: 200, text: 'no open alert for this check\n' });
    expect(topLevel()).toHaveLength(1);
  });

  it('the same DOWN twice, to two bot instances at once, is one alert; a new DOWN while it is open is the same outage', async () => {
    const a = await start();
    const b = await start();
    const answers = await Promise.all([post(a, `/hooks/pingdom/${TOKEN}`, pingdom('DOWN')), post(b, `/hooks/pingdom/${TOKEN}`, pingdom('DOWN'))]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    const rows = await systemAlerts();
    expect(rows).toHaveLength(1);
    expect(answers.find((r) => r.status === 200)!.text).toBe(`already received: alert #${rows[0]!.id}\n`);
    const again = await post(a, `/hooks/pingdom/${TOKEN}`, pingdom('DOWN', 1796040300));
    expect(again).toEqual({ status: 200, text: `already received: alert #${rows[0]!.id}\n` });
    await waitPosted(rows[0]!.id);
    expect(await systemAlerts()).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);
  });

  it('a bad token, bad JSON or a body that is not Pingdom\'s: 4xx with a one-line reason, logged without the token, nothing posted', async () => {
    const bot = await start();
    expect(await post(bot, '/hooks/pingdom/wrong-token-0123456789abcdefgh', pingdom('DOWN'))).toEqual({ status: 401, text: 'bad token\n' });
    expect(await post(bot, `/hooks/pingdom/${TOKEN}x`, pingdom('DOWN'))).toEqual({ status: 401, text: 'bad token\n' });
    expect(await post(bot, '/hooks/pingdom/', pingdom('DOWN'))).toEqual({ status: 401, text: 'bad token\n' });
    expect(await post(bot, `/hooks/pingdom/${TOKEN}`, '{"check_id": 1,')).toEqual({ status: 400, text: 'body is not valid JSON\n' });
    expect(await post(bot, `/hooks/pingdom/${TOKEN}`, { check_id: 1, current_state: 'MAYBE' })).toEqual({
      status: 422, text: 'Pingdom webhook with unknown current_state "MAYBE"\n',
    });
    expect(await post(bot, '/hooks/alerts', { source: 'x', title: 'y' })).toEqual({ status: 401, text: 'bad or missing Bearer token\n' });
    expect(await post(bot, '/hooks/alerts', { source: 'x', title: 'y' }, { authorization: 'Bearer nope' })).toEqual({ status: 401, text: 'bad or missing Bearer token\n' });
    expect(await post(bot, '/hooks/alerts', { title: 'y' }, { authorization: `Bearer ${TOKEN}` })).toEqual({
      status: 422, text: 'source is required: letters, digits, . _ - (up to 64)\n',
    });
    expect(await post(bot, '/hooks/nothing', {})).toMatchObject({ status: 404 });
    expect(refusedLogs().map((l) => l.status)).toEqual([401, 401, 401, 400, 422, 401, 401, 422]);
    expect(JSON.stringify(t.h.logs())).not.toContain(TOKEN);
    expect(await systemAlerts()).toEqual([]);
    await bot.dispatcher.drain();
    expect(topLevel()).toEqual([]);
  });

  it('POST /hooks/alerts with the Bearer token: severity, title, body, source; an id makes a repeat one alert; status resolved closes its check', async () => {
    const bot = await start();
    const auth = { authorization: `Bearer ${TOKEN}` };
    const event = { id: 'evt-1', source: 'celery', severity: 'high', title: 'キューが詰まっています', body: 'pending 1,200 件', check: 'queue' };
    expect((await post(bot, '/hooks/alerts', event, auth)).status).toBe(201);
    expect((await post(bot, '/hooks/alerts', event, auth)).status).toBe(200);
    const [row] = await systemAlerts();
    const posted = await waitPosted(row!.id);
    const message = topLevel().find((m) => m.ts === posted.slackTs)!;
    expect(message.attachments[0].color).toBe(PRIORITIES.high.color);
    expect(textOf(message)).toContain('【システムアラート】キューが詰まっています');
    expect(textOf(message)).toContain('送信元: celery\npending 1,200 件');
    expect(await post(bot, '/hooks/alerts', { source: 'celery', check: 'queue', status: 'resolved' }, auth)).toEqual({ status: 200, text: `alert #${row!.id} resolved\n` });
    await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, posted.slackTs!).find((r) => r.text.includes('復旧')), 20_000);
  });

  it('the hooks are not mounted without QRV_INGEST_TOKEN / QRV_SNS_TOPIC_ARNS', async () => {
    const bot = await t.h.start({ http: true });
    expect((await post(bot, `/hooks/pingdom/${TOKEN}`, pingdom('DOWN'))).status).toBe(404);
    expect((await post(bot, '/hooks/alerts', {})).status).toBe(404);
    expect((await post(bot, '/hooks/cloudwatch', {})).status).toBe(404);
  });
});

describe('intake: CloudWatch alarms through SNS', { timeout: 120_000 }, () => {
  it('a SubscriptionConfirmation with a valid signature is confirmed by a GET on its SubscribeURL', async () => {
    const bot = await start();
    const message = sns.sign({
      Type: 'SubscriptionConfirmation',
      Message: 'You have chosen to subscribe to the topic …',
      Token: 'confirm-token-1',
      SubscribeURL: `https://sns.ap-northeast-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${SNS_TOPIC}&Token=confirm-token-1`,
    });
    expect(await post(bot, '/hooks/cloudwatch', message)).toEqual({ status: 200, text: 'subscription confirmed\n' });
    expect(sns.confirmations).toEqual(['confirm-token-1']);
    expect(await systemAlerts()).toEqual([]);
  });

  it('an ALARM with a valid signature is posted; its OK resolves it; a forged one is refused', async () => {
    const bot = await start();
    const alarm = sns.alarm('ALARM');
    expect((await post(bot, '/hooks/cloudwatch', alarm)).status).toBe(201);
    // SNS retries deliver the same MessageId: one alert.
    expect((await post(bot, '/hooks/cloudwatch', alarm)).status).toBe(200);
    const [row] = await systemAlerts();
    const posted = await waitPosted(row!.id);
    const text = textOf(topLevel().find((m) => m.ts === posted.slackTs)!);
    expect(text).toContain('【システムアラート】CloudWatch: api-5xx ALARM');
    expect(text).toContain('理由: Threshold Crossed');

    const forged = { ...sns.alarm('ALARM', 'db-cpu'), Message: JSON.stringify({ AlarmName: 'db-cpu', NewStateValue: 'ALARM' }) };
    expect(await post(bot, '/hooks/cloudwatch', forged)).toEqual({ status: 403, text: 'SNS signature does not verify\n' });
    const otherKey = { ...sns.alarm('ALARM', 'x'), Signature: sns.alarm('ALARM', 'y').Signature };
    expect((await post(bot, '/hooks/cloudwatch', otherKey)).status).toBe(403);
    expect(await systemAlerts()).toHaveLength(1);

    expect(await post(bot, '/hooks/cloudwatch', sns.alarm('OK'))).toEqual({ status: 200, text: `alert #${row!.id} resolved\n` });
    const note = await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, posted.slackTs!).find((r) => r.text.includes('復旧')), 20_000);
    expect(note.text).toContain('CloudWatch: api-5xx OK を受信しました');
  });

  it('a certificate or SubscribeURL off the sns.<region>.amazonaws.com HTTPS hosts is never fetched; an unknown topic is refused', async () => {
    const bot = await start();
    for (const certUrl of ['https://evil.example.com/cert.pem', 'http://sns.ap-northeast-1.amazonaws.com/cert.pem', 'https://sns.ap-northeast-1.amazonaws.com.evil.jp/cert.pem']) {
      const message = sns.sign({ ...sns.alarm('ALARM'), SigningCertURL: certUrl });
      expect(await post(bot, '/hooks/cloudwatch', message)).toEqual({ status: 403, text: 'SigningCertURL is not on an sns.<region>.amazonaws.com HTTPS host\n' });
    }
    const confirm = sns.sign({ Type: 'SubscriptionConfirmation', Message: 'm', Token: 'tk', SubscribeURL: 'https://attacker.example.com/?Action=ConfirmSubscription&Token=tk' });
    expect(await post(bot, '/hooks/cloudwatch', confirm)).toEqual({ status: 403, text: 'SubscribeURL is not on an sns.<region>.amazonaws.com HTTPS host\n' });
    expect(sns.fetched.every((u) => u === CERT_URL)).toBe(true);
    expect(sns.confirmations).toEqual([]);
    const other = sns.sign({ ...sns.alarm('ALARM'), TopicArn: 'arn:aws:sns:ap-northeast-1:999999999999:someone-else' });
    expect(await post(bot, '/hooks/cloudwatch', other)).toEqual({ status: 403, text: 'SNS topic not allowed (QRV_SNS_TOPIC_ARNS)\n' });
    expect(await post(bot, '/hooks/cloudwatch', { Type: 'Notification' })).toEqual({ status: 400, text: 'SNS message without MessageId\n' });
    expect(await systemAlerts()).toEqual([]);
  });
});
