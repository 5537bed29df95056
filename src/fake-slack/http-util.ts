/** HTTP helpers: body reading and parsing the way Slack's Web API accepts arguments. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiArgs, JsonObject } from './types.js';

/** Arguments the WebClient JSON-encodes inside form bodies. */
const JSON_FIELDS = new Set([
  'blocks', 'attachments', 'view', 'metadata', 'files', 'file_uploads', 'user_auth_blocks',
  'unfurls', 'options', 'option_groups', 'channel_ids',
]);

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeJsonFields(args: ApiArgs): ApiArgs {
  for (const [key, value] of Object.entries(args)) {
    if (!JSON_FIELDS.has(key) || typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string: validation reports it like Slack (`must provide an array`).
    }
  }
  return args;
}

/**
 * Parses a Web API request body: form-encoded (JSON-string fields decoded), JSON, or multipart
 * (file parts become Buffers). Values from forms stay strings, as Slack receives them.
 */
export async function parseArgs(contentType: string | undefined, body: Buffer): Promise<ApiArgs> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length === 0) return {};
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as ApiArgs) : {};
  }
  if (type === 'multipart/form-data' && contentType) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const args: ApiArgs = {};
    for (const [key, value] of form.entries()) {
      args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    }
    return decodeJsonFields(args);
  }
  const args: ApiArgs = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) args[key] = value;
  return decodeJsonFields(args);
}

/** Token from `Authorization: Bearer …`, else from a `token` argument. */
export function tokenOf(req: IncomingMessage, args: ApiArgs): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  if (match?.[1]) return match[1].trim();
  return typeof args.token === 'string' ? args.token : undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: JsonObject,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Slack form values are strings: `"true"`/`"1"` are true. */
export function bool(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function num(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) ? n : fallback;
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
