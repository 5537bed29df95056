import type { Socket } from 'node:net';
import type { SocketModeReceiver } from '@slack/bolt';

type SocketModeClient = SocketModeReceiver['client'];

/**
 * The connection's TCP socket: socket-mode 3.x keeps it on its WebSocket wrapper (`defaultSocket`,
 * captured so that it can be destroyed). Undefined when a version keeps it elsewhere: writes are
 * then left as they are.
 */
function socketOf(client: SocketModeClient): Socket | undefined {
  const socket = (client as unknown as { websocket?: { defaultSocket?: unknown } }).websocket?.defaultSocket;
  return socket && typeof (socket as Socket).cork === 'function' ? (socket as Socket) : undefined;
}

/**
 * Acks sent in the same turn of the event loop leave in one write (issue 15). Under a burst, one
 * card reading answers up to 200 viewers at once: each ack was its own write to the socket (a
 * system call, and a wake-up of the peer), the largest single cost in a profile of the burst. The
 * socket is corked at the turn's first outgoing message and uncorked once the turn's microtasks
 * have run (`process.nextTick`), so nothing waits longer than that turn. Frames keep their order.
 */
export function coalesceSocketWrites(client: SocketModeClient): void {
  let corked: Socket | undefined;
  // Emitted synchronously just before the client writes the message.
  client.on('outgoing_message', () => {
    const socket = socketOf(client);
    if (!socket || socket === corked || socket.destroyed) return;
    corked = socket;
    socket.cork();
    process.nextTick(() => {
      corked = undefined;
      socket.uncork();
    });
  });
}
