/**
 * Socket Mode side of the fake: the WebSocket endpoint returned by `apps.connections.open`,
 * `hello` on connect, envelope delivery (round robin over open connections, or to one by
 * index), ack tracking with a deadline, redelivery, and `disconnect` messages.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { newSecret } from './ids.js';
import type { Recorder } from './recorder.js';
import type { DeliveryOptions, Envelope, JsonObject } from './types.js';

export interface HubOptions {
  appId: string;
  ackTimeoutMs: number;
  pingIntervalMs: number;
  now: () => number;
  recorder: Recorder;
}

export interface Delivered {
  ack: { payload: JsonObject };
  ackMs: number;
  connection: number;
}

/** One delivery of an envelope (redeliveries are separate entries). */
export interface DeliveryRecord {
  envelope: Envelope;
  connection: number;
  sentAt: number;
  ack?: { payload: JsonObject };
  ackMs?: number;
  /** The ack arrived after the deadline (Slack would already have shown an error). */
  late?: boolean;
}

interface Pending {
  record: DeliveryRecord;
  timer: NodeJS.Timeout;
  resolve: (d: Delivered) => void;
}

interface Connection {
  socket: WebSocket;
  openedAt: number;
}

/** Short human description of an envelope for error messages. */
function describeEnvelope(e: Envelope): string {
  const p = e.payload;
  if (e.type === 'slash_commands') return `slash command ${p.command} ${p.text ?? ''}`.trim();
  if (e.type === 'events_api') return `event ${p.event?.type}`;
  if (p.type === 'block_actions') return `block_actions ${p.actions?.[0]?.action_id ?? ''}`.trim();
  if (p.view?.callback_id) return `${p.type} ${p.view.callback_id}`;
  return String(p.type);
}

export class SocketModeHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private connections: Connection[] = [];
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending[]>();
  private readonly sent = new Map<string, Envelope>();
  private readonly changeListeners = new Set<() => void>();
  private readonly pinger: NodeJS.Timeout | undefined;
  private next = 0;
  readonly deliveries: DeliveryRecord[] = [];

  constructor(private readonly opts: HubOptions) {
    if (opts.pingIntervalMs > 0) {
      this.pinger = setInterval(() => {
        for (const c of this.connections) c.socket.ping();
      }, opts.pingIntervalMs);
      this.pinger.unref();
    }
  }

  /** A single-use WebSocket URL, as `apps.connections.open` returns. */
  issueUrl(wsBase: string): string {
    const ticket = newSecret();
    this.tickets.add(ticket);
    return `${wsBase}/link/?ticket=${ticket}&app_id=${this.opts.appId}`;
  }

  /** Handles an HTTP upgrade on `/link`; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (!url.pathname.startsWith('/link')) return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
    return true;
  }

  private attach(socket: WebSocket): void {
    const connection: Connection = { socket, openedAt: this.opts.now() };
    this.connections.push(connection);
    socket.on('message', (data) => this.onMessage(data));
    socket.on('close', () => {
      this.connections = this.connections.filter((c) => c !== connection);
      this.changed();
    });
    socket.on('error', () => socket.terminate());
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections.length,
        debug_info: { host: 'fake', approximate_connection_time: 18060 },
        connection_info: { app_id: this.opts.appId },
      }),
    );
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }

  private onMessage(data: RawData): void {
    let message: JsonObject;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    const id = message.envelope_id;
    if (typeof id !== 'string') return;
    const payload: JsonObject = typeof message.payload === 'object' && message.payload ? message.payload : {};
    const queue = this.pending.get(id);
    const first = queue?.shift();
    if (queue?.length === 0) this.pending.delete(id);
    if (!first) {
      const late = [...this.deliveries].reverse().find((d) => d.envelope.envelope_id === id && !d.ack);
      if (late) Object.assign(late, { ack: { payload }, ackMs: this.opts.now() - late.sentAt, late: true });
      return;
    }
    clearTimeout(first.timer);
    const ackMs = this.opts.now() - first.record.sentAt;
    first.record.ack = { payload };
    first.record.ackMs = ackMs;
    first.resolve({ ack: { payload }, ackMs, connection: first.record.connection });
  }

  get connectionCount(): number {
    return this.connections.length;
  }

  /** Resolves when at least `n` connections are open (`n = 0`: when none is). */
  waitForConnections(n: number, timeoutMs = 5000): Promise<void> {
    const done = () => (n === 0 ? this.connections.length === 0 : this.connections.length >= n);
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.changeListeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.changeListeners.delete(listener);
        reject(new Error(`fake-slack: ${this.connections.length} connection(s) open, waited for ${n}`));
      }, timeoutMs);
      this.changeListeners.add(listener);
    });
  }

  /** Sends an envelope to one connection; resolves on its ack, rejects after the deadline. */
  deliver(envelope: Envelope, options: DeliveryOptions = {}): Promise<Delivered> {
    const count = this.connections.length;
    if (count === 0) {
      return Promise.reject(
        new Error(`fake-slack: no Socket Mode connection open to deliver ${describeEnvelope(envelope)}`),
      );
    }
    let index: number;
    if (options.connection !== undefined) index = options.connection;
    else {
      index = this.next % count;
      this.next += 1;
    }
    const connection = this.connections[index];
    if (!connection) {
      return Promise.reject(new Error(`fake-slack: no connection #${index} (${count} open)`));
    }
    this.sent.set(envelope.envelope_id, envelope);
    const record: DeliveryRecord = { envelope, connection: index, sentAt: this.opts.now() };
    this.deliveries.push(record);
    return new Promise((resolve, reject) => {
      const ms = this.opts.ackTimeoutMs;
      const timer = setTimeout(() => {
        const queue = this.pending.get(envelope.envelope_id) ?? [];
        this.pending.set(
          envelope.envelope_id,
          queue.filter((p) => p.timer !== timer),
        );
        const text = `envelope ${envelope.envelope_id} (${describeEnvelope(envelope)}) was not acknowledged within ${ms} ms`;
        this.opts.recorder.violation('unacked_envelope', envelope.type, text);
        reject(new Error(`fake-slack: ${text}`));
      }, ms);
      const queue = this.pending.get(envelope.envelope_id) ?? [];
      queue.push({ record, timer, resolve });
      this.pending.set(envelope.envelope_id, queue);
      connection.socket.send(JSON.stringify(envelope));
    });
  }

  /** The envelope last sent with this ID. */
  envelope(envelopeId: string): Envelope | undefined {
    return this.sent.get(envelopeId);
  }

  /** Sends `{type:'disconnect', reason}` to every connection and closes them. */
  async disconnectAll(reason = 'refresh_requested'): Promise<void> {
    for (const c of this.connections) {
      c.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } }));
      c.socket.close(1000, reason);
    }
    await this.waitForConnections(0, 5000).catch(() => {
      for (const c of this.connections) c.socket.terminate();
    });
  }

  /** Forgets recorded deliveries (pending acks keep running). */
  resetRecords(): void {
    this.deliveries.length = 0;
  }

  /**
   * Closes every connection with a close handshake (so clients shut down cleanly; stop the
   * Apps first or they will try to reconnect), then stops. Pending acks are abandoned.
   */
  async close(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    for (const queue of this.pending.values()) for (const p of queue) clearTimeout(p.timer);
    this.pending.clear();
    for (const c of this.connections) c.socket.close(1001, 'server shutting down');
    await this.waitForConnections(0, 1000).catch(() => undefined);
    for (const c of this.connections) c.socket.terminate();
    this.connections = [];
    this.wss.close();
  }
}
