/**
 * Builders of the payloads Slack sends over Socket Mode, in the shapes Bolt routes:
 * slash commands, block_actions, view_submission / view_closed, and Events API callbacks.
 */
import { newEnvelopeId, newEventId } from './ids.js';
import { elementsOf, isObject } from './limits-elements.js';
import type { Envelope, EnvelopeType, JsonObject } from './types.js';

export interface PayloadContext {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  now: () => number;
}

export interface UserRef {
  id: string;
  name: string;
}

const VERIFICATION_TOKEN = 'fake-verification-token';

/** Slack-style seconds timestamp with microseconds (`1700000000.123456`). */
function nowTs(ctx: PayloadContext): string {
  const ms = ctx.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

export function envelope(type: EnvelopeType, payload: JsonObject): Envelope {
  return {
    envelope_id: newEnvelopeId(),
    type,
    payload,
    // Slack lets the app answer with a body for commands and view submissions.
    accepts_response_payload:
      type === 'slash_commands' || (type === 'interactive' && payload.type === 'view_submission'),
  };
}

function team(ctx: PayloadContext): JsonObject {
  return { id: ctx.teamId, domain: ctx.teamDomain };
}

function user(ctx: PayloadContext, u: UserRef): JsonObject {
  return { id: u.id, username: u.name, name: u.name, team_id: ctx.teamId };
}

export function slashCommandPayload(
  ctx: PayloadContext,
  a: {
    command: string;
    text: string;
    user: UserRef;
    channelId: string;
    channelName: string;
    triggerId: string;
    responseUrl: string;
  },
): JsonObject {
  // Every field is a string, as Slack sends them.
  return {
    token: VERIFICATION_TOKEN,
    team_id: ctx.teamId,
    team_domain: ctx.teamDomain,
    channel_id: a.channelId,
    channel_name: a.channelName,
    user_id: a.user.id,
    user_name: a.user.name,
    command: a.command,
    text: a.text,
    api_app_id: ctx.appId,
    is_enterprise_install: 'false',
    response_url: a.responseUrl,
    trigger_id: a.triggerId,
  };
}

export interface FoundElement {
  blockId: string;
  element: JsonObject;
}

/**
 * Finds an interactive element by `action_id` (and `block_id`, if given) in blocks and in
 * `attachments[].blocks`. Blocks without a `block_id` get the position-based one Slack would
 * have generated for them here (`block_<n>`).
 */
export function findElement(
  source: { blocks?: unknown; attachments?: unknown },
  actionId: string,
  blockId?: string,
): FoundElement | undefined {
  const lists: unknown[][] = [];
  if (Array.isArray(source.blocks)) lists.push(source.blocks);
  if (Array.isArray(source.attachments)) {
    for (const a of source.attachments) if (isObject(a) && Array.isArray(a.blocks)) lists.push(a.blocks);
  }
  let n = 0;
  for (const blocks of lists) {
    for (const block of blocks) {
      n += 1;
      if (!isObject(block)) continue;
      const id = typeof block.block_id === 'string' ? block.block_id : `block_${n}`;
      if (blockId !== undefined && id !== blockId) continue;
      const element = elementsOf(block).find((e) => e.action_id === actionId);
      if (element) return { blockId: id, element };
    }
  }
  return undefined;
}

/** The `actions[0]` entry of a block_actions payload for a clicked button. */
export function buttonAction(
  ctx: PayloadContext,
  a: { actionId: string; blockId: string; element?: JsonObject; value?: string },
): JsonObject {
  const el = a.element ?? {};
  const value = a.value ?? el.value;
  return {
    type: el.type ?? 'button',
    action_id: a.actionId,
    block_id: a.blockId,
    text: el.text ?? { type: 'plain_text', text: a.actionId, emoji: true },
    ...(value !== undefined ? { value } : {}),
    ...(el.style ? { style: el.style } : {}),
    action_ts: nowTs(ctx),
  };
}

export function blockActionsPayload(
  ctx: PayloadContext,
  a: {
    user: UserRef;
    action: JsonObject;
    triggerId: string;
    responseUrl?: string;
    /** Clicked in a channel message (or an ephemeral one). */
    message?: { channel: { id: string; name: string }; ts: string; stored?: JsonObject; ephemeral: boolean };
    /** Clicked in a modal or Home tab. */
    view?: JsonObject;
  },
): JsonObject {
  const payload: JsonObject = {
    type: 'block_actions',
    user: user(ctx, a.user),
    api_app_id: ctx.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: a.triggerId,
    team: team(ctx),
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [a.action],
  };
  if (a.message) {
    const m = a.message;
    payload.container = {
      type: 'message',
      message_ts: m.ts,
      channel_id: m.channel.id,
      is_ephemeral: m.ephemeral,
    };
    payload.channel = m.channel;
    if (m.stored) {
      const { channel: _c, via: _v, ...message } = structuredClone(m.stored);
      payload.message = message;
    }
  }
  if (a.view) {
    payload.container = { type: 'view', view_id: a.view.id };
    payload.view = structuredClone(a.view);
  }
  if (a.responseUrl) payload.response_url = a.responseUrl;
  return payload;
}

export function viewSubmissionPayload(
  ctx: PayloadContext,
  a: { user: UserRef; view: JsonObject; triggerId: string },
): JsonObject {
  return {
    type: 'view_submission',
    team: team(ctx),
    user: user(ctx, a.user),
    api_app_id: ctx.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: a.triggerId,
    view: a.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(
  ctx: PayloadContext,
  a: { user: UserRef; view: JsonObject; isCleared: boolean },
): JsonObject {
  return {
    type: 'view_closed',
    team: team(ctx),
    user: user(ctx, a.user),
    api_app_id: ctx.appId,
    token: VERIFICATION_TOKEN,
    view: a.view,
    is_cleared: a.isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An Events API `event_callback` wrapping `event` (its `event_ts` filled in if missing). */
export function eventCallbackPayload(ctx: PayloadContext, event: JsonObject): JsonObject {
  const eventTs = typeof event.event_ts === 'string' ? event.event_ts : nowTs(ctx);
  return {
    token: VERIFICATION_TOKEN,
    team_id: ctx.teamId,
    api_app_id: ctx.appId,
    event: { ...event, event_ts: eventTs },
    type: 'event_callback',
    event_id: newEventId(),
    event_time: Math.floor(ctx.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: ctx.teamId,
        user_id: ctx.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${newEventId()}`,
  };
}
