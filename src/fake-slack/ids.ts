/** Identifier generators: message timestamps, channel/view/file IDs, trigger IDs. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Uppercase alphanumeric string derived from `seed` (stable) or random. */
function code(length: number, seed?: string): string {
  const bytes = seed === undefined ? randomBytes(length) : createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALNUM[(bytes[i % bytes.length] ?? 0) % ALNUM.length];
  return out;
}

/**
 * Slack message timestamps: `"<seconds>.<6-digit micros>"`, unique and strictly increasing,
 * following the clock (so they sort, and look like `1700000000.000100`).
 */
export class TsClock {
  private lastMicros = 0;
  constructor(private readonly now: () => number) {}

  next(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastMicros + 1);
    this.lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const rest = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${rest}`;
  }
}

/** A stable channel ID for a channel name: `C` + 10 characters derived from the name. */
export function channelIdForName(name: string): string {
  return `C${code(10, `channel:${name}`)}`;
}

/** The DM channel ID between the bot and a user (stable). */
export function dmChannelFor(userId: string): string {
  return `D${code(10, `dm:${userId}`)}`;
}

export function newViewId(): string {
  return `V${code(10)}`;
}

export function newFileId(): string {
  return `F${code(10)}`;
}

export function newEventId(): string {
  return `Ev${code(10)}`;
}

export function newEnvelopeId(): string {
  return randomUUID();
}

/** A view hash like Slack's `1700000000.AbCdEf12`. */
export function newViewHash(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${randomBytes(6).toString('base64url')}`;
}

/** A trigger ID shaped like Slack's `1234567890123.1234567890.abcdef0123456789abcdef0123456789`. */
export function newTriggerId(nowMs: number): string {
  return `${nowMs}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

export function newSecret(): string {
  return randomBytes(12).toString('hex');
}

/** `1700000000.000100` → `p1700000000000100` (permalink form). */
export function permalinkTs(ts: string): string {
  return `p${ts.replace('.', '')}`;
}
