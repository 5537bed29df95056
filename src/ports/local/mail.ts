import { randomUUID } from 'node:crypto';
import type { MailPort } from '../index.js';

export interface RecordedMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  idempotencyKey: string;
  inReplyTo?: string;
  references?: string;
  providerId: string;
}

/** Records e-mail instead of sending it (SMTP_URL unset). The same idempotency key sends once. */
export function createLocalMail(): MailPort & { sent: RecordedMail[] } {
  const sent: RecordedMail[] = [];
  return {
    name: 'local',
    sent,
    async send(input) {
      const earlier = sent.find((m) => m.idempotencyKey === input.idempotencyKey);
      if (earlier) return { providerId: earlier.providerId };
      const providerId = `local-mail-${randomUUID()}`;
      sent.push({ ...input, providerId });
      return { providerId };
    },
  };
}
