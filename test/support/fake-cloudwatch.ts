/**
 * A local fake of the CloudWatch Logs JSON API (awsJson1_1) for tests with the real AWS SDK:
 * `POST /` with `X-Amz-Target: Logs_20140328.StartQuery | GetQueryResults | StopQuery`.
 * Records every call; queries stay `Running` for `runningPolls` polls, then `Complete` with
 * `results`; errors can be queued per operation.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Operation = 'StartQuery' | 'GetQueryResults' | 'StopQuery';

export interface FakeCall {
  operation: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface FakeError {
  type: string;
  message?: string;
  status?: number;
}

export interface FakeRow {
  timestamp: Date;
  message: string;
  group: string;
}

interface FakeQuery {
  id: string;
  polls: number;
  stopped: boolean;
}

const ACCOUNT = '123456789012';

/** `2025-01-29 05:00:00.000` (UTC), as Logs Insights returns `@timestamp`. */
function insightsTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export class FakeCloudWatchLogs {
  readonly calls: FakeCall[] = [];
  /** GetQueryResults answers `Running` this many times before `Complete` (Infinity: never completes). */
  runningPolls = 0;
  /** Final status instead of Complete (e.g. 'Failed'). */
  finalStatus = 'Complete';
  rows: FakeRow[] = [];
  /** Results per page (exercise nextToken); Infinity: one page. */
  pageSize = Infinity;
  /** Errors to answer, in order, per operation. */
  readonly errors: Record<Operation, FakeError[]> = { StartQuery: [], GetQueryResults: [], StopQuery: [] };
  /** An error answered to every call of the operation. */
  readonly always: Partial<Record<Operation, FakeError>> = {};
  /** Never answer (a hung endpoint). */
  hang = false;
  readonly queries = new Map<string, FakeQuery>();
  private server!: Server;
  private next = 1;
  url = '';

  static async start(): Promise<FakeCloudWatchLogs> {
    const fake = new FakeCloudWatchLogs();
    fake.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const operation = target.replace(/^Logs_20140328\./, '');
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          body = {};
        }
        fake.calls.push({ operation, body, headers: req.headers });
        if (fake.hang) return;
        const ok = req.method === 'POST' && req.url === '/' && target.startsWith('Logs_20140328.');
        const answer = ok ? fake.handle(operation as Operation, body) : { status: 404, body: { __type: 'UnknownOperationException' } };
        res.writeHead(answer.status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${fake.calls.length}`,
          ...(answer.status >= 400 ? { 'x-amzn-errortype': String((answer.body as { __type?: string }).__type) } : {}),
        });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Calls of one operation. */
  callsOf(operation: Operation): FakeCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(operation: Operation, body: Record<string, unknown>): { status: number; body: unknown } {
    const error = this.errors[operation]?.shift() ?? this.always[operation];
    if (error) return { status: error.status ?? 400, body: { __type: error.type, message: error.message ?? error.type } };
    switch (operation) {
      case 'StartQuery': {
        if (typeof body.queryString !== 'string' || typeof body.startTime !== 'number' || typeof body.endTime !== 'number') {
          return { status: 400, body: { __type: 'InvalidParameterException', message: 'missing parameter' } };
        }
        const id = `q-${this.next++}`;
        this.queries.set(id, { id, polls: 0, stopped: false });
        return { status: 200, body: { queryId: id } };
      }
      case 'GetQueryResults': {
        const q = this.queries.get(String(body.queryId));
        if (!q) return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'query not found' } };
        if (q.stopped) return { status: 200, body: { status: 'Cancelled', results: [] } };
        if (q.polls++ < this.runningPolls) {
          return { status: 200, body: { status: q.polls === 1 ? 'Scheduled' : 'Running', results: [], statistics: { recordsMatched: 0 } } };
        }
        if (this.finalStatus !== 'Complete') return { status: 200, body: { status: this.finalStatus } };
        const offset = Number(body.nextToken ?? 0);
        const page = this.rows.slice(offset, offset + this.pageSize);
        const more = offset + page.length < this.rows.length;
        return {
          status: 200,
          body: {
            status: 'Complete',
            statistics: { recordsMatched: this.rows.length, recordsScanned: this.rows.length * 10, bytesScanned: 1234 },
            results: page.map((r, i) => [
              { field: '@timestamp', value: insightsTimestamp(r.timestamp) },
              { field: '@message', value: r.message },
              { field: '@log', value: `${ACCOUNT}:${r.group}` },
              { field: '@ptr', value: `ptr-${offset + i}` },
            ]),
            ...(more ? { nextToken: String(offset + page.length) } : {}),
          },
        };
      }
      case 'StopQuery': {
        const q = this.queries.get(String(body.queryId));
        if (!q) return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'query not found' } };
        q.stopped = true;
        return { status: 200, body: { success: true } };
      }
      default:
        return { status: 400, body: { __type: 'UnknownOperationException', message: operation } };
    }
  }
}

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret-key' };

/** A clock that only moves when `sleep` is called: deterministic timeouts and backoff. */
export function fakeTime(start = Date.UTC(2025, 0, 29, 6, 0, 0)) {
  let t = start;
  const sleeps: number[] = [];
  return {
    clock: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}
