/** The fetch Bolt and the Web API clients use (undici's request over a keep-alive pool) answers as fetch does. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackFetch } from '../../src/slack/fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A local HTTP server: `answer` writes each response; what it received is in `seen`. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('createSlackFetch', () => {
  it('posts the body with its headers and answers with status, headers and the JSON body', async () => {
    const { base, seen } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-oauth-scopes': 'chat:write' });
      res.end('{"ok":true,"ts":"1.2"}');
    });
    const fetch = createSlackFetch();
    const response = await fetch(new URL(`${base}/api/chat.postMessage`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer xoxb-1' },
      body: JSON.stringify({ channel: 'C1', text: '予約 QRV-AB12CD' }),
    });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('x-oauth-scopes')).toBe('chat:write');
    expect(await response.json()).toEqual({ ok: true, ts: '1.2' });
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/api/chat.postMessage',
        headers: expect.objectContaining({ 'content-type': 'application/json', authorization: 'Bearer xoxb-1' }),
        body: '{"channel":"C1","text":"予約 QRV-AB12CD"}',
      }),
    ]);
  });

  it('sends URLSearchParams as a form and answers a 429 with its Retry-After (not an error: the client decides)', async () => {
    const { base, seen } = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': '3', 'content-type': 'text/plain' });
      res.end('rate limited');
    });
    const response = await createSlackFetch()(`${base}/api/chat.update`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'C1', ts: '1.2' }),
    });
    expect([response.status, response.ok, response.headers.get('retry-after'), await response.text()]).toEqual([429, false, '3', 'rate limited']);
    expect(seen[0]?.body).toBe('channel=C1&ts=1.2');
  });

  it('answers a 204 with no body', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const response = await createSlackFetch()(`${base}/actions/T1/1/x`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('follows a redirect by default, and refuses it with redirect: error (as fetch)', async () => {
    const { base, seen } = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' });
        res.end();
      } else res.end('moved here');
    });
    const fetch = createSlackFetch();
    expect(await (await fetch(`${base}/old`, { method: 'POST', body: 'a' })).text()).toBe('moved here');
    expect(seen.map((s) => s.url)).toEqual(['/old', '/new']);
    await expect(fetch(`${base}/old`, { method: 'POST', body: 'a', redirect: 'error' })).rejects.toThrow(/fetch failed/);
    expect(seen.map((s) => s.url)).toEqual(['/old', '/new', '/old']);
  });

  it('rejects with the signal reason when the timeout ends the call (the client counts it as a timeout)', async () => {
    const { base } = await serve(() => {}); // never answers
    const error = await createSlackFetch()(`${base}/api/views.open`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('rejects with "fetch failed" when nobody listens', async () => {
    const { base } = await serve(() => {});
    server!.close();
    await new Promise((resolve) => setImmediate(resolve));
    const error = await createSlackFetch()(`${base}/api/auth.test`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('leaves multipart bodies (file uploads) to the global fetch', async () => {
    const { base, seen } = await serve((_req, res) => res.end('{"ok":true}'));
    const form = new FormData();
    form.append('file', new Blob(['日報']), 'report.csv');
    const response = await createSlackFetch()(`${base}/upload/v1/abc`, { method: 'POST', body: form });
    expect(await response.json()).toEqual({ ok: true });
    expect(seen[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]?.body).toContain('filename="report.csv"');
    expect(seen[0]?.body).toContain('日報');
  });
});
