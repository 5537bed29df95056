import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest } from './protocol.js';

type Request = ChildRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** An app process (the bare Bolt app or the bot) the driver talks to over IPC. */
export interface AppProcess {
  /** Milliseconds from spawning the process to its Socket Mode connection being ready. */
  coldStartMs: number;
  ask<T extends ChildReply>(request: Request): Promise<T>;
  stop(): Promise<void>;
}

export async function startApp(kind: 'bare' | 'bot', env: Record<string, string>): Promise<AppProcess> {
  const file = fileURLToPath(new URL(kind === 'bare' ? './bare-app.mjs' : './bot-child.ts', import.meta.url));
  const started = performance.now();
  const child: ChildProcess = fork(file, [], {
    execArgv: kind === 'bare' ? [] : ['--import', 'tsx'],
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
  await ready;
  const coldStartMs = performance.now() - started;
  return {
    coldStartMs,
    ask<T extends ChildReply>(request: Request) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, (reply) => (reply.type === 'error' ? reject(new Error(reply.message)) : resolve(reply as T)));
        child.send({ ...request, id });
      });
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop', id: 0 });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      child.kill('SIGKILL');
    },
  };
}
