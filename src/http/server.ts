/**
 * The bot's one HTTP listener (QRV_HTTP_HOST:QRV_HTTP_PORT): health checks and metrics today,
 * and whatever else needs an inbound HTTP endpoint (e.g. an incident intake under /hooks/…).
 * Other parts mount their routes with `route()`; the listener only dispatches and answers
 * 404 / 405 / 500 itself. Nothing here knows about Slack or the database.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpListener {
  /**
   * Mounts a handler for an exact path, or for every path under a prefix when `path` ends with
   * `/*` (e.g. `/hooks/pingdom/*`: the handler reads the rest); a second handler for the same
   * method and path is refused. A prefix route's failures are logged under its pattern, never the
   * requested path (which may carry a secret).
   */
  route(method: HttpMethod, path: string, handler: RouteHandler): void;
  /** `http://host:port` once listening. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpListener(options: { host: string; port: number; logger: Logger }): Promise<HttpListener> {
  const log = options.logger.child({ component: 'http' });
  const routes = new Map<string, Map<string, RouteHandler>>();
  const server = createServer((req, res) => {
    const requested = new URL(req.url ?? '/', 'http://listener').pathname;
    const path = routes.has(requested) ? requested : prefixOf(requested);
    const byMethod = routes.get(path);
    const handler = byMethod?.get(req.method ?? 'GET') ?? (req.method === 'HEAD' ? byMethod?.get('GET') : undefined);
    if (!byMethod) return sendText(res, 404, 'not found\n');
    if (!handler) {
      res.setHeader('allow', [...byMethod.keys()].join(', '));
      return sendText(res, 405, 'method not allowed\n');
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        log.error({ err: error, method: req.method, path }, 'HTTP handler failed');
        if (!res.headersSent) sendText(res, 500, 'internal error\n');
        else res.end();
      });
  });
  /** The longest mounted `/*` pattern the path falls under; the path itself when none. */
  const prefixOf = (requested: string): string => {
    let best: string | undefined;
    for (const pattern of routes.keys()) {
      if (pattern.endsWith('/*') && requested.startsWith(pattern.slice(0, -1)) && (!best || pattern.length > best.length)) best = pattern;
    }
    return best ?? requested;
  };
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'HTTP listener error'));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url }, 'HTTP listener started (/healthz, /readyz, /metrics)');
  return {
    url,
    route(method, path, handler) {
      const byMethod = routes.get(path) ?? new Map<string, RouteHandler>();
      if (byMethod.has(method)) throw new Error(`HTTP route ${method} ${path} is already mounted`);
      byMethod.set(method, handler);
      routes.set(path, byMethod);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, `${JSON.stringify(body)}\n`, 'application/json; charset=utf-8');
}
