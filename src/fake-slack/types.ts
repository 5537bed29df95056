/**
 * Shared types of the fake Slack. Payloads and stored objects are plain JSON, typed loosely on
 * purpose: they hold whatever the app sent, valid or not, and tests read into them freely.
 */

// biome-ignore lint/suspicious/noExplicitAny: stored Slack JSON is read freely by tests
export type JsonObject = Record<string, any>;

/** Arguments of a Web API call after parsing (JSON-string fields such as `blocks` decoded). */
export type ApiArgs = JsonObject;

/** What a Web API method answers: `{ ok: true, ... }` or `{ ok: false, error, ... }`. */
export type ApiResult = JsonObject & { ok: boolean; error?: string };

export interface FakeSlackOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on. Default 0 (a random free port). */
  port?: number;
  /** Exact bot token to accept. Default: any token starting with `xoxb-`. */
  botToken?: string;
  /** Exact app-level token to accept. Default: any token starting with `xapp-`. */
  appToken?: string;
  /** Time the app has to ack an envelope before a violation is recorded. Default 3000 ms. */
  ackTimeoutMs?: number;
  /** Lifetime of a `trigger_id`. Default 3000 ms. */
  triggerTtlMs?: number;
  /** Interval of WebSocket pings sent to connected apps (0 disables). Default 10000 ms. */
  pingIntervalMs?: number;
  teamId?: string;
  teamDomain?: string;
  appId?: string;
  botUserId?: string;
  botId?: string;
  /** Channel name (without `#`) → ID. Unknown names get a stable ID derived from the name. */
  channels?: Record<string, string>;
  /** Users known to `users.info` (others get a synthesized profile). */
  users?: FakeUser[];
  /** User group ID → member user IDs, for `usergroups.users.list`. */
  userGroups?: Record<string, string[]>;
  /** Clock in milliseconds, for deterministic timestamps. Default `Date.now`. */
  now?: () => number;
}

export interface FakeUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: JsonObject;
}

export interface RecordedCall {
  method: string;
  /** Parsed arguments (without the token). */
  args: ApiArgs;
  /** Epoch milliseconds. */
  at: number;
  /** HTTP status of the answer (200, the injected 429/5xx, or 0: a hung call never answered). */
  status: number;
  response: ApiResult;
}

export type ViolationKind =
  | 'invalid_blocks'
  | 'unknown_method'
  | 'unacked_envelope'
  | 'trigger_id'
  | 'invalid_response_action'
  | 'response_url';

export interface Violation {
  kind: ViolationKind;
  /** Web API method or envelope type concerned. */
  source: string;
  message: string;
  /** Individual problems, Slack-formatted (`must be less than 51 items [json-pointer:/blocks]`). */
  problems: string[];
  at: number;
}

/** A fault to inject into the next call of a method. */
/**
 * A Web API fault. `applied`: the call takes effect (a message is stored) although the answer is
 * the fault, as when Slack times out or fails after doing the work. `hang`: no answer at all until
 * the fake closes (the client's request timeout decides); with `applied` the call took effect.
 */
export type Fault = (
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 }
  | { error: string; status?: 200 }
  | { hang: true }
) & { applied?: boolean };

export interface StoredMessage extends JsonObject {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  user: string;
  thread_ts?: string;
}

export interface Ephemeral extends JsonObject {
  channel: string;
  user: string;
  ts: string;
  text: string;
  /** How it was posted: `chat.postEphemeral`, `response_url`, or `ack` of a slash command. */
  via: 'chat.postEphemeral' | 'response_url' | 'ack';
}

export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  bytes: Buffer;
  length: number;
  channel?: string;
  thread_ts?: string;
  initial_comment?: string;
  alt_text?: string;
  at: number;
}

export interface ResponseUrlPost {
  url: string;
  /** What the response URL was issued for. */
  origin: 'slash_command' | 'block_actions';
  channel: string;
  user: string;
  body: JsonObject;
  at: number;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Envelope extends JsonObject {
  envelope_id: string;
  type: EnvelopeType;
  payload: JsonObject;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface EnvelopeResult {
  envelopeId: string;
  /** What the app sent back: `{ payload }` (payload `{}` for a bare ack). */
  ack: { payload: JsonObject };
  /** Milliseconds between sending the envelope and receiving its ack. */
  ackMs: number;
  /** The trigger_id issued with this envelope, if any. */
  triggerId?: string;
  /** The response_url issued with this envelope, if any. */
  responseUrl?: string;
  /** Index (in `connections`) of the connection the envelope went to. */
  connection: number;
  /** The envelope as sent. */
  envelope: Envelope;
}

export interface DeliveryOptions {
  /** Send to this connection index instead of round robin. */
  connection?: number;
}
