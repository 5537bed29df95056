/**
 * The fake's HTTP surface: `POST /api/<method>` (Web API, token checks, fault injection, call
 * recording), `POST /response/<id>` (response_url), `POST /upload/<file>` (upload v2 target),
 * `GET /files-pri/<file>/<name>` (a user's file's url_private(_download), bot token required),
 * `GET /` (status), and the Socket Mode WebSocket upgrade on `/link`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs, readBody, sendJson, sendText, tokenOf } from './http-util.js';
import type { Recorder } from './recorder.js';
import type { ResponseUrls } from './response-url.js';
import type { SocketModeHub } from './socket-mode.js';
import type { ApiArgs, ApiResult, Fault, JsonObject } from './types.js';
import { type ApiContext, type ApiHandler, fail, messageHandlers } from './web-api.js';
import { APP_TOKEN_METHODS, viewAndMiscHandlers } from './web-api-views.js';

export interface HttpDeps {
  ctx: ApiContext;
  recorder: Recorder;
  responses: ResponseUrls;
  hub: SocketModeHub;
  botToken?: string;
  appToken?: string;
}

export class FakeHttpServer {
  readonly server: Server;
  private readonly faults = new Map<string, Fault[]>();
  /** A fault every call gets (of the listed methods, or of all) until the outage ends. */
  private outageFault: { fault: Fault; methods?: ReadonlySet<string> } | undefined;
  private readonly hanging = new Set<ServerResponse>();
  /** While set, user-file downloads wait for it (a slow download). */
  private downloadGate: Promise<void> | undefined;
  private readonly custom = new Map<string, ApiHandler>();
  private readonly builtins: Record<string, ApiHandler> = { ...messageHandlers, ...viewAndMiscHandlers };

  constructor(private readonly d: HttpDeps) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fake_internal_error', detail: String(error) });
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (!this.d.hub.handleUpgrade(req, socket, head)) socket.destroy();
    });
  }

  async listen(host: string, port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** User-file downloads wait until the returned function is called (a slow download). */
  holdDownloads(): () => void {
    let release!: () => void;
    this.downloadGate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.downloadGate = undefined;
      release();
    };
  }

  failNext(method: string, fault: Fault, times: number): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  outage(fault: Fault, methods?: string[]): void {
    this.outageFault = { fault, methods: methods ? new Set(methods) : undefined };
  }

  endOutage(): void {
    this.outageFault = undefined;
  }

  /** Opt-in: chat.postMessage serves one message per `intervalMs` per channel (undefined: no limit). */
  private postInterval: number | undefined;
  private readonly nextPostAt = new Map<string, number>();

  limitPostRate(intervalMs: number | undefined): void {
    this.postInterval = intervalMs;
    this.nextPostAt.clear();
  }

  /** Holds a post until its channel's next slot (Slack's ~1 message/s per channel, paced as a client honouring Retry-After sees it). */
  private async paced(method: string, args: ApiArgs): Promise<void> {
    const interval = this.postInterval;
    const ref = typeof args.channel === 'string' ? args.channel : undefined;
    if (method !== 'chat.postMessage' || !interval || !ref) return;
    const channel = this.d.ctx.ws.resolveChannel(ref);
    const now = performance.now();
    const slot = Math.max(now, this.nextPostAt.get(channel) ?? 0);
    this.nextPostAt.set(channel, slot + interval);
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }

  private faultFor(method: string): Fault | undefined {
    const queued = this.faults.get(method)?.shift();
    if (queued) return queued;
    const o = this.outageFault;
    return o && (!o.methods || o.methods.has(method)) ? o.fault : undefined;
  }

  /** Installs (or replaces) the handler of a Web API method. */
  handle(method: string, handler: ApiHandler): void {
    this.custom.set(method, handler);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/') {
      return sendJson(res, 200, { ok: true, service: 'fake-slack', connections: this.d.hub.connectionCount });
    }
    if (req.method === 'GET' && path.startsWith('/files-pri/')) return this.download(path.slice(11), req, res);
    if (req.method !== 'POST') return sendText(res, 405, 'method_not_allowed');
    const body = await readBody(req);
    if (path.startsWith('/api/')) return this.api(decodeURIComponent(path.slice(5)), req, body, res);
    if (path.startsWith('/response/')) {
      let parsed: JsonObject;
      try {
        parsed = await parseArgs(req.headers['content-type'], body);
      } catch {
        return sendText(res, 400, 'invalid_payload');
      }
      const out = this.d.responses.handle(path.slice(10), url.href, parsed);
      return typeof out.body === 'string' ? sendText(res, out.status, out.body) : sendJson(res, out.status, out.body);
    }
    if (path.startsWith('/upload/')) return this.upload(path.slice(8), req, body, res);
    return sendText(res, 404, 'not_found');
  }

  private tokenOk(method: string, token: string | undefined): boolean {
    if (!token) return false;
    if (APP_TOKEN_METHODS.has(method)) {
      return this.d.appToken ? token === this.d.appToken : token.startsWith('xapp-');
    }
    return this.d.botToken ? token === this.d.botToken : token.startsWith('xoxb-');
  }

  private async api(method: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    let args: ApiArgs;
    try {
      args = await parseArgs(req.headers['content-type'], body);
    } catch {
      return sendJson(res, 200, fail('invalid_json'));
    }
    const token = tokenOf(req, args);
    const { token: _token, ...recorded } = args;
    const handler = this.custom.get(method) ?? this.builtins[method];
    let status = 200;
    const headers: Record<string, string> = {};
    let response: ApiResult;
    const fault = handler ? this.faultFor(method) : undefined;
    if (fault?.applied && handler && this.tokenOk(method, token)) await handler(recorded, this.d.ctx);
    if (!handler) {
      response = fail('unknown_method');
      this.d.recorder.violation('unknown_method', method, `unknown Web API method ${method}`);
    } else if (fault && 'hang' in fault) {
      this.d.recorder.recordCall({ method, args: recorded, at: this.d.ctx.ws.config.now(), status: 0, response: fail('no_answer') });
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    } else if (fault) {
      status = fault.status ?? 200;
      if ('error' in fault) response = fail(fault.error);
      else if (fault.status === 429) {
        headers['retry-after'] = String(fault.retryAfter ?? 1);
        response = fail('ratelimited');
      } else response = fail('internal_error');
    } else if (!this.tokenOk(method, token)) {
      response = fail('invalid_auth');
    } else {
      await this.paced(method, recorded);
      response = await handler(recorded, this.d.ctx);
    }
    this.d.recorder.recordCall({ method, args: recorded, at: this.d.ctx.ws.config.now(), status, response });
    if (status !== 200 && status !== 429) return sendText(res, status, 'internal server error');
    sendJson(res, status, response, headers);
  }

  private async upload(fileId: string, req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const pending = this.d.ctx.ws.pendingUploads.get(fileId);
    if (!pending) return sendText(res, 404, 'file_not_found');
    let bytes = body;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await parseArgs(type, body);
      const file = Object.values(form).find((v) => Buffer.isBuffer(v));
      bytes = Buffer.isBuffer(file) ? file : Buffer.from(String(form.body ?? form.file ?? ''));
    }
    pending.bytes = bytes;
    sendText(res, 200, `OK - ${bytes.length}`);
  }

  /** A user's file, as Slack serves url_private_download: only with the bot token. */
  private async download(rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    await this.downloadGate;
    const file = this.d.ctx.ws.userFiles.get(decodeURIComponent(rest.split('/')[0] ?? ''));
    if (!this.tokenOk('files.download', tokenOf(req, {}))) return sendText(res, 403, 'not_authed');
    if (!file) return sendText(res, 404, 'file_not_found');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) });
    res.end(file.bytes);
  }
}
