/**
 * Web API methods for views (`views.*`), identity (`auth.test`, `apps.connections.open`,
 * `users.info`, `usergroups.users.list`) and file uploads (`files.*`, upload v2 flow).
 */
import { str } from './http-util.js';
import { newFileId } from './ids.js';
import { isObject } from './limits-elements.js';
import { validateView } from './limits.js';
import type { UploadedFile } from './types.js';
import { type ApiContext, type ApiHandler, fail, rejectProblems } from './web-api.js';

function useTrigger(ctx: ApiContext, method: string, triggerId: unknown) {
  const check = ctx.views.useTrigger(triggerId);
  if (!check.ok) {
    ctx.recorder.violation(
      'trigger_id',
      method,
      `${method} answered ${check.error} for trigger_id ${String(triggerId)}` +
        (check.error === 'expired_trigger_id' ? ' (open the modal before slow work)' : ''),
    );
  }
  return check;
}

const viewsOpen: ApiHandler = (args, ctx) => {
  if (!isObject(args.view)) return fail('invalid_arguments');
  const invalid = rejectProblems(ctx, 'views.open', validateView(args.view));
  if (invalid) return invalid;
  if (args.view.type !== 'modal') return fail('invalid_arguments');
  const trigger = useTrigger(ctx, 'views.open', args.trigger_id);
  if (!trigger.ok) return fail(trigger.error);
  return { ok: true, view: ctx.views.open(trigger.userId, args.view) };
};

const viewsPush: ApiHandler = (args, ctx) => {
  if (!isObject(args.view)) return fail('invalid_arguments');
  const invalid = rejectProblems(ctx, 'views.push', validateView(args.view));
  if (invalid) return invalid;
  if (args.view.type !== 'modal') return fail('invalid_arguments');
  const trigger = useTrigger(ctx, 'views.push', args.trigger_id);
  if (!trigger.ok) return fail(trigger.error);
  const view = ctx.views.push(trigger.userId, args.view);
  if (view === 'push_limit_reached') return fail(view);
  return { ok: true, view };
};

const viewsUpdate: ApiHandler = (args, ctx) => {
  if (!isObject(args.view)) return fail('invalid_arguments');
  const viewId = str(args.view_id);
  const externalId = str(args.external_id);
  if (!viewId && !externalId) return fail('invalid_arguments');
  const invalid = rejectProblems(ctx, 'views.update', validateView(args.view));
  if (invalid) return invalid;
  const view = ctx.views.update({ viewId, externalId }, args.view, str(args.hash));
  if (typeof view === 'string') return fail(view);
  return { ok: true, view };
};

const viewsPublish: ApiHandler = (args, ctx) => {
  const userId = str(args.user_id);
  if (!userId) return fail('invalid_arguments');
  if (!isObject(args.view)) return fail('invalid_arguments');
  const invalid = rejectProblems(ctx, 'views.publish', validateView(args.view));
  if (invalid) return invalid;
  if (args.view.type !== 'home') return fail('invalid_arguments');
  if (!ctx.ws.user(userId)) return fail('user_not_found');
  const view = ctx.views.publishHome(userId, args.view, str(args.hash));
  if (typeof view === 'string') return fail(view);
  return { ok: true, view };
};

const authTest: ApiHandler = (_args, ctx) => {
  const c = ctx.ws.config;
  return {
    ok: true,
    url: `https://${c.teamDomain}.slack.com/`,
    team: 'Fake Slack',
    user: 'fake-bot',
    team_id: c.teamId,
    user_id: c.botUserId,
    bot_id: c.botId,
    is_enterprise_install: false,
  };
};

const connectionsOpen: ApiHandler = (_args, ctx) => ({ ok: true, url: ctx.issueSocketUrl() });

const usersInfo: ApiHandler = (args, ctx) => {
  const id = str(args.user);
  const user = id ? ctx.ws.user(id) : undefined;
  if (!user) return fail('user_not_found');
  return { ok: true, user: ctx.ws.userJson(user) };
};

const userGroupUsers: ApiHandler = (args, ctx) => {
  const id = str(args.usergroup);
  const users = id ? ctx.ws.userGroups.get(id) : undefined;
  if (!users) return fail('no_such_subteam');
  return { ok: true, users: [...users] };
};

const getUploadUrl: ApiHandler = (args, ctx) => {
  const filename = str(args.filename);
  const length = Number(args.length);
  if (!filename || !Number.isFinite(length)) return fail('invalid_arguments');
  const id = newFileId();
  const pending: UploadedFile = {
    id,
    filename,
    bytes: Buffer.alloc(0),
    length,
    at: ctx.ws.config.now(),
    ...(str(args.alt_text) ? { alt_text: str(args.alt_text) } : {}),
  };
  ctx.ws.pendingUploads.set(id, pending);
  return { ok: true, upload_url: `${ctx.baseUrl()}/upload/${id}`, file_id: id };
};

const completeUpload: ApiHandler = (args, ctx) => {
  const list: unknown = args.files;
  if (!Array.isArray(list) || list.length === 0) return fail('invalid_arguments');
  const channelRef = str(args.channel_id) ?? str(args.channels)?.split(',')[0];
  const channel = channelRef ? ctx.ws.resolveChannel(channelRef) : undefined;
  const threadTs = str(args.thread_ts);
  const comment = str(args.initial_comment);
  const done: UploadedFile[] = [];
  for (const item of list) {
    const id = isObject(item) ? str(item.id) : undefined;
    const pending = id ? ctx.ws.pendingUploads.get(id) : undefined;
    if (!pending || !id || !isObject(item)) return fail('file_not_found');
    ctx.ws.pendingUploads.delete(id);
    const file: UploadedFile = {
      ...pending,
      title: str(item.title) ?? pending.filename,
      at: ctx.ws.config.now(),
      ...(channel ? { channel } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(comment ? { initial_comment: comment } : {}),
    };
    ctx.ws.files.push(file);
    done.push(file);
  }
  const files = done.map((f) => ({
    id: f.id,
    name: f.filename,
    title: f.title,
    size: f.bytes.length,
    user: ctx.ws.config.botUserId,
    ...(f.alt_text ? { alt_txt: f.alt_text } : {}),
  }));
  if (channel) {
    const fields = { text: comment ?? '', files, ...(args.blocks ? { blocks: args.blocks } : {}) };
    ctx.ws.post(channel, fields, threadTs);
  }
  return { ok: true, files };
};

export const viewAndMiscHandlers: Record<string, ApiHandler> = {
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
  'auth.test': authTest,
  'apps.connections.open': connectionsOpen,
  'users.info': usersInfo,
  'usergroups.users.list': userGroupUsers,
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};

/** Methods authenticated with the app-level (`xapp-`) token; all others take the bot token. */
export const APP_TOKEN_METHODS: ReadonlySet<string> = new Set(['apps.connections.open']);
