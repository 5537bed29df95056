/** Socket Mode behaviour with REAL Bolt Apps: acks, several instances, redelivery, reconnects. */
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

const h = harness();
const extraApps: App[] = [];
afterEach(async () => {
  await Promise.all(extraApps.splice(0).map((a) => a.stop()));
  await h.cleanup();
});

describe('fake Slack Socket Mode', () => {
  it('records an envelope the App never acks as a violation', async () => {
    const fake = await h.fake({ ackTimeoutMs: 150 });
    await h.app(fake, (app) => {
      app.command('/qrv', async () => {
        // forgot ack()
      });
    });
    await expect(fake.sendSlashCommand({ command: '/qrv', text: 'status', userId: 'U1' })).rejects.toThrow(
      /not acknowledged within 150 ms/,
    );
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({ kind: 'unacked_envelope', source: 'slash_commands' });
    expect(fake.violations[0]?.message).toContain('slash command /qrv status');
  });

  it('delivers each envelope to exactly one of two connected Apps', async () => {
    const fake = await h.fake();
    const handled: string[] = [];
    const setup = (name: string) => (app: App) => {
      app.command('/qrv', async ({ ack, command }) => {
        handled.push(`${name}:${command.text}`);
        await ack();
      });
    };
    await h.app(fake, setup('a'));
    await h.app(fake, setup('b'));
    expect(fake.connectionCount).toBe(2);
    const results = [];
    for (const text of ['1', '2', '3', '4']) results.push(await fake.sendSlashCommand({ command: '/qrv', text, userId: 'U1' }));
    expect(handled).toHaveLength(4);
    expect(handled.map((x) => x.split(':')[1]).sort()).toEqual(['1', '2', '3', '4']);
    expect(handled.filter((x) => x.startsWith('a:'))).toHaveLength(2);
    expect(results.map((r) => r.connection)).toEqual([0, 1, 0, 1]);

    await fake.sendSlashCommand({ command: '/qrv', text: 'pinned', userId: 'U1', connection: 1 });
    expect(handled.at(-1)).toBe('b:pinned');
  });

  it('redelivers an event with the same envelope and retry fields', async () => {
    const fake = await h.fake();
    const seen: Array<{ eventId: string; retryNum?: number; retryReason?: string }> = [];
    await h.app(fake, (app) => {
      app.event('app_home_opened', async ({ body, context }) => {
        seen.push({ eventId: body.event_id, retryNum: context.retryNum, retryReason: context.retryReason });
      });
    });
    const first = await fake.openHome('U1');
    const retry = await fake.redeliver(first.envelopeId);
    expect(retry.envelopeId).toBe(first.envelopeId);
    expect(retry.envelope.retry_attempt).toBe(1);
    expect(retry.envelope.retry_reason).toBe('timeout');
    expect(seen).toEqual([
      { eventId: first.envelope.payload.event_id, retryNum: undefined, retryReason: undefined },
      { eventId: first.envelope.payload.event_id, retryNum: 1, retryReason: 'timeout' },
    ]);
    expect(fake.envelopes).toHaveLength(2);
  });

  it('sends disconnect, and the client reconnects', async () => {
    const fake = await h.fake();
    const receiver = new SocketModeReceiver({
      appToken: 'xapp-test-token',
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 300,
      installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } },
    });
    const app = new App({
      token: 'xoxb-test-token',
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    let commands = 0;
    app.command('/qrv', async ({ ack }) => {
      commands += 1;
      await ack();
    });
    extraApps.push(app);
    await app.start();
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    await fake.disconnectAll('refresh_requested');
    expect(fake.connectionCount).toBe(0);
    await fake.waitForConnections(1, 3000);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    await fake.sendSlashCommand({ command: '/qrv', text: '', userId: 'U1' });
    expect(commands).toBe(1);
  });

  it('refuses to deliver when no App is connected', async () => {
    const fake = await h.fake();
    await expect(fake.openHome('U1')).rejects.toThrow(/no Socket Mode connection/);
  });
});
