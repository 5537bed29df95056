import { LogLevel, WebClient, WebClientEvent } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../../src/fake-slack/index.js';
import { harness } from './helpers.js';

const h = harness();
afterEach(() => h.cleanup());

function client(fake: FakeSlack, token = 'xoxb-test-token', extra: object = {}) {
  return new WebClient(token, { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR, ...extra });
}

/** Calls a method and returns Slack's error code (or 'ok'). */
async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { data?: { error?: string } }).data?.error ?? String(e);
  }
}

describe('fake Slack Web API', () => {
  it('checks tokens: xoxb for methods, xapp for apps.connections.open', async () => {
    const fake = await h.fake();
    expect((await client(fake).auth.test()).user_id).toBe('U0FAKEBOT');
    expect(await errorOf(client(fake, 'xapp-1').auth.test())).toBe('invalid_auth');
    expect(await errorOf(client(fake, '').auth.test())).toBe('invalid_auth');
    expect(await errorOf(client(fake).apps.connections.open())).toBe('invalid_auth');
    const open = await client(fake, 'xapp-1').apps.connections.open();
    expect(open.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    const strict = await h.fake({ botToken: 'xoxb-right' });
    expect(await errorOf(client(strict, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
  });

  it('stores messages with stable channel IDs, threads, updates and metadata', async () => {
    const fake = await h.fake({ channels: { 'qrv-alerts': 'C0ALERTS' } });
    const web = client(fake);
    const first = await web.chat.postMessage({
      channel: '#qrv-alerts',
      text: 'alert 1',
      metadata: { event_type: 'qrv_alert', event_payload: { alert_id: 1 } },
    });
    expect(first.channel).toBe('C0ALERTS');
    const second = await web.chat.postMessage({ channel: 'C0ALERTS', text: 'alert 2' });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(second.ts).toMatch(/^\d{10}\.\d{6}$/);
    const reply = await web.chat.postMessage({ channel: 'C0ALERTS', text: 'reply', thread_ts: first.ts });
    await web.chat.update({ channel: 'C0ALERTS', ts: first.ts as string, text: 'alert 1 (claimed)' });

    expect(fake.messages('#qrv-alerts').map((m) => m.text)).toEqual(['alert 1 (claimed)', 'alert 2']);
    expect(fake.replies('C0ALERTS', first.ts as string).map((m) => m.ts)).toEqual([reply.ts]);
    expect(fake.message('C0ALERTS', first.ts as string)?.reply_count).toBe(1);
    expect(fake.messageVersions('C0ALERTS', first.ts as string).map((m) => m.text)).toEqual(['alert 1']);

    const history = await web.conversations.history({ channel: 'C0ALERTS', include_all_metadata: true });
    expect(history.messages?.map((m) => m.text)).toEqual(['alert 2', 'alert 1 (claimed)']);
    expect(history.messages?.[1]?.metadata?.event_payload).toEqual({ alert_id: 1 });
    const plain = await web.conversations.history({ channel: 'C0ALERTS' });
    expect(plain.messages?.[1]?.metadata).toBeUndefined();
    const replies = await web.conversations.replies({ channel: 'C0ALERTS', ts: first.ts as string });
    expect(replies.messages?.map((m) => m.text)).toEqual(['alert 1 (claimed)', 'reply']);

    const other = await web.chat.postMessage({ channel: '#somewhere', text: 'x' });
    const again = await web.chat.postMessage({ channel: '#somewhere', text: 'y' });
    expect(other.channel).toMatch(/^C[A-Z0-9]{10}$/);
    expect(again.channel).toBe(other.channel);
    expect((await web.conversations.info({ channel: other.channel as string })).channel?.name).toBe('somewhere');

    const link = await web.chat.getPermalink({ channel: 'C0ALERTS', message_ts: reply.ts as string });
    expect(link.permalink).toContain(`/archives/C0ALERTS/p${(reply.ts as string).replace('.', '')}?thread_ts=`);
    await web.chat.delete({ channel: 'C0ALERTS', ts: second.ts as string });
    expect(fake.messages('C0ALERTS')).toHaveLength(1);
    expect(await errorOf(web.chat.update({ channel: 'C0ALERTS', ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    fake.assertNoViolations();
  });

  it('records calls and waits for them', async () => {
    const fake = await h.fake();
    const web = client(fake);
    const waiting = fake.waitForCall('chat.postMessage', (args) => args.text === 'second');
    await web.chat.postMessage({ channel: 'C1', text: 'first' });
    await web.chat.postMessage({ channel: 'C1', text: 'second', blocks: [{ type: 'divider' }] });
    const call = await waiting;
    expect(call.args.blocks).toEqual([{ type: 'divider' }]);
    expect(call.args.token).toBeUndefined();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    await expect(fake.waitForCall('chat.delete', undefined, 50)).rejects.toThrow(/no matching chat.delete call/);
  });

  it('posts ephemerals per user', async () => {
    const fake = await h.fake();
    const web = client(fake);
    const res = await web.chat.postEphemeral({ channel: '#qrv-alerts', user: 'U1', text: 'only you' });
    await web.chat.postEphemeral({ channel: '#qrv-alerts', user: 'U2', text: 'and you' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals('U1').map((e) => e.text)).toEqual(['only you']);
    expect(fake.ephemerals()).toHaveLength(2);
  });

  it('answers unknown methods with unknown_method and a violation', async () => {
    const fake = await h.fake();
    expect(await errorOf(client(fake).apiCall('chat.postMesage', { channel: 'C1' }))).toBe('unknown_method');
    expect(fake.violations.map((v) => v.kind)).toEqual(['unknown_method']);
    expect(() => fake.assertNoViolations()).toThrow(/chat\.postMesage/);
  });

  it('serves users.info and configurable user groups', async () => {
    const fake = await h.fake({ users: [{ id: 'U1', name: 'tanaka', real_name: '田中' }] });
    fake.setUserGroup('S123', ['U1', 'U2']);
    const web = client(fake);
    expect((await web.users.info({ user: 'U1' })).user?.real_name).toBe('田中');
    expect((await web.users.info({ user: 'U9' })).user?.id).toBe('U9');
    expect((await web.usergroups.users.list({ usergroup: 'S123' })).users).toEqual(['U1', 'U2']);
    expect(await errorOf(web.usergroups.users.list({ usergroup: 'S999' }))).toBe('no_such_subteam');
  });

  it('injects faults: an error, then a 500', async () => {
    const fake = await h.fake();
    const web = client(fake, 'xoxb-test-token', { retryConfig: { retries: 0 } });
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    expect(await errorOf(web.chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('channel_not_found');
    fake.failNext('chat.postMessage', { status: 500 });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toThrow(/500/);
    await web.chat.postMessage({ channel: 'C1', text: 'x' });
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 500, 200]);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('lets the WebClient retry after a 429 with Retry-After', async () => {
    const fake = await h.fake();
    const web = client(fake, 'xoxb-test-token', { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 } });
    const limited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (sec: number) => limited.push(sec));
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const res = await web.chat.postMessage({ channel: 'C1', text: 'after the limit' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(limited).toEqual([1]);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('supports files.uploadV2 (URL, bytes, completion)', async () => {
    const fake = await h.fake();
    const web = client(fake);
    const parent = await web.chat.postMessage({ channel: '#qrv-alerts', text: 'parent' });
    const res = await web.files.uploadV2({
      channel_id: parent.channel as string,
      thread_ts: parent.ts as string,
      content: 'col1,col2\n1,2\n',
      filename: 'report.csv',
      title: '日報',
      initial_comment: '本日の記録',
    });
    expect(res.ok).toBe(true);
    expect(fake.files).toHaveLength(1);
    const file = fake.files[0];
    expect(file?.filename).toBe('report.csv');
    expect(file?.title).toBe('日報');
    expect(file?.bytes.toString()).toBe('col1,col2\n1,2\n');
    expect(file?.channel).toBe(parent.channel);
    expect(file?.thread_ts).toBe(parent.ts);
    expect(file?.initial_comment).toBe('本日の記録');
    expect(fake.replies('#qrv-alerts', parent.ts as string)[0]?.files?.[0]?.name).toBe('report.csv');
  });

  it('rejects over-limit blocks with invalid_blocks and records the violation', async () => {
    const fake = await h.fake();
    const web = client(fake);
    const blocks = Array.from({ length: 51 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${i}` } }));
    let error: { data?: { error?: string; errors?: string[] } } = {};
    try {
      await web.chat.postMessage({ channel: 'C1', text: 'too many', blocks });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.data?.error).toBe('invalid_blocks');
    expect(error.data?.errors).toEqual(['must be less than 51 items [json-pointer:/blocks]']);
    expect(fake.messages('C1')).toEqual([]);
    expect(fake.violations[0]).toMatchObject({ kind: 'invalid_blocks', source: 'chat.postMessage' });
    expect(() => fake.assertNoViolations()).toThrow(/must be less than 51 items/);
    fake.resetRecords();
    expect(() => fake.assertNoViolations()).not.toThrow();
  });
});
