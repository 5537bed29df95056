/**
 * `startFakeSlack()` and the `FakeSlack` facade: one object to point a real Bolt App at
 * (`clientOptions: { slackApiUrl: fake.apiUrl }`), drive it like users would, and inspect
 * what it did. Stop the Apps before `fake.close()`, or they keep trying to reconnect.
 */
import { randomUUID } from 'node:crypto';
import { FakeHttpServer } from './http-server.js';
import {
  type ClickButtonInput,
  type CloseViewInput,
  Interactions,
  type SlashCommandInput,
  type SubmitViewInput,
} from './interactions.js';
import { Recorder } from './recorder.js';
import { ResponseUrls } from './response-url.js';
import { type DeliveryRecord, SocketModeHub } from './socket-mode.js';
import { Workspace } from './store.js';
import type {
  ApiArgs, DeliveryOptions, Ephemeral, EnvelopeResult, FakeSlackOptions, FakeUser, Fault, JsonObject,
  RecordedCall, ResponseUrlPost, StoredMessage, UploadedFile, Violation,
} from './types.js';
import type { ApiContext, ApiHandler } from './web-api.js';
import { ViewStore } from './view-store.js';

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.listen();
  return fake;
}

export class FakeSlack {
  private readonly recorder: Recorder;
  private readonly ws: Workspace;
  private readonly viewStore: ViewStore;
  private readonly hub: SocketModeHub;
  private readonly responseUrls: ResponseUrls;
  private readonly http: FakeHttpServer;
  private readonly interactions: Interactions;
  private base = '';

  constructor(private readonly options: FakeSlackOptions = {}) {
    const now = options.now ?? Date.now;
    this.ws = new Workspace({
      teamId: options.teamId ?? 'T0FAKE',
      teamDomain: options.teamDomain ?? 'fake',
      appId: options.appId ?? 'A0FAKE',
      botUserId: options.botUserId ?? 'U0FAKEBOT',
      botId: options.botId ?? 'B0FAKEBOT',
      now,
    });
    for (const [name, id] of Object.entries(options.channels ?? {})) this.ws.defineChannel(name, id);
    for (const user of options.users ?? []) this.ws.users.set(user.id, user);
    for (const [id, users] of Object.entries(options.userGroups ?? {})) this.ws.userGroups.set(id, [...users]);
    this.recorder = new Recorder(now);
    this.viewStore = new ViewStore(this.ws.config, options.triggerTtlMs ?? 3000);
    this.hub = new SocketModeHub({
      appId: this.ws.config.appId,
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
      now,
      recorder: this.recorder,
    });
    this.responseUrls = new ResponseUrls(this.ws, this.recorder);
    const baseUrl = () => this.base;
    const ctx: ApiContext = {
      ws: this.ws,
      views: this.viewStore,
      recorder: this.recorder,
      baseUrl,
      issueSocketUrl: () => this.hub.issueUrl(this.base.replace(/^http/, 'ws')),
    };
    this.http = new FakeHttpServer({
      ctx,
      recorder: this.recorder,
      responses: this.responseUrls,
      hub: this.hub,
      ...(options.botToken ? { botToken: options.botToken } : {}),
      ...(options.appToken ? { appToken: options.appToken } : {}),
    });
    this.interactions = new Interactions({
      ws: this.ws,
      views: this.viewStore,
      hub: this.hub,
      recorder: this.recorder,
      responses: this.responseUrls,
      baseUrl,
    });
  }

  /** Starts listening (done by `startFakeSlack`). */
  async listen(): Promise<void> {
    this.base = await this.http.listen(this.options.host ?? '127.0.0.1', this.options.port ?? 0);
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this.base;
  }

  /** Web API base URL to pass as `slackApiUrl` (ends with `/api/`). */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  get teamId(): string {
    return this.ws.config.teamId;
  }

  get botUserId(): string {
    return this.ws.config.botUserId;
  }

  /** Closes connections (handshake first) and the server. Stop the Apps before. */
  async close(): Promise<void> {
    await this.hub.close();
    await this.http.close();
  }

  // ---- Web API records ---------------------------------------------------------------------

  /** Every Web API call, in order (including refused and fault-injected ones). */
  get calls(): readonly RecordedCall[] {
    return this.recorder.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.recorder.callsTo(method);
  }

  waitForCall(
    method: string,
    predicate?: (args: ApiArgs, call: RecordedCall) => boolean,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.recorder.waitForCall(method, predicate, timeoutMs);
  }

  get violations(): readonly Violation[] {
    return this.recorder.violations;
  }

  /** Throws listing every violation recorded so far. */
  assertNoViolations(): void {
    this.recorder.assertNoViolations();
  }

  /** POSTs received on response_urls. */
  get responses(): readonly ResponseUrlPost[] {
    return this.recorder.responses;
  }

  /** Every envelope delivery with its ack (if any). */
  get envelopes(): readonly DeliveryRecord[] {
    return this.hub.deliveries;
  }

  /** Forgets calls, violations, response_url posts and deliveries; keeps workspace state. */
  resetRecords(): void {
    this.recorder.reset();
    this.hub.resetRecords();
  }

  /** Forgets everything: records, messages, views, files, pending faults. */
  reset(): void {
    this.resetRecords();
    this.ws.clear();
    this.viewStore.clear();
    this.responseUrls.clear();
    this.http.clearFaults();
  }

  // ---- Workspace state ---------------------------------------------------------------------

