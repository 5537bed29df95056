/**
 * What the bot sees of Slack, for /metrics, /readyz and the logs: every Web API call (through
 * the `fetch` handed to Bolt's clients) and the Socket Mode connection and its acks.
 */
import type { SocketModeReceiver } from '@slack/bolt';
import type { BotMetrics } from '../http/metrics.js';
import type { Logger } from '../logger.js';
import { peekText } from './fetch.js';

type Fetch = typeof globalThis.fetch;

/**
 * `https://slack.com/api/chat.postMessage` → `chat.postMessage`; file upload URLs
 * (`files.slack.com/upload/…`) → `files.upload`; anything else Bolt posts to is a `response_url`.
 */
function methodOf(url: string): string {
  const path = new URL(url).pathname;
  const i = path.lastIndexOf('/api/');
  if (i >= 0) return path.slice(i + 5);
  return path.includes('/upload/') ? 'files.upload' : 'response_url';
}

/**
 * Which try of a call this is: the Web API client re-sends the same body when it retries, so
 * failed requests are remembered by method and body until one goes through (bounded).
 */
function attempts() {
  const failed = new Map<string, number>();
  return {
    keyOf: (method: string, init?: RequestInit) => (typeof init?.body === 'string' ? `${method}\n${init.body}` : undefined),
    next: (key: string | undefined) => (key ? (failed.get(key) ?? 0) + 1 : 1),
    failed(key: string | undefined, attempt: number) {
      if (!key) return;
      if (failed.size >= 500) failed.delete(failed.keys().next().value!);
      failed.set(key, attempt);
    },
    succeeded: (key: string | undefined) => key && failed.delete(key),
  };
}

/** A try cut by the client's timeout (AbortSignal.timeout) rather than refused by the network. */
const isTimeout = (error: unknown) => (error as Error | undefined)?.name === 'TimeoutError' || (error as Error | undefined)?.name === 'AbortError';

/**
 * A fetch for the Web API clients that counts calls and errors by method and logs a failed
 * HTTP request with its method, status and attempt (Bolt's own warning says only "http request failed").
 */
export function observedFetch(options: { metrics?: BotMetrics; logger: Logger; fetch?: Fetch }): Fetch {
  const base = options.fetch ?? globalThis.fetch;
  const log = options.logger.child({ component: 'slack-api' });
  const tries = attempts();
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = methodOf(url);
    const key = tries.keyOf(method, init);
    const attempt = tries.next(key);
    options.metrics?.slackCalls.inc({ method });
    let response: Response;
    try {
      response = await base(input, init);
    } catch (error) {
      const status = isTimeout(error) ? 'timeout' : 'network';
      tries.failed(key, attempt);
      options.metrics?.slackErrors.inc({ method, error: status });
      log.warn({ method, status, attempt, err: error }, `Slack API ${method}: ${status === 'timeout' ? 'no answer in time' : 'request failed'} (attempt ${attempt}: ${(error as Error).message})`);
      throw error;
    }
    if (response.status !== 200) {
      tries.failed(key, attempt);
      options.metrics?.slackErrors.inc({ method, error: `http_${response.status}` });
      log.warn({ method, status: response.status, attempt }, `Slack API ${method}: HTTP ${response.status} (attempt ${attempt})`);
      return response;
    }
    tries.succeeded(key);
    if (!options.metrics || !(response.headers.get('content-type') ?? '').includes('json')) return response;
    // The body is read once and handed on as it came (a clone tees the stream and the client parses
    // it anyway); only a refusal (`"ok":false`) is parsed here, for its error. Per Slack call: issue 15.
    // The bot's own fetch (createSlackFetch) has read it already: peeked at, the response goes on as it is.
    const peeked = peekText(response);
    const text = peeked ?? (await response.text());
    if (REFUSAL.test(text)) {
      const body = parsed(text);
      if (body?.ok === false) options.metrics.slackErrors.inc({ method, error: body.error ?? 'unknown' });
    }
    return peeked !== undefined ? response : new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

const REFUSAL = /"ok"\s*:\s*false/;

function parsed(text: string): { ok?: boolean; error?: string } | undefined {
  try {
    return JSON.parse(text) as { ok?: boolean; error?: string };
  } catch {
    return undefined;
  }
}

export interface SocketState {
  /** True between Slack's `hello` and the next close. */
  connected(): boolean;
}

/** Follows the Socket Mode connection and times each envelope until its ack goes out. */
export function observeSocket(client: SocketModeReceiver['client'], options: { metrics?: BotMetrics; logger: Logger }): SocketState {
  let connected = false;
  const log = options.logger.child({ component: 'socket-mode' });
  client.on('connected', () => {
    if (!connected) log.info('Socket Mode connected');
    connected = true;
  });
  for (const event of ['close', 'disconnecting', 'disconnected', 'reconnecting']) {
    client.on(event, () => {
      if (connected) log.warn({ event }, 'Socket Mode connection lost; reconnecting');
      connected = false;
    });
  }
  const arrived = new Map<string, { at: bigint; type: string }>();
  // Emitted once the client parsed the envelope (Bolt's own listener, registered first, has begun
  // with it): the time runs from there to the ack going out.
  client.on('slack_event', (event: { envelope_id?: string; type?: string }) => {
    if (!event.envelope_id) return;
    // Envelopes never acked (a handler that failed) must not pile up.
    if (arrived.size >= 1000) arrived.delete(arrived.keys().next().value!);
    arrived.set(event.envelope_id, { at: process.hrtime.bigint(), type: event.type ?? 'unknown' });
  });
  // One histogram child per envelope type (labels are hashed once, not per envelope).
  const ackSeconds = new Map<string, { observe(value: number): void }>();
  const ackTimer = (type: string) => ackSeconds.get(type) ?? ackSeconds.set(type, options.metrics!.envelopeAckSeconds.labels({ type })).get(type)!;
  client.on('outgoing_message', (message: { envelope_id?: string }) => {
    const start = message.envelope_id ? arrived.get(message.envelope_id) : undefined;
    if (!start || !message.envelope_id) return;
    arrived.delete(message.envelope_id);
    if (options.metrics) ackTimer(start.type).observe(Number(process.hrtime.bigint() - start.at) / 1e9);
  });
  return { connected: () => connected };
}
