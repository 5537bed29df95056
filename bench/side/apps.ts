import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest } from './protocol.js';

type Request = ChildRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** An app process (the bare Bolt app or the bot) the driver talks to over IPC. */
export interface AppProcess {
  /** Milliseconds from spawning the process to its Socket Mode connection being open (Slack's `hello` sent). */
  coldStartMs: number;
  /** Milliseconds from spawning the process to the ack of an interaction sent as soon as it connected (its handlers are there). */
  firstAckMs: number;
  /** Milliseconds from spawning the process to its `ready` (the bot: startBot resolved, every part started). */
  readyMs: number;
  ask<T extends ChildReply>(request: Request): Promise<T>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bot child runs on dist/ (as `npm start` does): refuse a missing or stale build rather than measure old code. */
export function assertBuildFresh(): void {
  const built = join(ROOT, 'dist/runtime.js');
  if (!existsSync(built)) throw new Error('dist/ is missing: run npm run build first');
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (newest(join(ROOT, 'src')) > statSync(built).mtimeMs) throw new Error('src/ is newer than dist/: run npm run build first');
}

/**
 * Both apps run by plain node (no tsx): bare-app.mjs and bot-child.mjs (the bot from dist/).
 * `connected` resolves when the app's Socket Mode connection is open (the fake Slack sees it);
 * `firstAck` then sends an interaction and resolves when it is acked.
 */
export async function startApp(kind: 'bare' | 'bot', env: Record<string, string>, connected: () => Promise<void>, firstAck: () => Promise<void>): Promise<AppProcess> {
  const file = fileURLToPath(new URL(kind === 'bare' ? './bare-app.mjs' : './bot-child.mjs', import.meta.url));
  const started = performance.now();
  const child: ChildProcess = fork(file, [], {
    execArgv: kind === 'bot' && process.env.BENCH_BOT_NODE_ARGS ? process.env.BENCH_BOT_NODE_ARGS.split(' ') : [],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const waiting = new Map<number, (reply: ChildReply) => void>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code} before it was ready`)));
    child.on('message', (reply: ChildReply) => {
      if (reply.type === 'ready') return resolve();
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    });
  });
  let connectedAt = Number.NaN;
  let ackedAt = Number.NaN;
  const acked = connected().then(async () => {
    connectedAt = performance.now();
    await firstAck();
    ackedAt = performance.now();
  });
  await Promise.all([ready, acked]);
  const readyMs = performance.now() - started;
  return {
    coldStartMs: connectedAt - started,
    firstAckMs: ackedAt - started,
    readyMs,
    ask<T extends ChildReply>(request: Request) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, (reply) => (reply.type === 'error' ? reject(new Error(reply.message)) : resolve(reply as T)));
        child.send({ ...request, id });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return; // stopped already
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop', id: 0 });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      child.kill('SIGKILL');
    },
  };
}
