import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { SlackTokenRejectedError } from './token-error.js';

/** Slack's answers meaning the token itself is wrong (not a passing outage). */
const REJECTED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'invalid_token']);

/**
 * Asks Slack about both tokens before anything else starts (auth.test with the bot token,
 * apps.connections.open with the app token). A rejected token throws SlackTokenRejectedError;
 * any other failure (Slack unreachable) is left to Bolt's own retries.
 */
export async function verifySlackTokens(options: {
  apiUrl: string;
  botToken: string;
  appToken: string;
  fetch?: typeof globalThis.fetch;
}): Promise<void> {
  const client = (token: string) =>
    new WebClient(token, { slackApiUrl: options.apiUrl, retryConfig: { retries: 0 }, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const check = async (variable: SlackTokenRejectedError['variable'], call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (error) {
      const code = (error as WebAPIPlatformError).data?.error;
      if (code && REJECTED.has(code)) throw new SlackTokenRejectedError(variable, code);
    }
  };
  await check('SLACK_BOT_TOKEN', () => client(options.botToken).auth.test());
  await check('SLACK_APP_TOKEN', () => client(options.appToken).apps.connections.open());
}
