/**
 * Modals (a stack per user), Home tabs (one per user) and trigger IDs (single use, short-lived).
 */
import { newTriggerId, newViewHash, newViewId } from './ids.js';
import { LIMITS } from './limits.js';
import type { WorkspaceConfig } from './store.js';
import type { JsonObject } from './types.js';

export type TriggerError = 'invalid_trigger_id' | 'exchanged_trigger_id' | 'expired_trigger_id';
export type TriggerCheck = { ok: true; userId: string } | { ok: false; error: TriggerError };

interface Trigger {
  userId: string;
  issuedAt: number;
  used: boolean;
}

export interface ViewTarget {
  viewId?: string;
  externalId?: string;
}

export interface FoundView {
  view: JsonObject;
  userId: string;
  surface: 'modal' | 'home';
}

export class ViewStore {
  private readonly triggers = new Map<string, Trigger>();
  private readonly stacks = new Map<string, JsonObject[]>();
  private readonly homes = new Map<string, JsonObject>();

  constructor(
    private readonly config: WorkspaceConfig,
    private readonly triggerTtlMs: number,
  ) {}

  issueTrigger(userId: string): string {
    const id = newTriggerId(this.config.now());
    this.triggers.set(id, { userId, issuedAt: this.config.now(), used: false });
    return id;
  }

  /** Exchanges a trigger: valid once, within the TTL. */
  useTrigger(id: unknown): TriggerCheck {
    const trigger = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    trigger.used = true;
    if (this.config.now() - trigger.issuedAt > this.triggerTtlMs) {
      return { ok: false, error: 'expired_trigger_id' };
    }
    return { ok: true, userId: trigger.userId };
  }

  /** Turns a view as sent by the app into the view object Slack stores and returns. */
  private materialize(input: JsonObject, base?: JsonObject): JsonObject {
    const cfg = this.config;
    const id = base?.id ?? newViewId();
    const modal = input.type === 'modal';
    return {
      id,
      team_id: cfg.teamId,
      type: input.type,
      blocks: input.blocks ?? [],
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id ?? '',
      external_id: input.external_id ?? '',
      state: { values: {} },
      hash: newViewHash(cfg.now()),
      title: input.title ?? null,
      ...(modal ? { submit: input.submit ?? null, close: input.close ?? null } : {}),
      clear_on_close: input.clear_on_close ?? false,
      notify_on_close: input.notify_on_close ?? false,
      root_view_id: base?.root_view_id ?? id,
      previous_view_id: base?.previous_view_id ?? null,
      app_id: cfg.appId,
      app_installed_team_id: cfg.teamId,
      bot_id: cfg.botId,
    };
  }

  stack(userId: string): JsonObject[] {
    return this.stacks.get(userId) ?? [];
  }

  home(userId: string): JsonObject | undefined {
    return this.homes.get(userId);
  }

  open(userId: string, input: JsonObject): JsonObject {
    const view = this.materialize(input);
    this.stacks.set(userId, [view]);
    return view;
  }

  /** Pushes a modal; fails past Slack's limit of stacked modals. */
  push(userId: string, input: JsonObject): JsonObject | 'push_limit_reached' {
    const stack = this.stacks.get(userId) ?? [];
    if (stack.length >= LIMITS.modalStack) return 'push_limit_reached';
    const top = stack[stack.length - 1];
    const view = this.materialize(input, top && {
      root_view_id: top.root_view_id,
      previous_view_id: top.id,
    });
    stack.push(view);
    this.stacks.set(userId, stack);
    return view;
  }

  find(target: ViewTarget): FoundView | undefined {
    const match = (v: JsonObject) =>
      (target.viewId !== undefined && v.id === target.viewId) ||
      (target.externalId !== undefined && target.externalId !== '' && v.external_id === target.externalId);
    for (const [userId, stack] of this.stacks) {
      const view = stack.find(match);
      if (view) return { view, userId, surface: 'modal' };
    }
    for (const [userId, view] of this.homes) {
      if (match(view)) return { view, userId, surface: 'home' };
    }
    return undefined;
  }

  /** `views.update` / `response_action: update`: same view ID, new content and hash. */
  update(target: ViewTarget, input: JsonObject, hash?: string): JsonObject | 'not_found' | 'hash_conflict' {
    const found = this.find(target);
    if (!found) return 'not_found';
    if (hash !== undefined && hash !== found.view.hash) return 'hash_conflict';
    const next = this.materialize(input, found.view);
    if (found.surface === 'home') this.homes.set(found.userId, next);
    else {
      const stack = this.stack(found.userId);
      stack[stack.indexOf(found.view)] = next;
    }
    return next;
  }

  /** Closes one modal (the top one by default), as a bare ack to a submission does. */
  close(userId: string, viewId?: string): JsonObject | undefined {
    const stack = this.stacks.get(userId);
    if (!stack || stack.length === 0) return undefined;
    const index = viewId === undefined ? stack.length - 1 : stack.findIndex((v) => v.id === viewId);
    if (index < 0) return undefined;
    const [closed] = stack.splice(index, 1);
    if (stack.length === 0) this.stacks.delete(userId);
    return closed;
  }

  /** Closes the whole stack (`response_action: clear`). */
  clearStack(userId: string): void {
    this.stacks.delete(userId);
  }

  publishHome(userId: string, input: JsonObject, hash?: string): JsonObject | 'hash_conflict' {
    const current = this.homes.get(userId);
    if (hash !== undefined && current && hash !== current.hash) return 'hash_conflict';
    const view = this.materialize(input, current);
    this.homes.set(userId, view);
    return view;
  }

  clear(): void {
    this.triggers.clear();
    this.stacks.clear();
    this.homes.clear();
  }
}
