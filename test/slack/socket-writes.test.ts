/** Acks answered together leave in one write to the Socket Mode connection (issue 15). */
import type { Socket } from 'node:net';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/index.js';
import { coalesceSocketWrites } from '../../src/slack/socket-writes.js';

let fake: FakeSlack | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await fake?.close();
  app = fake = undefined;
});

/** A Bolt app whose /qrv handler acks only when `release` is called: every held ack then goes out in the same turn. */
async function startHoldingApp(coalesce: boolean) {
  fake = await startFakeSlack();
  const receiver = new SocketModeReceiver({ appToken: 'xapp-test-token', logLevel: LogLevel.ERROR, installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } } });
  if (coalesce) coalesceSocketWrites(receiver.client);
  app = new App({ token: 'xoxb-test-token', receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl } });
  const held = { count: 0 };
  let gate!: () => void;
  const opened = new Promise<void>((resolve) => (gate = resolve));
  app.command('/qrv', async ({ ack, command }) => {
    held.count++;
    await opened;
    await ack({ text: `受付 ${command.text}` });
  });
  await app.start();
  // The TCP socket under the connection: its writes that carry text frames (the acks; a ping the
  // client may send meanwhile is a control frame), counted by frame parts. Each _write/_writev is
  // one system call. A frame's first byte is FIN + opcode: 0x81 for a whole text frame.
  const socket = (receiver.client as unknown as { websocket: { defaultSocket: Socket } }).websocket.defaultSocket;
  const writes: number[] = [];
  const carriesAck = (chunks: Array<{ chunk: unknown }>) => chunks.some(({ chunk }) => (chunk as Uint8Array)[0] === 0x81);
  const target = socket as unknown as { _writev: (chunks: Array<{ chunk: unknown }>, cb: () => void) => void; _write: (chunk: unknown, enc: string, cb: () => void) => void };
  const writev = target._writev.bind(socket);
  const write = target._write.bind(socket);
  target._writev = (chunks, cb) => {
    if (carriesAck(chunks)) writes.push(chunks.length);
    writev(chunks, cb);
  };
  target._write = (chunk, enc, cb) => {
    if (carriesAck([{ chunk }])) writes.push(1);
    write(chunk, enc, cb);
  };
  return { held, release: gate, writes };
}

async function threeAcksAtOnce(coalesce: boolean) {
  const { held, release, writes } = await startHoldingApp(coalesce);
  const sent = ['A', 'B', 'C'].map((text) => fake!.sendSlashCommand({ command: '/qrv', text, userId: 'U1' }));
  await expect.poll(() => held.count).toBe(3);
  writes.length = 0;
  release();
  const results = await Promise.all(sent);
  return { writes, acks: results.map((r) => (r.ack.payload as { text?: string }).text) };
}

describe('Socket Mode writes', () => {
  it('sends the acks of one turn in a single write, each ack its own frame', async () => {
    const { writes, acks } = await threeAcksAtOnce(true);
    expect(acks).toEqual(['受付 A', '受付 B', '受付 C']);
    expect(writes).toEqual([6]); // one writev: three frames of header + payload
  });

  it('writes each ack on its own without it (what the change removes)', async () => {
    const { writes, acks } = await threeAcksAtOnce(false);
    expect(acks).toEqual(['受付 A', '受付 B', '受付 C']);
    expect(writes).toEqual([2, 2, 2]);
  });
});
