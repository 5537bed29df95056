/** Records Web API calls, response_url posts and violations, and lets tests wait for calls. */
import type {
  ApiArgs,
  RecordedCall,
  ResponseUrlPost,
  Violation,
  ViolationKind,
} from './types.js';

interface CallWaiter {
  method: string;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
}

export class Recorder {
  readonly calls: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  readonly responses: ResponseUrlPost[] = [];
  private waiters = new Set<CallWaiter>();

  constructor(private readonly now: () => number) {}

  recordCall(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.method === call.method && waiter.predicate(call)) {
        this.waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  }

  violation(kind: ViolationKind, source: string, message: string, problems: string[] = []): Violation {
    const v: Violation = { kind, source, message, problems, at: this.now() };
    this.violations.push(v);
    return v;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the first call to `method` matching `predicate` — one already recorded, or
   * the next one to arrive. Rejects after `timeoutMs` listing the calls seen to that method.
   */
  waitForCall(
    method: string,
    predicate: (args: ApiArgs, call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    const test = (call: RecordedCall) => predicate(call.args, call);
    const existing = this.calls.find((c) => c.method === method && test(c));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: CallWaiter = {
        method,
        predicate: test,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.callsTo(method).map((c) => JSON.stringify(c.args).slice(0, 300));
        reject(
          new Error(
            `fake-slack: no matching ${method} call within ${timeoutMs} ms ` +
              `(${seen.length} call(s) to ${method}${seen.length ? `: ${seen.join(' | ')}` : ''})`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Throws an error listing every recorded violation, if any. */
  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map((v, i) => {
      const problems = v.problems.length ? `\n      ${v.problems.join('\n      ')}` : '';
      return `  ${i + 1}. [${v.kind}] ${v.source}: ${v.message}${problems}`;
    });
    throw new Error(`fake-slack recorded ${this.violations.length} violation(s):\n${lines.join('\n')}`);
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.responses.length = 0;
  }
}
