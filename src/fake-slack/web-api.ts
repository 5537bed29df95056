/**
 * Web API methods for messages and conversations (`chat.*`, `conversations.*`), the shared
 * handler context, and block validation answering `invalid_blocks` like Slack.
 */
import { bool, num, str } from './http-util.js';
import { permalinkTs } from './ids.js';
import { isObject } from './limits-elements.js';
import { formatProblem, type LimitProblem, validateMessage } from './limits.js';
import type { Recorder } from './recorder.js';
import { pickMessageFields, type Workspace } from './store.js';
import type { ApiArgs, ApiResult, JsonObject, StoredMessage } from './types.js';
import type { ViewStore } from './view-store.js';

export interface ApiContext {
  ws: Workspace;
  views: ViewStore;
  recorder: Recorder;
  /** `http://127.0.0.1:<port>` */
  baseUrl: () => string;
  /** A fresh single-use WebSocket URL for `apps.connections.open`. */
  issueSocketUrl: () => string;
}

export type ApiHandler = (args: ApiArgs, ctx: ApiContext) => ApiResult | Promise<ApiResult>;

export function fail(error: string, extra: JsonObject = {}): ApiResult {
  return { ok: false, error, ...extra };
}

/** Records a violation and builds Slack's `invalid_blocks` answer, or returns undefined. */
export function rejectProblems(
  ctx: ApiContext,
  source: string,
  problems: LimitProblem[],
): ApiResult | undefined {
  if (problems.length === 0) return undefined;
  const errors = problems.map(formatProblem);
  ctx.recorder.violation('invalid_blocks', source, `${source} rejected: invalid_blocks`, errors);
  return fail('invalid_blocks', {
    errors,
    response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
  });
}

function checkMetadata(args: ApiArgs): ApiResult | undefined {
  const m = args.metadata;
  if (m === undefined || m === null || m === '') return undefined;
  if (!isObject(m) || typeof m.event_type !== 'string' || !isObject(m.event_payload)) {
    return fail('invalid_metadata_format');
  }
  return undefined;
}

/** Strips fields a stored message keeps for the fake's own bookkeeping. */
function publicMessage(m: StoredMessage, withMetadata: boolean): JsonObject {
  const { channel: _channel, metadata, ...rest } = structuredClone(m);
  return withMetadata && metadata !== undefined ? { ...rest, metadata } : rest;
}

function inWindow(ts: string, args: ApiArgs): boolean {
  const t = Number(ts);
  const inclusive = bool(args.inclusive);
  const oldest = str(args.oldest);
  const latest = str(args.latest);
  if (oldest !== undefined && (inclusive ? t < Number(oldest) : t <= Number(oldest))) return false;
  if (latest !== undefined && (inclusive ? t > Number(latest) : t >= Number(latest))) return false;
  return true;
}

/** Cursor pagination over an already ordered list (cursor = offset). */
function page<T>(items: T[], args: ApiArgs): { items: T[]; hasMore: boolean; next: string } {
  const limit = Math.min(Math.max(num(args.limit, 100), 1), 1000);
  const offset = num(args.cursor, 0);
  const slice = items.slice(offset, offset + limit);
  const hasMore = offset + limit < items.length;
  return { items: slice, hasMore, next: hasMore ? String(offset + limit) : '' };
}

const postMessage: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  if (!ref) return fail('channel_not_found');
  const fields = pickMessageFields(args);
  if (!fields.text && !fields.blocks && !fields.attachments) return fail('no_text');
  const invalid = rejectProblems(ctx, 'chat.postMessage', validateMessage(args)) ?? checkMetadata(args);
  if (invalid) return invalid;
  const channel = ctx.ws.resolveChannel(ref);
  const message = ctx.ws.post(channel, fields, str(args.thread_ts));
  return { ok: true, channel, ts: message.ts, message: publicMessage(message, true) };
};

const update: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  const ts = str(args.ts);
  if (!ref) return fail('channel_not_found');
  if (!ts) return fail('message_not_found');
  const invalid = rejectProblems(ctx, 'chat.update', validateMessage(args)) ?? checkMetadata(args);
  if (invalid) return invalid;
  const channel = ctx.ws.resolveChannel(ref);
  const fields = pickMessageFields(args);
  delete fields.reply_broadcast;
  const message = ctx.ws.update(channel, ts, fields);
  if (!message) return fail('message_not_found');
  return { ok: true, channel, ts, text: message.text, message: publicMessage(message, true) };
};

