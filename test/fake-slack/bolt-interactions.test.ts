/** The fake driven through a REAL Bolt App in Socket Mode: commands, buttons, modals, Home. */
import type { BlockAction, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonBlocks, harness } from './helpers.js';

const h = harness();
afterEach(() => h.cleanup());

const titleModal = (extra: object = {}) => ({
  type: 'modal' as const,
  callback_id: 'register_shop',
  private_metadata: JSON.stringify({ alertId: 7 }),
  title: { type: 'plain_text' as const, text: '店舗登録' },
  submit: { type: 'plain_text' as const, text: '登録' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'shop_name',
      label: { type: 'plain_text' as const, text: '店舗名' },
      element: { type: 'plain_text_input' as const, action_id: 'value' },
    },
    {
      type: 'input' as const,
      block_id: 'area',
      optional: true,
      label: { type: 'plain_text' as const, text: 'エリア' },
      element: { type: 'plain_text_input' as const, action_id: 'value', initial_value: '渋谷' },
    },
  ],
  ...extra,
});

describe('fake Slack with a real Bolt App', () => {
  it('starts the App (hello) and routes a slash command with ack, respond and postEphemeral', async () => {
    const fake = await h.fake({ channels: { 'qrv-alerts': 'C0ALERTS' } });
    let seen: SlackCommandMiddlewareArgs['command'] | undefined;
    await h.app(fake, (app) => {
      app.command('/qrv', async ({ ack, command, respond, client }) => {
        seen = command;
        await ack();
        await respond({ text: `使い方: /qrv status <予約ID>` });
        await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text: '受付しました' });
      });
    });
    expect(fake.connectionCount).toBe(1);
    expect(fake.callsTo('auth.test')).toHaveLength(1);

    const result = await fake.sendSlashCommand({ command: '/qrv', text: 'help', userId: 'U1', channelId: '#qrv-alerts' });
    expect(result.ack.payload).toEqual({});
    expect(result.triggerId).toBeTruthy();
    expect(seen).toMatchObject({ command: '/qrv', text: 'help', user_id: 'U1', channel_id: 'C0ALERTS', channel_name: 'qrv-alerts' });
    await fake.waitForCall('chat.postEphemeral');
    expect(fake.responses).toHaveLength(1);
    expect(fake.ephemerals('U1').map((e) => [e.via, e.text])).toEqual([
      ['response_url', '使い方: /qrv status <予約ID>'],
      ['chat.postEphemeral', '受付しました'],
    ]);
    fake.assertNoViolations();
  });

  it('shows an ack body of a slash command to the user', async () => {
    const fake = await h.fake();
    await h.app(fake, (app) => {
      app.command('/qrv', async ({ ack }) => ack({ text: 'すぐに表示', response_type: 'ephemeral' }));
    });
    const result = await fake.sendSlashCommand({ command: '/qrv', text: '', userId: 'U1' });
    expect(result.ack.payload).toEqual({ text: 'すぐに表示', response_type: 'ephemeral' });
    expect(fake.ephemerals('U1')[0]).toMatchObject({ via: 'ack', text: 'すぐに表示' });
  });

  it('delivers a button click with the stored message, and applies respond(replace_original)', async () => {
    const fake = await h.fake({ channels: { 'qrv-alerts': 'C0ALERTS' } });
    let body: BlockAction | undefined;
    const app = await h.app(fake, (a) => {
      a.action<BlockAction>('claim', async ({ ack, body: b, respond }) => {
        await ack();
        body = b;
        await respond({ replace_original: true, text: '担当: <@U1>', blocks: [] });
      });
    });
    const posted = await app.client.chat.postMessage({
      channel: '#qrv-alerts',
      text: '全店NG',
      attachments: [{ color: '#FF8C00', blocks: buttonBlocks('claim', 'alert-7') }],
    });

    const result = await fake.clickButton({ actionId: 'claim', userId: 'U1', channel: '#qrv-alerts', messageTs: posted.ts as string });
    expect(result.ack.payload).toEqual({});
    expect(body?.actions[0]).toMatchObject({ type: 'button', action_id: 'claim', block_id: 'alert_actions', value: 'alert-7' });
    expect(body?.message?.ts).toBe(posted.ts);
    expect(body?.message?.attachments[0].blocks[1].elements[0].action_id).toBe('claim');
    expect(body?.channel?.id).toBe('C0ALERTS');
    expect(body?.container).toMatchObject({ type: 'message', message_ts: posted.ts, channel_id: 'C0ALERTS' });
    await expect.poll(() => fake.message('C0ALERTS', posted.ts as string)?.text).toBe('担当: <@U1>');
    await expect(
      fake.clickButton({ actionId: 'nope', userId: 'U1', channel: '#qrv-alerts', messageTs: posted.ts as string }),
    ).rejects.toThrow(/no element with action_id "nope"/);
    // A screen not yet refreshed still shows the button: Slack delivers that click too.
    const stale = { type: 'button', action_id: 'claim', text: { type: 'plain_text', text: '対応開始' }, value: 'alert-7' };
    await fake.clickButton({ actionId: 'claim', blockId: 'alert_actions', element: stale, userId: 'U2', channel: '#qrv-alerts', messageTs: posted.ts as string });
    await expect.poll(() => body?.user.id).toBe('U2');
    expect(body?.actions[0]).toMatchObject({ action_id: 'claim', block_id: 'alert_actions', value: 'alert-7' });
  });

  it('accepts a trigger_id once for views.open, and not after it expired', async () => {
    const fake = await h.fake({ triggerTtlMs: 200 });
    const opened: string[] = [];
    const app = await h.app(fake, (a) => {
      a.command('/qrv', async ({ ack, command, client }) => {
        await ack();
        if (command.text === 'slow') await new Promise((r) => setTimeout(r, 300));
        const res = await client.views.open({ trigger_id: command.trigger_id, view: titleModal() }).catch((e) => e.data);
        opened.push(res.ok ? 'ok' : res.error);
      });
    });
    const first = await fake.sendSlashCommand({ command: '/qrv', text: 'register', userId: 'U1' });
    await expect.poll(() => opened).toEqual(['ok']);
    expect(fake.openViews('U1').map((v) => v.callback_id)).toEqual(['register_shop']);

    const again = await app.client.views.open({ trigger_id: first.triggerId as string, view: titleModal() }).catch((e) => e.data);
    expect(again.error).toBe('exchanged_trigger_id');

    await fake.sendSlashCommand({ command: '/qrv', text: 'slow', userId: 'U2' });
    await expect.poll(() => opened).toEqual(['ok', 'expired_trigger_id']);
    expect(fake.violations.map((v) => v.kind)).toEqual(['trigger_id', 'trigger_id']);
  });

  it('returns response_action errors from a view submission, and closes the modal on a bare ack', async () => {
    const fake = await h.fake();
    const submitted: Array<Record<string, unknown>> = [];
    await h.app(fake, (a) => {
      a.command('/qrv', async ({ ack, command, client }) => {
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: titleModal() });
      });
      a.view('register_shop', async ({ ack, view }) => {
        const name = view.state.values.shop_name?.value?.value;
        submitted.push({ name, area: view.state.values.area?.value?.value, meta: view.private_metadata });
        if (name === 'NG') await ack({ response_action: 'errors', errors: { shop_name: '登録できない名前です' } });
        else await ack();
      });
    });
    await fake.sendSlashCommand({ command: '/qrv', text: '', userId: 'U1' });
    await fake.waitForCall('views.open');

    await expect(fake.submitView({ userId: 'U1', values: {} })).rejects.toThrow(/shop_name\/value/);
    const rejected = await fake.submitView({ userId: 'U1', values: { shop_name: { value: 'NG' } } });
    expect(rejected.ack.payload).toEqual({ response_action: 'errors', errors: { shop_name: '登録できない名前です' } });
    expect(fake.openViews('U1')).toHaveLength(1);

    const accepted = await fake.submitView({
      userId: 'U1',
      values: { shop_name: { value: { type: 'plain_text_input', value: '青山店' } } },
    });
    expect(accepted.ack.payload).toEqual({});
    expect(fake.openViews('U1')).toEqual([]);
    expect(submitted).toEqual([
      { name: 'NG', area: '渋谷', meta: '{"alertId":7}' },
      { name: '青山店', area: '渋谷', meta: '{"alertId":7}' },
    ]);
    fake.assertNoViolations();
  });

  it('applies response_action update and push, and sends view_closed when asked', async () => {
    const fake = await h.fake();
    let closed = 0;
    await h.app(fake, (a) => {
      a.command('/qrv', async ({ ack, command, client }) => {
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: titleModal({ notify_on_close: true }) });
      });
      a.view('register_shop', async ({ ack }) => {
        await ack({ response_action: 'push', view: titleModal({ callback_id: 'confirm', blocks: [] }) });
      });
      a.view('confirm', async ({ ack }) => {
        await ack({ response_action: 'update', view: titleModal({ callback_id: 'done', blocks: [] }) });
      });
      a.view({ callback_id: 'register_shop', type: 'view_closed' }, async ({ ack }) => {
        closed += 1;
        await ack();
      });
    });
    await fake.sendSlashCommand({ command: '/qrv', text: '', userId: 'U1' });
    await fake.waitForCall('views.open');
    await fake.submitView({ userId: 'U1', values: { shop_name: { value: 'A' } } });
    expect(fake.openViews('U1').map((v) => v.callback_id)).toEqual(['register_shop', 'confirm']);
    const confirmId = fake.openViews('U1')[1]?.id;
    await fake.submitView({ userId: 'U1', callbackId: 'confirm' });
    expect(fake.openViews('U1').map((v) => [v.callback_id, v.id])).toEqual([
      ['register_shop', expect.any(String)],
      ['done', confirmId],
    ]);
    const bottom = fake.openViews('U1')[0]?.id as string;
    expect(await fake.closeView({ userId: 'U1' })).toBeNull(); // 'done' has no notify_on_close
    const closing = await fake.closeView({ userId: 'U1', viewId: bottom });
    expect(closing?.ack.payload).toEqual({});
    expect(closed).toBe(1);
    expect(fake.openViews('U1')).toEqual([]);
  });

  it('publishes the Home tab on app_home_opened', async () => {
    const fake = await h.fake();
    await h.app(fake, (a) => {
      a.event('app_home_opened', async ({ event, client }) => {
        await client.views.publish({
          user_id: event.user,
          view: { type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'ダッシュボード' } }] },
        });
      });
    });
    const result = await fake.openHome('U1');
    expect(result.envelope.type).toBe('events_api');
    await fake.waitForCall('views.publish');
    expect(fake.homeView('U1')?.blocks[0].text.text).toBe('ダッシュボード');
    const home = fake.homeView('U1');
    const second = fake.waitForCall('views.publish', () => fake.callsTo('views.publish').length === 2);
    await fake.openHome('U1');
    await second;
    expect(fake.homeView('U1')?.id).toBe(home?.id);
    fake.assertNoViolations();
  });

  it('delivers a button click in a Home tab with the view as container', async () => {
    const fake = await h.fake();
    let viewId: string | undefined;
    await h.app(fake, (a) => {
      a.event('app_home_opened', async ({ event, client }) => {
        await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: buttonBlocks('refresh', 'today') } });
      });
      a.action<BlockAction>('refresh', async ({ ack, body }) => {
        viewId = body.view?.id;
        await ack();
      });
    });
    await fake.openHome('U1');
    await fake.waitForCall('views.publish');
    const home = fake.homeView('U1');
    const result = await fake.clickButton({ actionId: 'refresh', userId: 'U1', viewId: home?.id });
    expect(result.envelope.payload.container).toEqual({ type: 'view', view_id: home?.id });
    expect(result.envelope.payload.actions[0].value).toBe('today');
    expect(viewId).toBe(home?.id);
  });

  it('reports a message with 51 blocks posted by the App as a violation', async () => {
    const fake = await h.fake();
    const errors: string[] = [];
    await h.app(fake, (a) => {
      a.command('/qrv', async ({ ack, client, command }) => {
        await ack();
        const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
        await client.chat.postMessage({ channel: command.channel_id, text: 'dashboard', blocks }).catch((e) => {
          errors.push(e.data.error);
        });
      });
    });
    await fake.sendSlashCommand({ command: '/qrv', text: 'dashboard', userId: 'U1' });
    await expect.poll(() => errors).toEqual(['invalid_blocks']);
    expect(fake.violations[0]?.problems).toEqual(['must be less than 51 items [json-pointer:/blocks]']);
    expect(() => fake.assertNoViolations()).toThrow(/invalid_blocks/);
  });
});
