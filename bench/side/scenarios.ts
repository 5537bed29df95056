import type { EnvelopeResult, FakeSlack, RecordedCall } from '../../src/fake-slack/index.js';
import type { AppProcess } from './apps.js';
import { percentile } from './stats.js';

export interface BurstResult {
  /** Envelopes never acknowledged (the fake gives up after its ack timeout). */
  unacked: number;
  acks: number[];
  answers: number[];
  unanswered: number;
  stallMs: number;
  /** The app process's CPU time from the burst's start to its last answer (every thread). */
  cpuMs: number;
}

/** Several rounds of the same burst pooled: p50/p99 of ack and answer, late acks, worst stall. */
export function summarize(rounds: BurstResult[]) {
  const acks = rounds.flatMap((r) => r.acks);
  const got = rounds.flatMap((r) => r.answers);
  return {
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    answerP50: percentile(got, 50),
    answerP99: percentile(got, 99),
    lateAcks: acks.filter((a) => a > 3000).length,
    unanswered: rounds.reduce((n, r) => n + r.unanswered, 0),
    unacked: rounds.reduce((n, r) => n + r.unacked, 0),
    stallMs: Math.max(...rounds.map((r) => r.stallMs)),
    cpuMs: rounds.reduce((n, r) => n + r.cpuMs, 0) / rounds.length,
  };
}

/** When the answer to one interaction became visible (ms after it was sent), if it did. */
type AnswerOf = (fake: FakeSlack, result: EnvelopeResult, sentAt: number) => number | undefined;

const loadingCallback = 'qrv_loading';
/** The fake records a response_url under its own host name: compare the secret at its end. */
const sameUrl = (posted: string, issued: string | undefined) => Boolean(issued) && posted.split('/').at(-1) === issued!.split('/').at(-1);

export const answers = {
  /** A slash command: the ack's body, else the first response_url post. */
  command: ((fake, r, sentAt) => {
    const body = r.ack.payload;
    if (body.text || body.blocks) return r.ackMs;
    const post = fake.responses.find((p) => sameUrl(p.url, r.responseUrl));
    return post ? post.at - sentAt : undefined;
  }) satisfies AnswerOf,
  /** A button whose answer goes to its response_url (詳細). */
  respond: ((fake, r, sentAt) => {
    const post = fake.responses.find((p) => sameUrl(p.url, r.responseUrl));
    return post ? post.at - sentAt : undefined;
  }) satisfies AnswerOf,
  /** A button opening a modal: the first modal that is not the loading placeholder. */
  modal: ((fake, r, sentAt) => {
    const open = fake.callsTo('views.open').find((c) => c.args.trigger_id === r.triggerId && c.response.ok);
    if (!open) return undefined;
    const view = (c: RecordedCall) => (typeof c.args.view === 'string' ? JSON.parse(c.args.view) : c.args.view);
    if (view(open).callback_id !== loadingCallback) return open.at - sentAt;
    const viewId = open.response.view?.id;
    const update = fake.callsTo('views.update').find((c) => c.args.view_id === viewId && c.response.ok && view(c).callback_id !== loadingCallback);
    return update ? update.at - sentAt : undefined;
  }) satisfies AnswerOf,
};

