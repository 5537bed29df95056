import { ErrorCode, type WebClient } from '@slack/web-api';
import type { AlertPoster } from '../alerts/dispatcher.js';
import type { Alert } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import { ALERT_METADATA_TYPE, buildAlertFallback, buildAlertMessage, buildRepeatNote } from '../views/alert-message.js';
import { fitMessage } from '../views/text.js';
import { loadAlertCard } from '../workflows/alert-card.js';
import { refreshHomes } from './home.js';

/** Slack errors that refuse the payload itself: sending the same message again can never work. */
const REFUSED = new Set([
  'msg_too_long',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'too_many_attachments',
  'invalid_arguments',
  'invalid_metadata_format',
  'metadata_too_large',
  'no_text',
]);

export function isRefusedPayload(error: unknown): boolean {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' && REFUSED.has(code);
}

const viewContext = (deps: AppDeps) => ({ timeZone: deps.config.timezone, overrides: deps.config.alertOverrides, daytime: deps.config.daytime });

async function render(deps: AppDeps, alert: Alert) {
  const card = (await loadAlertCard(repositories(deps.db), { alert }))!;
  const ctx = viewContext(deps);
  return { message: fitMessage(buildAlertMessage(card, ctx)), fallback: buildAlertFallback(card, ctx) };
}

/** Only a message this bot posted (bot_id / app_id from auth.test) carrying the alert's metadata. */
type Self = { botId?: string; appId?: string; url?: string };
type Posted = { bot_id?: string; app_id?: string; ts?: string; metadata?: { event_type?: string; event_payload?: unknown } };
const isPostOf = (me: Self, alertId: number) => (m: Posted) =>
  Boolean((me.botId && m.bot_id === me.botId) || (me.appId && m.app_id === me.appId)) &&
  m.metadata?.event_type === ALERT_METADATA_TYPE &&
  Number((m.metadata.event_payload as { alert_id?: unknown } | undefined)?.alert_id) === alertId;

/**
 * Sends the full message; when Slack refuses that payload (size, blocks), sends the minimal
 * fallback (title, reservation, deadline) instead and logs the refusal, so the same refused
 * payload is never retried.
 */
async function withFallback<T>(deps: AppDeps, alert: Alert, send: (body: object) => Promise<T>): Promise<T> {
  const { message, fallback } = await render(deps, alert);
  try {
    return await send(message);
  } catch (error) {
    if (!isRefusedPayload(error)) throw error;
    deps.logger.error({ err: error, alertId: alert.id, reservationId: alert.reservationId ?? undefined }, 'Slack refused the alert message; sent the minimal fallback');
    return send({ ...fallback, attachments: [] });
  }
}

/**
 * Slack answered and refused the lookup (no history scope, a channel given by name): asking again
 * cannot tell more, so the alert is posted. A timeout, 5xx, network error or 429 is not an answer:
 * the message may be there, so the lookup's error stands and the post waits for the next try.
 */
function lookupRefused(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === ErrorCode.PlatformError && (error as { data?: { error?: unknown } }).data?.error !== 'ratelimited';
}

/** Slack's rate limit (a 429; the client is built with rejectRateLimitedCalls): the Retry-After it named, in ms. */
function retryAfterMs(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown } | null;
  return e?.code === ErrorCode.RateLimitedError ? Math.max(1, Number(e.retryAfter) || 1) * 1000 : undefined;
}

/** A top-level message's permalink, as chat.getPermalink gives it: <workspace URL>archives/<channel>/p<ts without the dot>; a reply's adds its thread. */
export function permalinkOf(workspaceUrl: string, where: { channel: string; ts: string }, threadTs?: string): string {
  const link = `${workspaceUrl.replace(/\/?$/, '/')}archives/${where.channel}/p${where.ts.replace('.', '')}`;
  return threadTs ? `${link}?thread_ts=${threadTs}&cid=${where.channel}` : link;
}

/**
 * A storm's thread may hold hundreds of replies (oldest first): the lookup starts a minute before
 * the alert was raised (its post came after). A repeat's thread is short: read from its start.
 */
const since = (alert: Alert, original: Alert | undefined) => (original ? {} : { oldest: (alert.createdAt.getTime() / 1000 - 60).toFixed(6) });

