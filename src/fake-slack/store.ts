/**
 * Workspace state of the fake Slack: channels, messages with threads and edit history,
 * ephemerals, users and user groups, uploaded files. Views live in view-store.ts.
 */
import { channelIdForName, dmChannelFor, TsClock } from './ids.js';
import type { Ephemeral, FakeUser, JsonObject, StoredMessage, UploadedFile } from './types.js';

export interface WorkspaceConfig {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  now: () => number;
}

/** Message fields copied from `chat.postMessage` / `chat.update` arguments. */
const MESSAGE_FIELDS = [
  'text', 'blocks', 'attachments', 'metadata', 'username', 'icon_emoji', 'icon_url', 'mrkdwn',
  'unfurl_links', 'unfurl_media', 'reply_broadcast', 'files',
] as const;

export function pickMessageFields(args: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of MESSAGE_FIELDS) if (args[key] !== undefined) out[key] = args[key];
  return out;
}

export class Workspace {
  readonly clock: TsClock;
  private readonly idsByName = new Map<string, string>();
  private readonly namesById = new Map<string, string>();
  /** Every message of a channel, replies included, in posting order. */
  private readonly byChannel = new Map<string, StoredMessage[]>();
  /** Previous versions of edited messages, key `channel:ts`. */
  private readonly history = new Map<string, StoredMessage[]>();
  readonly ephemeralList: Ephemeral[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly userGroups = new Map<string, string[]>();
  readonly files: UploadedFile[] = [];
  readonly pendingUploads = new Map<string, UploadedFile>();
  /** Files a user picked in a `file_input` (tests' stand-in for an upload from the Slack client), by ID. */
  readonly userFiles = new Map<string, { name: string; bytes: Buffer }>();

  constructor(readonly config: WorkspaceConfig) {
    this.clock = new TsClock(config.now);
  }

  /** Registers a channel name ↔ ID pair. */
  defineChannel(name: string, id: string): void {
    const clean = name.replace(/^#/, '');
    this.idsByName.set(clean, id);
    this.namesById.set(id, clean);
  }

  /**
   * Resolves `#name`, `name`, a channel ID (`C…`, `G…`, `D…`) or a user ID (`U…`/`W…`, meaning
   * the bot's DM with that user) to a channel ID. Unknown names get a stable derived ID.
   */
  resolveChannel(ref: string): string {
    const clean = ref.trim().replace(/^#/, '');
    const known = this.idsByName.get(clean);
    if (known) return known;
    if (/^[CGD][A-Z0-9]+$/.test(clean)) {
      if (!this.namesById.has(clean)) this.namesById.set(clean, clean.toLowerCase());
      return clean;
    }
    if (/^[UW][A-Z0-9]+$/.test(clean)) {
      const dm = dmChannelFor(clean);
      if (!this.namesById.has(dm)) this.namesById.set(dm, clean);
      return dm;
    }
    const id = channelIdForName(clean);
    this.defineChannel(clean, id);
    return id;
  }

  channelName(id: string): string {
    return this.namesById.get(id) ?? id.toLowerCase();
  }

  channelInfo(id: string): JsonObject {
    const isIm = id.startsWith('D');
    return {
      id,
      name: this.channelName(id),
      is_channel: id.startsWith('C'),
      is_group: id.startsWith('G'),
      is_im: isIm,
      is_private: !id.startsWith('C'),
      is_archived: false,
      is_member: true,
      created: Math.floor(this.config.now() / 1000),
      creator: this.config.botUserId,
      ...(isIm ? { user: this.namesById.get(id) } : {}),
    };
  }

  private list(channel: string): StoredMessage[] {
    let list = this.byChannel.get(channel);
    if (!list) {
      list = [];
      this.byChannel.set(channel, list);
    }
    return list;
  }

  /** Posts a message as the bot (or as `user`). Thread bookkeeping mirrors Slack's. */
  post(channel: string, fields: JsonObject, threadTs?: string, user?: string): StoredMessage {
    const ts = this.clock.next();
    const cfg = this.config;
    const author = user ?? cfg.botUserId;
    const message: StoredMessage = {
      type: 'message',
      ts,
      channel,
      user: author,
      team: cfg.teamId,
      ...(author === cfg.botUserId ? { bot_id: cfg.botId, app_id: cfg.appId } : {}),
      text: '',
      ...fields,
    };
    if (threadTs !== undefined) {
      const parent = this.find(channel, threadTs);
      const root = parent?.thread_ts ?? threadTs;
      message.thread_ts = root;
      const rootMessage = this.find(channel, root);
      if (rootMessage) {
        rootMessage.thread_ts = root;
        rootMessage.reply_count = (rootMessage.reply_count ?? 0) + 1;
        const users: string[] = rootMessage.reply_users ?? [];
        if (!users.includes(author)) users.push(author);
        rootMessage.reply_users = users;
        rootMessage.reply_users_count = users.length;
        rootMessage.latest_reply = ts;
      }
    }
    this.list(channel).push(message);
    return message;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Replaces the given fields of a message (others are kept, as in Slack). */
  update(channel: string, ts: string, fields: JsonObject): StoredMessage | undefined {
    const message = this.find(channel, ts);
    if (!message) return undefined;
    const key = `${channel}:${ts}`;
    const versions = this.history.get(key) ?? [];
    versions.push(structuredClone(message));
    this.history.set(key, versions);
    Object.assign(message, fields, { edited: { user: this.config.botUserId, ts: this.clock.next() } });
    return message;
  }

  delete(channel: string, ts: string): boolean {
    const list = this.byChannel.get(channel);
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || index < 0) return false;
    const [removed] = list.splice(index, 1);
    if (removed?.thread_ts && removed.thread_ts !== removed.ts) {
      const root = this.find(channel, removed.thread_ts);
      if (root && typeof root.reply_count === 'number') root.reply_count -= 1;
    }
    return true;
  }

  /** Top-level messages (and broadcast replies), oldest first. */
  topLevel(channel: string): StoredMessage[] {
    return (this.byChannel.get(channel) ?? []).filter(
      (m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast === true,
    );
  }

  /** Replies in a thread (without the parent), oldest first. */
  replies(channel: string, threadTs: string): StoredMessage[] {
    return (this.byChannel.get(channel) ?? []).filter(
      (m) => m.thread_ts === threadTs && m.ts !== threadTs,
    );
  }

  versions(channel: string, ts: string): StoredMessage[] {
    return this.history.get(`${channel}:${ts}`) ?? [];
  }

  addEphemeral(e: Omit<Ephemeral, 'ts'>): Ephemeral {
    const ephemeral = { ...e, ts: this.clock.next() } as Ephemeral;
    this.ephemeralList.push(ephemeral);
    return ephemeral;
  }

  findEphemeral(ts: string): Ephemeral | undefined {
    return this.ephemeralList.find((e) => e.ts === ts);
  }

  /** `users.info` profile: a configured user, or one synthesized from a `U…`/`W…` ID. */
  user(id: string): FakeUser | undefined {
    const known = this.users.get(id);
    if (known) return known;
    if (id === this.config.botUserId) return { id, name: 'fake-bot', real_name: 'Fake Bot', is_bot: true };
    if (!/^[UW][A-Z0-9]+$/.test(id)) return undefined;
    return { id, name: id.toLowerCase(), real_name: `User ${id}` };
  }

  userJson(u: FakeUser): JsonObject {
    const name = u.name ?? u.id.toLowerCase();
    const realName = u.real_name ?? name;
    return {
      id: u.id,
      team_id: this.config.teamId,
      name,
      real_name: realName,
      deleted: u.deleted ?? false,
      is_admin: u.is_admin ?? false,
      is_bot: u.is_bot ?? false,
      tz: u.tz ?? 'Asia/Tokyo',
      tz_label: 'Japan Standard Time',
      tz_offset: 32400,
      profile: { real_name: realName, display_name: name, ...u.profile },
    };
  }

  clear(): void {
    this.byChannel.clear();
    this.history.clear();
    this.ephemeralList.length = 0;
    this.files.length = 0;
    this.pendingUploads.clear();
    this.userFiles.clear();
  }
}
