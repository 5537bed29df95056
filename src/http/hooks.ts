/**
 * The incident intake (issue 14, manual §7) on the bot's HTTP listener:
 *   POST /hooks/pingdom/<QRV_INGEST_TOKEN>   Pingdom webhooks (Pingdom cannot sign or set headers)
 *   POST /hooks/alerts                       JSON { severity, title, body, source }, Authorization: Bearer <QRV_INGEST_TOKEN>
 *   POST /hooks/cloudwatch                   CloudWatch alarms through SNS (signature verified, topics allow-listed)
 * Each problem becomes a `system` alert, each recovery resolves the open one. A refused request is
 * answered 4xx with a one-line reason and logged, and nothing is posted. Tokens never reach the log.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import {
  IntakeRefusal,
  parseCloudWatchAlarm,
  parseGenericAlert,
  parsePingdom,
  type IngestSeverity,
  type SystemEvent,
} from '../domain/system-events.js';
import type { Logger } from '../logger.js';
import { ingestSystemEvent, type IngestResult } from '../workflows/ingest-system-event.js';
import type { HttpListener } from './server.js';
import { sendText } from './server.js';
import { parseSnsMessage, type SnsClient } from './sns.js';

export interface IntakeConfig {
  /** QRV_INGEST_TOKEN: unset, the Pingdom and generic hooks are not mounted. */
  token?: string;
  /** QRV_SNS_TOPIC_ARNS: unset, /hooks/cloudwatch is not mounted. */
  snsTopicArns: string[];
  /** QRV_INGEST_SEVERITY: `source:STATE` → priority or ignore. */
  severities: Record<string, IngestSeverity>;
}

export interface IntakeDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: IntakeConfig;
  sns: SnsClient;
  /** After a recovery resolved an alert: the durable re-render and thread note. */
  recovered(alertId: number): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

/** Constant-time comparison of a presented secret with the configured one (hashes first: equal lengths). */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new IntakeRefusal(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new IntakeRefusal(400, 'body is not valid JSON');
  }
}

function describe(result: IngestResult): string {
  switch (result.status) {
    case 'created':
      return `alert #${result.alertId} created`;
    case 'duplicate':
      return `already received: alert #${result.alertId}`;
    case 'resolved':
      return `alert #${result.alertId} resolved`;
    case 'no_open_alert':
      return 'no open alert for this check';
    case 'ignored':
      return `ignored: ${result.reason}`;
  }
}

/** Mounts the hooks whose configuration is present. */
export function mountIntake(http: HttpListener, deps: IntakeDeps): void {
  const log = deps.logger.child({ component: 'intake' });

  /** Authenticate + parse, ingest, answer; a refusal is answered and logged, never posted. */
  const hook =
    (name: string, toEvent: (req: IncomingMessage, raw: string) => Promise<SystemEvent | 'confirmed'>) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      try {
        const raw = await readBody(req);
        const event = await toEvent(req, raw);
        if (event === 'confirmed') {
          log.info({ hook: name }, 'SNS subscription confirmed');
          return sendText(res, 200, 'subscription confirmed\n');
        }
        const result = await ingestSystemEvent(deps, event);
        if (result.status === 'resolved') await deps.recovered(result.alertId);
        log.info({ hook: name, ...result, key: event.state === 'ignored' ? undefined : event.key }, 'system event received');
        sendText(res, result.status === 'created' ? 201 : 200, `${describe(result)}\n`);
      } catch (error) {
        if (!(error instanceof IntakeRefusal)) {
          log.error({ err: error, hook: name }, 'system event intake failed');
          return sendText(res, 500, 'internal error\n');
        }
        log.warn({ hook: name, status: error.status, reason: error.message }, 'system event refused');
        sendText(res, error.status, `${error.message}\n`);
      }
    };

  const { token, severities, snsTopicArns } = deps.config;
  if (token) {
    http.route(
      'POST',
      '/hooks/pingdom/*',
      hook('pingdom', async (req, raw) => {
        const presented = new URL(req.url ?? '/', 'http://h').pathname.slice('/hooks/pingdom/'.length);
        if (!sameSecret(presented, token)) throw new IntakeRefusal(401, 'bad token');
        return parsePingdom(parseJson(raw), severities);
      }),
    );
    http.route(
      'POST',
      '/hooks/alerts',
      hook('alerts', async (req, raw) => {
        const header = req.headers.authorization ?? '';
        const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
        if (!presented || !sameSecret(presented, token)) throw new IntakeRefusal(401, 'bad or missing Bearer token');
        return parseGenericAlert(parseJson(raw), raw);
      }),
    );
  }
  if (snsTopicArns.length > 0) {
    http.route(
      'POST',
      '/hooks/cloudwatch',
      hook('cloudwatch', async (_req, raw) => {
        const message = parseSnsMessage(parseJson(raw));
        if (!snsTopicArns.includes(message.TopicArn)) throw new IntakeRefusal(403, 'SNS topic not allowed (QRV_SNS_TOPIC_ARNS)');
        await deps.sns.verify(message);
        if (message.Type === 'SubscriptionConfirmation') {
          await deps.sns.confirm(message);
          return 'confirmed';
        }
        if (message.Type === 'UnsubscribeConfirmation') return { state: 'ignored', reason: 'unsubscribe confirmation' };
        return parseCloudWatchAlarm(message.Message, message.MessageId, severities);
      }),
    );
  }
}
