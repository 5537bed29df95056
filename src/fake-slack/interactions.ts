/**
 * What a user does in Slack, turned into envelopes for the app: slash commands, button clicks,
 * view submissions and closings, Home tab opens, arbitrary events. Acks are applied to the
 * stored state like Slack would (slash command responses, `response_action`s).
 */
import { dmChannelFor, newViewId } from './ids.js';
import { isObject } from './limits-elements.js';
import { formatProblem, validateMessage, validateView } from './limits.js';
import {
  blockActionsPayload,
  buttonAction,
  envelope,
  eventCallbackPayload,
  findElement,
  type PayloadContext,
  slashCommandPayload,
  type UserRef,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads.js';
import type { Recorder } from './recorder.js';
import type { ResponseUrls } from './response-url.js';
import type { SocketModeHub } from './socket-mode.js';
import { pickMessageFields, type Workspace } from './store.js';
import type { DeliveryOptions, Envelope, EnvelopeResult, JsonObject } from './types.js';
import { buildViewState, type SubmittedValues } from './view-state.js';
import type { ViewStore } from './view-store.js';

export interface SlashCommandInput extends DeliveryOptions {
  command: string;
  text?: string;
  userId: string;
  /** Channel ID or `#name`. Default `#general`. */
  channelId?: string;
}

export interface ClickButtonInput extends DeliveryOptions {
  actionId: string;
  userId: string;
  value?: string;
  blockId?: string;
  /** Channel (ID or `#name`) and ts of the message holding the button… */
  channel?: string;
  messageTs?: string;
  /** …or the ID of the modal / Home tab view holding it. */
  viewId?: string;
  /** In a modal: what the user has entered so far (sent as view.state, like Slack does). */
  values?: SubmittedValues;
  /**
   * The element as the user's client showed it, when the stored message no longer has it (a
   * stale screen: Slack still delivers the click, and the app must cope).
   */
  element?: JsonObject;
}

export interface SubmitViewInput extends DeliveryOptions {
  userId: string;
  /** Default: the user's top modal (or the one with `callbackId`). */
  viewId?: string;
  callbackId?: string;
  values?: SubmittedValues;
  privateMetadata?: string;
}

export interface CloseViewInput extends DeliveryOptions {
  userId: string;
  viewId?: string;
  /** The user closed the whole stack. */
  isCleared?: boolean;
}

export interface InteractionDeps {
  ws: Workspace;
  views: ViewStore;
  hub: SocketModeHub;
  recorder: Recorder;
  responses: ResponseUrls;
  baseUrl: () => string;
}

export class Interactions {
  constructor(private readonly d: InteractionDeps) {}

  private get ctx(): PayloadContext {
    return this.d.ws.config;
  }

  private user(id: string): UserRef {
    return { id, name: this.d.ws.user(id)?.name ?? id.toLowerCase() };
  }

  private async send(
    env: Envelope,
    opts: DeliveryOptions,
    extra: { triggerId?: string; responseUrl?: string } = {},
  ): Promise<EnvelopeResult> {
    const delivered = await this.d.hub.deliver(env, opts);
    return { envelopeId: env.envelope_id, envelope: env, ...delivered, ...extra };
  }

  async sendSlashCommand(a: SlashCommandInput): Promise<EnvelopeResult> {
    const { ws, views } = this.d;
    const channel = ws.resolveChannel(a.channelId ?? '#general');
    const triggerId = views.issueTrigger(a.userId);
    const responseUrl = this.d.responses.issue(this.d.baseUrl(), {
      origin: 'slash_command',
      channel,
      user: a.userId,
    });
    const payload = slashCommandPayload(this.ctx, {
      command: a.command,
      text: a.text ?? '',
      user: this.user(a.userId),
      channelId: channel,
      channelName: ws.channelName(channel),
      triggerId,
      responseUrl,
    });
    const result = await this.send(envelope('slash_commands', payload), a, { triggerId, responseUrl });
    this.applyCommandAck(result.ack.payload, channel, a.userId);
    return result;
  }

  /** An ack body for a command is shown like a response_url message. */
  private applyCommandAck(body: JsonObject, channel: string, user: string): void {
    const fields = pickMessageFields(body);
    if (!fields.text && !fields.blocks && !fields.attachments) return;
    const problems = validateMessage(body).map(formatProblem);
    if (problems.length > 0) {
      this.d.recorder.violation('invalid_blocks', 'slash_commands ack', 'command ack body rejected', problems);
      return;
    }
    if (body.response_type === 'in_channel') this.d.ws.post(channel, { text: '', ...fields });
    else this.d.ws.addEphemeral({ ...fields, text: fields.text ?? '', channel, user, via: 'ack' });
  }

  async clickButton(a: ClickButtonInput): Promise<EnvelopeResult> {
    const { ws, views } = this.d;
    const triggerId = views.issueTrigger(a.userId);
    const where = a.viewId ?? `${a.channel}/${a.messageTs}`;
    const pick = (source: JsonObject) => {
      const found = findElement(source, a.actionId, a.blockId) ?? (a.element ? { blockId: a.blockId ?? '', element: a.element } : undefined);
      if (!found) {
        throw new Error(`fake-slack: no element with action_id "${a.actionId}"${a.blockId ? ` in block "${a.blockId}"` : ''} in ${where}`);
      }
      return buttonAction(this.ctx, { actionId: a.actionId, blockId: found.blockId, element: found.element, value: a.value });
    };
    if (a.viewId !== undefined) {
      const found = views.find({ viewId: a.viewId });
      if (!found) throw new Error(`fake-slack: no open view ${a.viewId}`);
      const payload = blockActionsPayload(this.ctx, {
        user: this.user(a.userId),
        action: pick(found.view),
        triggerId,
        view: a.values ? { ...found.view, state: { values: buildViewState(found.view, a.values).values } } : found.view,
      });
      return this.send(envelope('interactive', payload), a, { triggerId });
    }
    if (!a.channel || !a.messageTs) throw new Error('fake-slack: clickButton needs channel and messageTs, or viewId');
    const channel = ws.resolveChannel(a.channel);
    const stored = ws.find(channel, a.messageTs);
    const ephemeral = stored ? undefined : ws.findEphemeral(a.messageTs);
    const message = stored ?? ephemeral;
    if (!message) throw new Error(`fake-slack: no message ${a.messageTs} in ${a.channel} (${channel})`);
    const responseUrl = this.d.responses.issue(this.d.baseUrl(), {
      origin: 'block_actions',
      channel,
      user: a.userId,
      messageTs: a.messageTs,
      ephemeral: !stored,
    });
    const payload = blockActionsPayload(this.ctx, {
      user: this.user(a.userId),
      action: pick(message),
      triggerId,
      responseUrl,
      message: {
        channel: { id: channel, name: ws.channelName(channel) },
        ts: a.messageTs,
        // Slack does not include ephemeral messages in the payload.
        ...(stored ? { stored } : {}),
        ephemeral: !stored,
      },
    });
    return this.send(envelope('interactive', payload), a, { triggerId, responseUrl });
  }

  private viewFor(userId: string, viewId?: string, callbackId?: string): JsonObject | undefined {
    if (viewId !== undefined) return this.d.views.find({ viewId })?.view;
    const stack = this.d.views.stack(userId);
    if (callbackId === undefined) return stack[stack.length - 1];
    return [...stack].reverse().find((v) => v.callback_id === callbackId);
  }

  async submitView(a: SubmitViewInput): Promise<EnvelopeResult> {
    const stored = this.viewFor(a.userId, a.viewId, a.callbackId);
    if (!stored && a.callbackId === undefined) {
      throw new Error(`fake-slack: no open modal to submit for ${a.userId}${a.viewId ? ` (view ${a.viewId})` : ''}`);
    }
    // A view the fake never saw (handler-only tests): submitted with just its callback_id.
    const base = stored ?? { id: newViewId(), type: 'modal', callback_id: a.callbackId, blocks: [], private_metadata: '' };
    const state = buildViewState(base, a.values);
    if (state.missing.length > 0) {
      throw new Error(`fake-slack: required input(s) left empty, Slack would not submit: ${state.missing.join(', ')}`);
    }
    const view = {
      ...structuredClone(base),
      state: { values: state.values },
      private_metadata: a.privateMetadata ?? base.private_metadata ?? '',
    };
    const triggerId = this.d.views.issueTrigger(a.userId);
    const payload = viewSubmissionPayload(this.ctx, { user: this.user(a.userId), view, triggerId });
    const result = await this.send(envelope('interactive', payload), a, { triggerId });
    if (stored) this.applyResponseAction(result.ack.payload, a.userId, view);
    return result;
  }

  private applyResponseAction(ack: JsonObject, userId: string, view: JsonObject): void {
    const { views, recorder } = this.d;
    const action = ack.response_action;
    const reject = (message: string, problems: string[] = []) =>
      recorder.violation('invalid_response_action', 'view_submission ack', message, problems);
    const checkView = (v: unknown) => {
      const problems = validateView(v).map(formatProblem);
      if (problems.length > 0) reject(`response_action ${action}: invalid view`, problems);
      return problems.length === 0;
    };
    if (action === undefined) views.close(userId, view.id);
    else if (action === 'clear') views.clearStack(userId);
    else if (action === 'errors') {
      const inputs = new Set(
        (Array.isArray(view.blocks) ? view.blocks : [])
          .filter((b: unknown) => isObject(b) && b.type === 'input')
          .map((b: JsonObject) => b.block_id),
      );
      const errors = isObject(ack.errors) ? ack.errors : {};
      const bad = Object.keys(errors).filter((k) => !inputs.has(k));
      if (!isObject(ack.errors) || Object.keys(errors).length === 0) reject('response_action errors without errors');
      else if (bad.length > 0) reject(`errors keys are not input block_ids of the view: ${bad.join(', ')}`);
    } else if (action === 'update') {
      if (checkView(ack.view)) views.update({ viewId: view.id }, ack.view);
    } else if (action === 'push') {
      if (checkView(ack.view) && views.push(userId, ack.view) === 'push_limit_reached') {
        reject('response_action push: push_limit_reached');
      }
    } else reject(`unknown response_action: ${String(action)}`);
  }

  /** Closes a modal; sends `view_closed` only if the view asked for it (`notify_on_close`). */
  async closeView(a: CloseViewInput): Promise<EnvelopeResult | null> {
    const view = this.viewFor(a.userId, a.viewId);
    if (!view) throw new Error(`fake-slack: no open modal to close for ${a.userId}`);
    if (a.isCleared) this.d.views.clearStack(a.userId);
    else this.d.views.close(a.userId, view.id);
    if (!view.notify_on_close) return null;
    const payload = viewClosedPayload(this.ctx, {
      user: this.user(a.userId),
      view,
      isCleared: a.isCleared ?? false,
    });
    return this.send(envelope('interactive', payload), a);
  }

  openHome(userId: string, opts: DeliveryOptions = {}): Promise<EnvelopeResult> {
    const home = this.d.views.home(userId);
    return this.sendEvent(
      {
        type: 'app_home_opened',
        user: userId,
        channel: dmChannelFor(userId),
        tab: 'home',
        ...(home ? { view: structuredClone(home) } : {}),
      },
      opts,
    );
  }

  async sendEvent(event: JsonObject, opts: DeliveryOptions = {}): Promise<EnvelopeResult> {
    if (typeof event.type !== 'string') throw new Error('fake-slack: an event needs a type');
    return this.send(envelope('events_api', eventCallbackPayload(this.ctx, event)), opts);
  }

  /** Resends an envelope with the same ID and payload (Events API: with retry fields). */
  async redeliver(
    envelopeId: string,
    opts: DeliveryOptions & { retryReason?: string } = {},
  ): Promise<EnvelopeResult> {
    const previous = this.d.hub.envelope(envelopeId);
    if (!previous) throw new Error(`fake-slack: no envelope ${envelopeId} was sent`);
    const env: Envelope = { ...previous };
    if (env.type === 'events_api') {
      env.retry_attempt = (previous.retry_attempt ?? 0) + 1;
      env.retry_reason = opts.retryReason ?? 'timeout';
    }
    return this.send(env, opts);
  }
}
