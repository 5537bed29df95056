import { App, SocketModeReceiver } from '@slack/bolt';
import type { AppDeps } from './deps.js';
import { registerHandlers } from './handlers/index.js';
import { boltLogger } from './slack/bolt-logger.js';

export interface SlackTransport {
  /** The fetch every Web API client uses (counts calls, logs failures with method and status). */
  fetch?: typeof globalThis.fetch;
  /** Called with the Socket Mode client before it connects (connection state, ack timing). */
  onSocket?: (client: SocketModeReceiver['client']) => void;
}

/** Builds the Bolt app in Socket Mode, pointed at SLACK_API_URL for both of its clients. */
export function createApp(deps: AppDeps, slack: { botToken: string; appToken: string; apiUrl: string }, transport: SlackTransport = {}): App {
  const logger = boltLogger(deps.logger);
  const clientOptions = { slackApiUrl: slack.apiUrl, ...(transport.fetch ? { fetch: transport.fetch } : {}) };
  const receiver = new SocketModeReceiver({ appToken: slack.appToken, logger, installerOptions: { clientOptions } });
  transport.onSocket?.(receiver.client);
  const app = new App({
    token: slack.botToken,
    receiver,
    clientOptions,
    logger,
    extendedErrorHandler: true,
  });
  registerHandlers(app, deps);
  return app;
}