const postEphemeral: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  const user = str(args.user);
  if (!ref) return fail('channel_not_found');
  if (!user) return fail('user_not_found');
  const fields = pickMessageFields(args);
  if (!fields.text && !fields.blocks && !fields.attachments) return fail('no_text');
  const invalid = rejectProblems(ctx, 'chat.postEphemeral', validateMessage(args));
  if (invalid) return invalid;
  const channel = ctx.ws.resolveChannel(ref);
  const threadTs = str(args.thread_ts);
  const e = ctx.ws.addEphemeral({
    ...fields,
    text: fields.text ?? '',
    channel,
    user,
    via: 'chat.postEphemeral',
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  return { ok: true, message_ts: e.ts };
};

const deleteMessage: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  const ts = str(args.ts);
  if (!ref) return fail('channel_not_found');
  const channel = ctx.ws.resolveChannel(ref);
  if (!ts || !ctx.ws.delete(channel, ts)) return fail('message_not_found');
  return { ok: true, channel, ts };
};

const getPermalink: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  const ts = str(args.message_ts);
  if (!ref) return fail('channel_not_found');
  const channel = ctx.ws.resolveChannel(ref);
  const message = ts ? ctx.ws.find(channel, ts) : undefined;
  if (!message || !ts) return fail('message_not_found');
  const base = `https://${ctx.ws.config.teamDomain}.slack.com/archives/${channel}/${permalinkTs(ts)}`;
  const thread =
    message.thread_ts && message.thread_ts !== ts ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
  return { ok: true, channel, permalink: base + thread };
};

const history: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  if (!ref) return fail('channel_not_found');
  const channel = ctx.ws.resolveChannel(ref);
  const withMetadata = bool(args.include_all_metadata);
  const all = ctx.ws
    .topLevel(channel)
    .filter((m) => inWindow(m.ts, args))
    .reverse();
  const p = page(all, args);
  return {
    ok: true,
    messages: p.items.map((m) => publicMessage(m, withMetadata)),
    has_more: p.hasMore,
    pin_count: 0,
    response_metadata: { next_cursor: p.next },
  };
};

const replies: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  const ts = str(args.ts);
  if (!ref) return fail('channel_not_found');
  const channel = ctx.ws.resolveChannel(ref);
  const parent = ts ? ctx.ws.find(channel, ts) : undefined;
  if (!parent || !ts) return fail('thread_not_found');
  const root = parent.thread_ts ?? parent.ts;
  const rootMessage = ctx.ws.find(channel, root);
  const thread = [...(rootMessage ? [rootMessage] : []), ...ctx.ws.replies(channel, root)];
  const withMetadata = bool(args.include_all_metadata);
  const p = page(
    thread.filter((m) => m.ts === root || inWindow(m.ts, args)),
    args,
  );
  return {
    ok: true,
    messages: p.items.map((m) => publicMessage(m, withMetadata)),
    has_more: p.hasMore,
    response_metadata: { next_cursor: p.next },
  };
};

const info: ApiHandler = (args, ctx) => {
  const ref = str(args.channel);
  if (!ref) return fail('channel_not_found');
  return { ok: true, channel: ctx.ws.channelInfo(ctx.ws.resolveChannel(ref)) };
};

const open: ApiHandler = (args, ctx) => {
  const users = str(args.users)?.split(',') ?? [];
  const ref = str(args.channel) ?? users[0];
  if (!ref) return fail('users_list_not_supplied');
  return { ok: true, channel: ctx.ws.channelInfo(ctx.ws.resolveChannel(ref)) };
};

const reaction =
  (add: boolean): ApiHandler =>
  (args, ctx) => {
    const ref = str(args.channel);
    const ts = str(args.timestamp);
    const name = str(args.name);
    if (!ref) return fail('channel_not_found');
    if (!name) return fail('invalid_name');
    const message = ts ? ctx.ws.find(ctx.ws.resolveChannel(ref), ts) : undefined;
    if (!message) return fail('message_not_found');
    const reactions: JsonObject[] = message.reactions ?? [];
    const existing = reactions.find((r) => r.name === name);
    const me = ctx.ws.config.botUserId;
    if (add) {
      if (existing?.users.includes(me)) return fail('already_reacted');
      if (existing) existing.users.push(me);
      else reactions.push({ name, users: [me], count: 0 });
    } else {
      if (!existing?.users.includes(me)) return fail('no_reaction');
      existing.users = existing.users.filter((u: string) => u !== me);
    }
    for (const r of reactions) r.count = r.users.length;
    message.reactions = reactions.filter((r) => r.count > 0);
    return { ok: true };
  };

export const messageHandlers: Record<string, ApiHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': deleteMessage,
  'chat.getPermalink': getPermalink,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': info,
  'conversations.open': open,
  'reactions.add': reaction(true),
  'reactions.remove': reaction(false),
};
