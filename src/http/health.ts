/**
 * GET /healthz (the process answers) and GET /readyz (every part the bot needs works now).
 * Parts are added by start-up as they come up; each check answers undefined when fine or what
 * is wrong, in a few words. /readyz answers 503 naming the failing parts while starting, while
 * stopping, and whenever a check fails.
 */
import type { HttpListener } from './server.js';
import { sendJson, sendText } from './server.js';

export type ReadinessCheck = () => Promise<string | undefined> | string | undefined;

export interface Readiness {
  add(part: string, check: ReadinessCheck): void;
  /** Start-up is over: from now on the parts' checks decide. */
  started(): void;
  /** Shutting down: not ready any more, whatever the parts say. */
  stopping(): void;
  evaluate(): Promise<{ ready: boolean; parts: Record<string, string> }>;
}

/** A check that does not answer within this time counts as failing (e.g. a database that hangs). */
const CHECK_TIMEOUT_MS = 2000;

export function createReadiness(): Readiness {
  const checks = new Map<string, ReadinessCheck>();
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  return {
    add(part, check) {
      checks.set(part, check);
    },
    started() {
      if (phase === 'starting') phase = 'running';
    },
    stopping() {
      phase = 'stopping';
    },
    async evaluate() {
      const parts: Record<string, string> = {};
      if (phase !== 'running') parts.bot = phase;
      await Promise.all(
        [...checks].map(async ([part, check]) => {
          parts[part] = (await withTimeout(check)) ?? 'ok';
        }),
      );
      return { ready: Object.values(parts).every((v) => v === 'ok'), parts };
    },
  };
}

async function withTimeout(check: ReadinessCheck): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    clearTimeout(timer);
  }
}

export function mountHealth(http: HttpListener, readiness: Readiness): void {
  http.route('GET', '/healthz', (_req, res) => sendText(res, 200, 'ok\n'));
  http.route('GET', '/readyz', async (_req, res) => {
    const { ready, parts } = await readiness.evaluate();
    const failing = Object.keys(parts).filter((p) => parts[p] !== 'ok');
    sendJson(res, ready ? 200 : 503, ready ? { status: 'ready', parts } : { status: 'not ready', failing, parts });
  });
}
