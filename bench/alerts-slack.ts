/**
 * The fake Slack of `npm run bench -- alerts`, in its own thread: Slack is another service, so its
 * HTTP server does not spend the bot's event loop (as the core's inserts do not). Every 25 ms it
 * sends the alerts newly posted ([alert id, time Slack stored the message]); asked, it forgets what
 * it recorded, or counts the Web API calls by method.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeSlack } from '../src/fake-slack/index.js';

export type SlackWorkerMessage = { ready: string } | { posted: Array<[number, number]> } | { calls: Array<[string, number]> } | { reset: true };
export type SlackWorkerRequest = { type: 'reset' } | { type: 'calls' } | { type: 'close' };

const port = parentPort!;
const fake = await startFakeSlack({ channels: workerData.channels as Record<string, string> });
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
  if (posted.length) port.postMessage({ posted } satisfies SlackWorkerMessage);
}

const timer = setInterval(flush, 25);
port.on('message', async (request: SlackWorkerRequest) => {
  if (request.type === 'reset') {
    flush();
    fake.resetRecords();
    seen = 0;
    port.postMessage({ reset: true } satisfies SlackWorkerMessage);
  } else if (request.type === 'calls') {
    flush();
    const counts = new Map<string, number>();
    for (const call of fake.calls) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    port.postMessage({ calls: [...counts] } satisfies SlackWorkerMessage);
  } else {
    clearInterval(timer);
    await fake.close();
    port.close();
  }
});
port.postMessage({ ready: fake.apiUrl } satisfies SlackWorkerMessage);