/** Sends `count` interactions at once; waits (up to `waitMs`) for their answers. */
export async function burst(
  fake: FakeSlack,
  app: AppProcess,
  count: number,
  send: (i: number) => Promise<EnvelopeResult>,
  answerOf: AnswerOf,
  waitMs = 30_000,
): Promise<BurstResult> {
  fake.resetRecords();
  await app.ask({ type: 'stall-reset' });
  const sent = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const sentAt = Date.now();
      const result = await send(i).catch(() => undefined);
      return { result, sentAt };
    }),
  );
  const delivered = sent.filter((s): s is { result: EnvelopeResult; sentAt: number } => s.result !== undefined);
  const deadline = Date.now() + waitMs;
  let answered: Array<number | undefined> = [];
  for (;;) {
    answered = delivered.map(({ result, sentAt }) => answerOf(fake, result, sentAt));
    if (answered.every((a) => a !== undefined) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const stall = await app.ask<{ type: 'stall'; maxMs: number; p99Ms: number; cpuMs: number; id: number }>({ type: 'stall' });
  if (process.env.BENCH_DEBUG && answered.some((a) => a === undefined)) {
    const errors = (m: string) => fake.callsTo(m).filter((c) => !c.response.ok).map((c) => c.response.error);
    console.error(JSON.stringify({ open: fake.callsTo('views.open').length, openErrors: errors('views.open'), updates: fake.callsTo('views.update').length, updateErrors: errors('views.update'), responses: fake.responses.slice(0, 2).map((p) => p.url), issued: delivered[0]?.result.responseUrl, violations: fake.violations.slice(0, 3) }));
  }
  const answers = answered.filter((a): a is number => a !== undefined);
  // The work the burst left (claims after their forms, message updates, thread notes) ends before the next burst starts.
  await quiet(fake, app);
  return { acks: delivered.map((s) => s.result.ackMs), unacked: count - delivered.length, answers, unanswered: count - answers.length, stallMs: stall.maxMs, cpuMs: stall.cpuMs };
}

/**
 * Waits until the app runs no Slack handler (a procedure form's claim follows the shown form, and
 * under a burst on PGlite lands seconds later), has no job due or running (the claims' message
 * updates and thread notes) and has made no Slack Web API call for `quietMs`, at most `maxMs`.
 */
export async function quiet(fake: FakeSlack, app: AppProcess, quietMs = 1000, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const busy = await app.ask<{ type: 'busy'; handlers: number; jobs: number; id: number }>({ type: 'busy' });
    const last = fake.calls.at(-1)?.at ?? 0;
    if (busy.handlers === 0 && busy.jobs === 0 && Date.now() - last >= quietMs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The same interaction `count` times one after the other: p50 of the answer. */
export async function oneAtATime(fake: FakeSlack, count: number, send: () => Promise<EnvelopeResult>, answerOf: AnswerOf): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    fake.resetRecords();
    const sentAt = Date.now();
    const result = await send().catch(() => undefined);
    if (!result) break; // lost (e.g. a Socket Mode reconnect): the one-at-a-time figure stops there
    for (let waited = 0; waited < 10_000; waited += 5) {
      const at = answerOf(fake, result, sentAt);
      if (at !== undefined) {
        times.push(at);
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return percentile(times, 50);
}

/** Alert ID → when chat.postMessage carried it. */
function postedAlerts(fake: FakeSlack): Map<number, { at: number; ts: string }> {
  const out = new Map<number, { at: number; ts: string }>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const metadata = typeof call.args.metadata === 'string' ? JSON.parse(call.args.metadata) : call.args.metadata;
    const id = Number(metadata?.event_payload?.alert_id);
    if (call.response.ok && id && !out.has(id)) out.set(id, { at: call.at, ts: String(call.response.ts) });
  }
  return out;
}

/** Inserts alerts at a rate through the bot's process; insert → chat.postMessage p50/p99. */
export async function insertToPost(fake: FakeSlack, app: AppProcess, count: number, perSecond: number) {
  fake.resetRecords();
  const { alerts } = await app.ask<{ type: 'inserted'; id: number; alerts: Array<{ id: number; at: number }> }>({ type: 'insert', count, perSecond });
  const deadline = Date.now() + 60_000;
  let posted = postedAlerts(fake);
  while (alerts.some((a) => !posted.has(a.id)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    posted = postedAlerts(fake);
  }
  const delays = alerts.flatMap((a) => (posted.has(a.id) ? [posted.get(a.id)!.at - a.at] : []));
  return { p50: percentile(delays, 50), p99: percentile(delays, 99), missing: count - delays.length, posted, alerts };
}
