import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { GENERIC_FAILURE_MESSAGE, isDomainError } from '../errors.js';
import type { Logger } from '../logger.js';

interface ErrorBody {
  response_url?: string;
  user?: { id?: string };
  user_id?: string;
  channel?: { id?: string };
  channel_id?: string;
  /** A modal submission: the procedure forms keep the alerts channel in private_metadata. */
  view?: { private_metadata?: string };
}

/** Bolt wraps a listener's error; the domain error is its `original`. */
function unwrap(error: unknown): unknown {
  const original = (error as { original?: unknown } | null)?.original;
  return original ?? error;
}

/**
 * The one place errors become words: a domain error's Japanese message, ephemeral to the user
 * who acted; anything else is logged and the user gets a short generic line, never a stack trace.
 */
export function registerErrorHandler(app: App, { logger, client, slackApiUrl }: { logger: Logger; client: WebClient; slackApiUrl: string }): void {
  app.error((async ({ error, body }: { error: Error; body: unknown }) => {
    const cause = unwrap(error);
    const domain = isDomainError(cause) ? cause : null;
    if (domain) logger.info({ code: domain.code }, 'operator told: domain error');
    else logger.error({ err: cause }, 'unhandled error in a Slack listener');
    const text = domain ? domain.userMessage : GENERIC_FAILURE_MESSAGE;
    await tell(client, (body ?? {}) as ErrorBody, text, slackApiUrl).catch((e) => logger.warn({ err: e }, 'could not tell the user about an error'));
  }) as never);
}

/** A response_url we may POST to (or a file URL we may send the bot token to): Slack's own hosts, or the host of SLACK_API_URL (GovSlack, the fake Slack). */
export function isSlackResponseUrl(url: string, slackApiUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.host === new URL(slackApiUrl).host) return true;
  const slackHost = u.hostname === 'slack.com' || u.hostname.endsWith('.slack.com') || u.hostname.endsWith('.slack-gov.com');
  return u.protocol === 'https:' && slackHost;
}

async function tell(client: WebClient, body: ErrorBody, text: string, slackApiUrl: string): Promise<void> {
  if (body.response_url && isSlackResponseUrl(body.response_url, slackApiUrl)) {
    const res = await fetch(body.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
    });
    if (res.ok) return;
  }
  const user = body.user?.id ?? body.user_id;
  const channel = body.channel?.id ?? body.channel_id ?? channelOfView(body.view);
  if (!user) return;
  if (channel) {
    try {
      await client.chat.postEphemeral({ channel, user, text });
      return;
    } catch {
      // not in that channel: fall back to a direct message
    }
  }
  await client.chat.postMessage({ channel: user, text });
}

function channelOfView(view: ErrorBody['view']): string | undefined {
  try {
    const channel = (JSON.parse(view?.private_metadata ?? '') as { channel?: unknown }).channel;
    return typeof channel === 'string' ? channel : undefined;
  } catch {
    return undefined;
  }
}
