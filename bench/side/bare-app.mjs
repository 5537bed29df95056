// The floor: a bare Bolt 5.1 app in its own process that acks every payload and answers with a
// fixed text or modal, against the same fake Slack. Plain JavaScript (nothing to compile).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import bolt from '@slack/bolt';
import { cpuMeter } from './cpu.mjs';

const stall = monitorEventLoopDelay({ resolution: 5 });
stall.enable();
const app = new bolt.App({
  token: 'xoxb-bench',
  appToken: 'xapp-bench',
  socketMode: true,
  clientOptions: { slackApiUrl: process.env.BENCH_SLACK_API_URL },
  // Quiet: under a burst on a loaded machine even this app meets expired trigger_ids; the driver counts them.
  logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error', setName() {} },
});
app.command('/qrv', async ({ ack }) => ack({ response_type: 'ephemeral', text: 'ok' }));
app.action('bench_open', async ({ ack, body, client }) => {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: { type: 'modal', title: { type: 'plain_text', text: 'QRV' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'ok' } }] } });
});
app.action('bench_detail', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', replace_original: false, text: 'ok' });
});
await app.start();
const reply = (m) => process.send(m);
const cpu = cpuMeter();
process.on('message', async (request) => {
  if (request.type === 'stall-reset') {
    stall.reset();
    cpu.reset();
  }
  if (request.type === 'stall') return reply({ type: 'stall', id: request.id, maxMs: stall.max / 1e6, p99Ms: stall.percentile(99) / 1e6, cpuMs: cpu.ms() });
  // Its handlers ack and answer at once, and it has no jobs: nothing is left running after a burst.
  if (request.type === 'busy') return reply({ type: 'busy', id: request.id, handlers: 0, jobs: 0 });
  if (request.type === 'memory') return reply({ type: 'memory', id: request.id, rssMiB: process.memoryUsage().rss / 2 ** 20 });
  if (request.type === 'stop') {
    await app.stop();
    reply({ type: 'done', id: request.id });
    process.exit(0);
  }
  reply({ type: 'done', id: request.id });
});
reply({ type: 'ready' });
