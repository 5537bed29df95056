import { App, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConnection } from './config.js';
import type { AppDeps } from './deps.js';
import type { Logger } from './logger.js';
import { boltLogger } from './slack/bolt-logger.js';
import { coalesceSocketWrites } from './slack/socket-writes.js';

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
 * A client for background work (alert posts, the alert-sync job): a 429 fails the call at once
 * (the job or the dispatcher tries again later) instead of pausing every call of the client, so
 * the handlers' client (modals) never waits behind it. The alert poster makes one try per call:
 * every re-post goes back through the dispatcher, which first looks for the message.
 */
export function createBackgroundClient(
  slack: SlackConnection & { botToken: string },
  transport: SlackTransport,
  logger: AppDeps['logger'],
  options: { oneTry?: boolean } = {},
): WebClient {
  return new WebClient(slack.botToken, {
    ...slackClientOptions(slack, transport),
    ...(options.oneTry ? { retryConfig: { retries: 0 } } : {}),
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
}

/** How the handlers' modules are loaded (tests hold it, to send an envelope before they are). */
export type LoadHandlers = () => Promise<Pick<typeof import('./handlers/index.js'), 'registerHandlers'>>;

/**
 * Builds the Bolt app in Socket Mode, pointed at SLACK_API_URL for both of its clients. Its
 * handlers (src/handlers, their views and workflows: ~0.1 s of module loading) are loaded and
 * registered once `deps` are there (start-up builds them after Socket Mode has connected), so that
 * the connection opens first: an envelope that arrives before waits for them in the first
 * middleware. `handlers` resolves once they are registered (start-up awaits it; a handler module
 * that cannot load, or deps that fail, fail start-up).
 */
export function createApp(
  options: { logger: Logger; deps: Promise<AppDeps> },
  slack: SlackConnection & { botToken: string; appToken: string },
  transport: SlackTransport = {},
  loadHandlers: LoadHandlers = () => import('./handlers/index.js'),
): { app: App; handlers: Promise<void> } {
  const logger = boltLogger(options.logger);
  const clientOptions = slackClientOptions(slack, transport);
  const receiver = new SocketModeReceiver({ appToken: slack.appToken, logger, installerOptions: { clientOptions } });
  coalesceSocketWrites(receiver.client);
  transport.onSocket?.(receiver.client);
  const app = new App({
    token: slack.botToken,
    receiver,
    clientOptions,
    logger,
    extendedErrorHandler: true,
    // No conversation store: nothing reads context.conversation, and Bolt's default one is a
    // lookup on every event (issue 15: per-envelope cost).
    convoStore: false,
  });
  // Loaded once deps are there (start-up has connected to Slack by then: loading holds the event loop).
  const handlers = options.deps.then(async (deps) => {
    const { registerHandlers } = await loadHandlers();
    registerHandlers(app, deps);
  });
  handlers.catch(() => {}); // start-up awaits it
  app.use(async ({ next }) => {
    await handlers;
    await next();
  });
  return { app, handlers };
}
