import { App, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConnection } from './config.js';
import type { AppDeps } from './deps.js';
import { registerHandlers } from './handlers/index.js';
import { boltLogger } from './slack/bolt-logger.js';

export interface SlackTransport {
  /** The fetch every Web API client uses (counts calls, logs failures with method and status). */
  fetch?: typeof globalThis.fetch;
  /** Called with the Socket Mode client before it connects (connection state, ack timing). */
  onSocket?: (client: SocketModeReceiver['client']) => void;
}

/**
 * Every Web API client's options: SLACK_API_URL, a timeout on each try and a short retry policy
 * (the library's default tries 10 times over 30 minutes, with no timeout).
 */
export function slackClientOptions(slack: SlackConnection, transport: SlackTransport = {}): WebClientOptions {
  return {
    slackApiUrl: slack.apiUrl,
    timeout: slack.timeoutMs,
    retryConfig: { retries: slack.retries, factor: 2, minTimeout: 1000, maxTimeout: 4000, randomize: true },
    ...(transport.fetch ? { fetch: transport.fetch } : {}),
  };
}

/**
 * The client that posts alerts: one try per call and a 429 returned at once, so that every re-post
 * goes back through the dispatcher, which first looks for the message an unanswered try may have left.
 */
export function createAlertPostingClient(slack: SlackConnection & { botToken: string }, transport: SlackTransport, logger: AppDeps['logger']): WebClient {
  return new WebClient(slack.botToken, {
    ...slackClientOptions(slack, transport),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
}

/** Builds the Bolt app in Socket Mode, pointed at SLACK_API_URL for both of its clients. */
export function createApp(deps: AppDeps, slack: SlackConnection & { botToken: string; appToken: string }, transport: SlackTransport = {}): App {
  const logger = boltLogger(deps.logger);
  const clientOptions = slackClientOptions(slack, transport);
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