  /** Channel ID for `#name`, `name`, or an ID. */
  channelId(ref: string): string {
    return this.ws.resolveChannel(ref);
  }

  defineChannel(name: string, id: string): void {
    this.ws.defineChannel(name, id);
  }

  /** Top-level messages of a channel (ID or `#name`), oldest first. */
  messages(channel: string): StoredMessage[] {
    return structuredClone(this.ws.topLevel(this.ws.resolveChannel(channel)));
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    const m = this.ws.find(this.ws.resolveChannel(channel), ts);
    return m && structuredClone(m);
  }

  /** Replies of a thread (without its parent), oldest first. */
  replies(channel: string, threadTs: string): StoredMessage[] {
    return structuredClone(this.ws.replies(this.ws.resolveChannel(channel), threadTs));
  }

  /** Versions of a message replaced by `chat.update`, oldest first. */
  messageVersions(channel: string, ts: string): StoredMessage[] {
    return structuredClone(this.ws.versions(this.ws.resolveChannel(channel), ts));
  }

  ephemerals(user?: string): Ephemeral[] {
    return structuredClone(this.ws.ephemeralList.filter((e) => user === undefined || e.user === user));
  }

  /** The user's modal stack, bottom first (the last one is on screen). */
  openViews(user: string): JsonObject[] {
    return structuredClone(this.viewStore.stack(user));
  }

  homeView(user: string): JsonObject | undefined {
    const v = this.viewStore.home(user);
    return v && structuredClone(v);
  }

  view(viewId: string): JsonObject | undefined {
    const found = this.viewStore.find({ viewId });
    return found && structuredClone(found.view);
  }

  /** Files completed through `files.completeUploadExternal` (i.e. `files.uploadV2`). */
  get files(): readonly UploadedFile[] {
    return this.ws.files;
  }

  /**
   * A file as the Slack client uploads it through a `file_input`: returns the file object Slack
   * puts in the view state; submit it as `{ [block]: { [action]: { files: [file] } } }`. Its
   * `url_private_download` is served by this fake to the bot token only.
   */
  userFile({ name, content }: { name: string; content: string | Buffer }): JsonObject {
    const id = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    this.ws.userFiles.set(id, { name, bytes });
    const url = `${this.base}/files-pri/${id}/${encodeURIComponent(name)}`;
    const filetype = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : 'text';
    return { id, name, title: name, filetype, mimetype: filetype === 'csv' ? 'text/csv' : 'application/octet-stream', size: bytes.length, url_private: url, url_private_download: `${url}?download=1` };
  }

  setUser(user: FakeUser): void {
    this.ws.users.set(user.id, user);
  }

  setUserGroup(id: string, users: string[]): void {
    this.ws.userGroups.set(id, [...users]);
  }

  // ---- Behaviour control -------------------------------------------------------------------

  /** A slow file download: user files are served only once the returned function is called. */
  holdFileDownloads(): () => void {
    return this.http.holdDownloads();
  }

  /** Makes the next `times` calls of `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times = 1): void {
    this.http.failNext(method, fault, times);
  }

  /**
   * A Slack outage: every call of `methods` (all methods when omitted) fails with `fault` until
   * `endOutage()`; faults queued by `failNext` come first.
   */
  outage(fault: Fault, methods?: string[]): void {
    this.http.outage(fault, methods);
  }

  endOutage(): void {
    this.http.endOutage();
  }

  /**
   * Opt-in rate limit: chat.postMessage stores at most one message per `intervalMs` in each
   * channel (Slack: about one per second; a test scales it down); a faster post waits for its
   * turn. `undefined` lifts the limit.
   */
  limitPostRate(intervalMs: number | undefined): void {
    this.http.limitPostRate(intervalMs);
  }

  /** Installs a handler for a Web API method (overrides the built-in one). */
  handle(method: string, handler: ApiHandler): void {
    this.http.handle(method, handler);
  }

  // ---- Socket Mode -------------------------------------------------------------------------

  get connectionCount(): number {
    return this.hub.connectionCount;
  }

  /** Resolves when at least `n` connections are open (`n = 0`: when none is). */
  waitForConnections(n: number, timeoutMs = 5000): Promise<void> {
    return this.hub.waitForConnections(n, timeoutMs);
  }

  /** Sends `{type:'disconnect', reason}` to every connection and closes them. */
  disconnectAll(reason = 'refresh_requested'): Promise<void> {
    return this.hub.disconnectAll(reason);
  }

  sendSlashCommand(input: SlashCommandInput): Promise<EnvelopeResult> {
    return this.interactions.sendSlashCommand(input);
  }

  clickButton(input: ClickButtonInput): Promise<EnvelopeResult> {
    return this.interactions.clickButton(input);
  }

  submitView(input: SubmitViewInput): Promise<EnvelopeResult> {
    return this.interactions.submitView(input);
  }

  /** Closes a modal; resolves with `null` when the view has no `notify_on_close`. */
  closeView(input: CloseViewInput): Promise<EnvelopeResult | null> {
    return this.interactions.closeView(input);
  }

  openHome(userId: string, options?: DeliveryOptions): Promise<EnvelopeResult> {
    return this.interactions.openHome(userId, options);
  }

  sendEvent(event: JsonObject, options?: DeliveryOptions): Promise<EnvelopeResult> {
    return this.interactions.sendEvent(event, options);
  }

  redeliver(envelopeId: string, options?: DeliveryOptions & { retryReason?: string }): Promise<EnvelopeResult> {
    return this.interactions.redeliver(envelopeId, options);
  }
}
