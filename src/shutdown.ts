import type { Logger } from './logger.js';

/** What a stop left unfinished (empty: everything in flight finished) and what was in flight then. */
export interface StopResult {
  cut: string[];
  /** Alerts being posted, rows being delivered, Slack handlers running — when the stop gave up waiting. */
  inFlight?: { alerts: number[]; deliveries: string[]; handlers: number };
}

/**
 * The steps of a stop, in order, each given the time left before `cutAt`. A step still running then
 * is reported as cut and left behind (the process is about to exit); a step that fails is logged.
 */
export function stopPlan(cutAt: number, logger: Pick<Logger, 'warn'>) {
  const cut: string[] = [];
  return {
    cut,
    remaining: () => Math.max(0, cutAt - Date.now()),
    async step(name: string, work: () => unknown, until = cutAt): Promise<boolean> {
      const left = until - Date.now();
      if (left <= 0) {
        cut.push(name);
        return false;
      }
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        Promise.resolve()
          .then(work)
          .then(
            () => 'done' as const,
            (error: unknown) => {
              logger.warn({ err: error, step: name }, 'shutdown step failed');
              return 'done' as const;
            },
          ),
        new Promise<'cut'>((resolve) => {
          timer = setTimeout(() => resolve('cut'), left);
        }),
      ]);
      clearTimeout(timer);
      if (outcome === 'cut') cut.push(name);
      return outcome === 'done';
    },
  };
}

/** SIGTERM / SIGINT arrived while the bot was starting: start-up stops and undoes what it did. */
export class StartAborted extends Error {
  readonly code = 'START_ABORTED';
  constructor() {
    super('start-up stopped by a signal');
    this.name = 'StartAborted';
  }
}

/** `promise`, unless `signal` aborts first (then StartAborted; the promise is left to settle). */
export function unlessAborted<T>(signal: AbortSignal | undefined, promise: Promise<T>): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new StartAborted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StartAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/**
 * Counts the Slack handlers running; once closed, new envelopes are not handled (not acked: Slack
 * gives events to another connection) while those running finish and ack over the open socket.
 */
export function handlerGate() {
  let open = true;
  let running = 0;
  const idle = new Set<() => void>();
  return {
    running: () => running,
    close() {
      open = false;
    },
    async around(next: () => Promise<void>): Promise<void> {
      if (!open) return;
      running++;
      try {
        await next();
      } finally {
        running--;
        if (running === 0) for (const wake of idle) wake();
      }
    },
    whenIdle(): Promise<void> {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const wake = () => {
          idle.delete(wake);
          resolve();
        };
        idle.add(wake);
      });
    },
  };
}
