import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { runAction } from './api.js';
import type { Sandbox } from './index.js';
import { fingerprint, snapshot } from './state.js';
import { isSandboxUser } from './users.js';

/** The page's files: next to this module (src/sandbox/public), or the sources' copy when run from the build (dist/sandbox). */
function publicDir(): string {
  const candidates = ['./public/', '../../src/sandbox/public/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

const MAX_BODY = 256 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const parsed: unknown = text ? JSON.parse(text) : {};
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

/**
 * The page on 127.0.0.1 only: static files, GET /api/state, POST /api/<action>, uploaded files,
 * and /live, a WebSocket that says `changed` whenever what the page shows may have changed.
 */
export async function startSandboxWeb({ sandbox, port, timeZone, logger }: { sandbox: Sandbox; port: number; timeZone: string; logger: Logger }) {
  const root = publicDir();
  let generation = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/api/state') {
      const user = url.searchParams.get('user');
      if (!isSandboxUser(user)) return send(res, 400, { message: 'ユーザーが不明です' });
      return send(res, 200, await snapshot(sandbox, user, timeZone));
    }
    const file = /^\/api\/files\/([A-Z0-9]+)$/.exec(url.pathname);
    if (req.method === 'GET' && file) {
      const found = sandbox.fake.files.find((f) => f.id === file[1]);
      if (!found) return send(res, 404, { message: 'ファイルがありません' });
      res.setHeader('content-disposition', `${extname(found.filename) === '.png' ? 'inline' : 'attachment'}; filename="${encodeURIComponent(found.filename)}"`);
      return send(res, 200, found.bytes, TYPES[extname(found.filename)] ?? 'application/octet-stream');
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const result = await runAction(url.pathname.slice(5), await readJson(req), sandbox);
      generation++;
      return send(res, result.status, result.body);
    }
    if (req.method !== 'GET') return send(res, 405, { message: 'method not allowed' });
    const path = normalize(url.pathname === '/' ? '/index.html' : url.pathname);
    if (path.includes('..')) return send(res, 404, 'not found', 'text/plain');
    try {
      const bytes = await readFile(join(root, path));
      return send(res, 200, bytes, TYPES[extname(path)] ?? 'application/octet-stream');
    } catch {
      return send(res, 404, 'not found', 'text/plain; charset=utf-8');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'sandbox request failed');
      if (!res.headersSent) send(res, 500, { message: `サンドボックスの内部エラー: ${(error as Error).message}` });
      else res.end();
    });
  });
  const live = new WebSocketServer({ server, path: '/live' });
  let last = '';
  const watcher = setInterval(() => {
    const now = fingerprint(sandbox, generation);
    if (now === last) return;
    last = now;
    for (const client of live.clients) client.send('changed');
  }, 150);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    async close() {
      clearInterval(watcher);
      for (const client of live.clients) client.terminate();
      await new Promise<void>((resolve) => live.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
