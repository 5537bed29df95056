/**
 * The fake Slack of `npm run bench -- alerts`, in its own process (forked by bench/alerts.ts, with
 * its tsx loader): Slack is another service, so its HTTP server does not spend the bot's event loop
 * (as the core's inserts do not). Every 25 ms it sends the alerts newly posted ([alert id, time
 * Slack stored the message]); asked, it forgets what it recorded, or counts the Web API calls by
 * method. Each answer carries its CPU time so far, so the bench can count it with the bot's.
 */
import { startFakeSlack } from '../src/fake-slack/index.js';

export type SlackWorkerMessage = { ready: string } | { posted: Array<[number, number]> } | { calls: Array<[string, number]>; cpuMs: number } | { reset: true; cpuMs: number };
export type SlackWorkerRequest = { type: 'reset' } | { type: 'calls' } | { type: 'close' };

const send = (message: SlackWorkerMessage) => process.send!(message);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const fake = await startFakeSlack({ channels: JSON.parse(process.env.BENCH_SLACK_CHANNELS ?? '{}') as Record<string, string> });
let seen = 0;

function flush() {
  const calls = fake.calls;
  const posted: Array<[number, number]> = [];
  for (; seen < calls.length; seen++) {
    const call = calls[seen]!;
    if (call.method !== 'chat.postMessage' || !call.response.ok) continue;
    const metadata = typeof call.args.metadata === 'string' ? JSON.parse(call.args.metadata) : call.args.metadata;
    const id = Number(metadata?.event_payload?.alert_id);
    if (id) posted.push([id, call.at]);
  }
  if (posted.length) send({ posted });
}

const timer = setInterval(flush, 25);
process.on('message', async (request: SlackWorkerRequest) => {
  if (request.type === 'reset') {
    flush();
    fake.resetRecords();
    seen = 0;
    send({ reset: true, cpuMs: cpuMs() });
  } else if (request.type === 'calls') {
    flush();
    const counts = new Map<string, number>();
    for (const call of fake.calls) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    send({ calls: [...counts], cpuMs: cpuMs() });
  } else {
    clearInterval(timer);
    await fake.close();
    process.disconnect();
  }
});
send({ ready: fake.apiUrl });
