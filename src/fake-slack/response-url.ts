/**
 * `response_url`s issued with slash commands and block actions: at most 5 uses within 30
 * minutes; a POST posts in the channel, posts an ephemeral, or replaces/deletes the original.
 */
import { newSecret } from './ids.js';
import { formatProblem, validateMessage } from './limits.js';
import type { Recorder } from './recorder.js';
import { pickMessageFields, type Workspace } from './store.js';
import type { JsonObject, ResponseUrlPost } from './types.js';

const MAX_USES = 5;
const LIFETIME_MS = 30 * 60 * 1000;

interface Target {
  origin: ResponseUrlPost['origin'];
  channel: string;
  user: string;
  /** The message the action was taken on (block actions). */
  messageTs?: string;
  ephemeral?: boolean;
  issuedAt: number;
  uses: number;
}

export interface ResponseOutcome {
  status: number;
  body: JsonObject | string;
}

export class ResponseUrls {
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly ws: Workspace,
    private readonly recorder: Recorder,
  ) {}

  issue(baseUrl: string, target: Omit<Target, 'issuedAt' | 'uses'>): string {
    const id = newSecret();
    this.targets.set(id, { ...target, issuedAt: this.ws.config.now(), uses: 0 });
    return `${baseUrl}/response/${id}`;
  }

  private refuse(url: string, status: number, error: string, problems: string[] = []): ResponseOutcome {
    this.recorder.violation('response_url', 'response_url', `POST ${url} refused: ${error}`, problems);
    return { status, body: error };
  }

  handle(id: string, url: string, body: JsonObject): ResponseOutcome {
    const t = this.targets.get(id);
    if (!t) return this.refuse(url, 404, 'no_such_url');
    const now = this.ws.config.now();
    if (now - t.issuedAt > LIFETIME_MS) return this.refuse(url, 404, 'expired_url');
    t.uses += 1;
    if (t.uses > MAX_USES) return this.refuse(url, 404, 'used_url');
    this.recorder.responses.push({ url, origin: t.origin, channel: t.channel, user: t.user, body, at: now });
    const problems = validateMessage(body).map(formatProblem);
    if (problems.length > 0) {
      this.recorder.violation('invalid_blocks', 'response_url', 'response_url body rejected: invalid_blocks', problems);
      return { status: 400, body: 'invalid_blocks' };
    }
    const fields = pickMessageFields(body);
    const ws = this.ws;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (t.messageTs && !t.ephemeral) ws.delete(t.channel, t.messageTs);
      if (t.messageTs && t.ephemeral) {
        const index = ws.ephemeralList.findIndex((e) => e.ts === t.messageTs);
        if (index >= 0) ws.ephemeralList.splice(index, 1);
      }
      return { status: 200, body: { ok: true } };
    }
    if ((body.replace_original === true || body.replace_original === 'true') && t.messageTs) {
      if (t.ephemeral) {
        const e = ws.findEphemeral(t.messageTs);
        if (e) Object.assign(e, fields);
      } else ws.update(t.channel, t.messageTs, fields);
      return { status: 200, body: { ok: true } };
    }
    if (body.response_type === 'in_channel') {
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
      ws.post(t.channel, { text: '', ...fields }, threadTs);
    } else {
      ws.addEphemeral({ ...fields, text: fields.text ?? '', channel: t.channel, user: t.user, via: 'response_url' });
    }
    return { status: 200, body: { ok: true } };
  }

  clear(): void {
    this.targets.clear();
  }
}
