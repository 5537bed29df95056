import { App } from '@slack/bolt';
import type { AppDeps } from './deps.js';
import { registerHandlers } from './handlers/index.js';
import { boltLogger } from './slack/bolt-logger.js';

/** Builds the Bolt app in Socket Mode, pointed at SLACK_API_URL for both of its clients. */
export function createApp(deps: AppDeps, slack: { botToken: string; appToken: string; apiUrl: string }): App {
  const app = new App({
    token: slack.botToken,
    appToken: slack.appToken,
    socketMode: true,
    clientOptions: { slackApiUrl: slack.apiUrl },
    logger: boltLogger(deps.logger),
    extendedErrorHandler: true,
  });
  registerHandlers(app, deps);
  return app;
}