/** Posts alerts to QRV_ALERTS_CHANNEL, tagged with metadata so a lost write can be recovered. */
export function createSlackAlertPoster(client: WebClient, deps: AppDeps): AlertPoster {
  let self: Promise<Self> | undefined;
  const whoAmI = () => {
    self ??= client.auth.test().then(
      (r) => ({ botId: r.bot_id as string | undefined, appId: (r as { app_id?: string }).app_id, url: r.url }),
      (error: unknown) => {
        self = undefined; // asked again next time (Slack was unreachable)
        throw error;
      },
    );
    return self;
  };
  return {
    retryAfterMs,
    /** A top-level message in QRV_ALERTS_CHANNEL, or a reply under an alert storm's message. */
    async post(alert, thread) {
      const target = thread ? { channel: thread.channel, thread_ts: thread.ts } : { channel: deps.config.alertsChannel };
      // The workspace URL (auth.test, asked once) makes the permalink: no chat.getPermalink per alert.
      const [res, me] = await Promise.all([
        withFallback(deps, alert, (body) => client.chat.postMessage({ ...target, ...body, unfurl_links: false } as Parameters<WebClient['chat']['postMessage']>[0])),
        whoAmI().catch(() => undefined),
      ]);
      const where = { channel: res.channel!, ts: res.ts! };
      return me?.url ? { ...where, permalink: permalinkOf(me.url, where, thread?.ts) } : where;
    },
    async posted(alert, where) {
      // A repeat: the open alert's message shows the new count (its own permalink stays).
      if (alert.duplicateOf !== null) return deps.alertSync.request(alert.duplicateOf);
      if (!where.permalink) {
        const link = await client.chat.getPermalink({ channel: where.channel, message_ts: where.ts });
        if (link.permalink) await repositories(deps.db).alerts.setPermalink({ id: alert.id, permalink: link.permalink });
      }
      await refreshHomes(client, deps);
    },
    /** Only a message this bot posted is adopted; a repeat's note is looked for in the open alert's thread, a storm's alert in the storm's. */
    async findPosted(alert, thread) {
      const original = alert.duplicateOf !== null ? await repositories(deps.db).alerts.findById(alert.duplicateOf) : undefined;
      const inThread = original?.slackChannel && original.slackTs ? { channel: original.slackChannel, ts: original.slackTs } : thread;
      let me: Self;
      let res: { messages?: unknown[]; channel?: string };
      try {
        me = await whoAmI();
        // A repeat's note is a reply in its open alert's thread; any other alert a top-level message.
        res = inThread
          ? { ...(await client.conversations.replies({ ...inThread, ...since(alert, original), limit: 200, include_all_metadata: true })), channel: inThread.channel }
          : await client.conversations.history({ channel: deps.config.alertsChannel, limit: 200, include_all_metadata: true });
      } catch (error) {
        if (!lookupRefused(error)) throw error;
        deps.logger.warn({ err: error, alertId: alert.id }, 'could not look for an earlier post of this alert; posting it');
        return undefined;
      }
      const found = (res.messages as Posted[] | undefined)?.find(isPostOf(me, alert.id));
      return found?.ts ? { channel: res.channel ?? alert.slackChannel ?? deps.config.alertsChannel, ts: found.ts } : undefined;
    },
    async postRepeat({ original, repeat }) {
      const repos = repositories(deps.db);
      const [originalCard, repeatCard] = await Promise.all([loadAlertCard(repos, { alert: original }), loadAlertCard(repos, { alert: repeat })]);
      const note = buildRepeatNote({ original: originalCard!, repeat: repeatCard! }, viewContext(deps));
      const res = await client.chat.postMessage({ channel: original.slackChannel!, thread_ts: original.slackTs!, ...fitMessage(note), unfurl_links: false });
      return { channel: res.channel!, ts: res.ts! };
    },
  };
}

/** Re-renders an alert's message in place (claim, hand-over, hold, outcome, overdue); the Home queues follow. */
export async function updateAlertMessage(client: WebClient, deps: AppDeps, alertId: number): Promise<void> {
  const alert = await repositories(deps.db).alerts.findById(alertId);
  if (!alert?.slackChannel || !alert.slackTs) return;
  const { slackChannel: channel, slackTs: ts } = alert;
  await withFallback(deps, alert, (body) => client.chat.update({ channel, ts, ...body } as Parameters<WebClient['chat']['update']>[0]));
  await refreshHomes(client, deps);
}

/** A note in the alert's thread (the alert-sync job's, src/slack/alert-sync.ts); its ts. */
export async function postAlertThreadNote(client: WebClient, alert: Alert, text: string): Promise<string | undefined> {
  if (!alert.slackChannel || !alert.slackTs) return undefined;
  const res = await client.chat.postMessage({ channel: alert.slackChannel, thread_ts: alert.slackTs, ...fitMessage({ text }) });
  return res.ts;
}
