/** Test helpers: a real Bolt App connected to a fake Slack, and cleanup of both. */
import { App, type AppOptions, LogLevel } from '@slack/bolt';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../../src/fake-slack/index.js';

export interface Harness {
  fake(options?: FakeSlackOptions): Promise<FakeSlack>;
  /** Builds an App pointed at the fake; `setup` registers listeners; the App is started. */
  app(fake: FakeSlack, setup?: (app: App) => void, options?: Partial<AppOptions>): Promise<App>;
  /** Stops every App, then closes every fake (in that order, so nothing reconnects). */
  cleanup(): Promise<void>;
}

export function harness(): Harness {
  const fakes: FakeSlack[] = [];
  const apps: App[] = [];
  return {
    async fake(options) {
      const fake = await startFakeSlack(options);
      fakes.push(fake);
      return fake;
    },
    async app(fake, setup, options = {}) {
      const app = new App({
        token: 'xoxb-test-token',
        appToken: 'xapp-test-token',
        socketMode: true,
        logLevel: LogLevel.ERROR,
        ...options,
        clientOptions: { slackApiUrl: fake.apiUrl, ...options.clientOptions },
      });
      setup?.(app);
      apps.push(app);
      await app.start();
      return app;
    },
    async cleanup() {
      await Promise.all(apps.splice(0).map((a) => a.stop()));
      await Promise.all(fakes.splice(0).map((f) => f.close()));
    },
  };
}

/** A message with one actions block holding one button. */
export function buttonBlocks(actionId: string, value: string, blockId = 'alert_actions') {
  return [
    { type: 'section', block_id: 'alert_text', text: { type: 'mrkdwn', text: '*全店NG* QRV-ABC123' } },
    {
      type: 'actions',
      block_id: blockId,
      elements: [
        { type: 'button', action_id: actionId, value, text: { type: 'plain_text', text: '担当する' } },
      ],
    },
  ];
}
