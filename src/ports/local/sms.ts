import { randomUUID } from 'node:crypto';
import type { SmsPort } from '../index.js';

export interface RecordedSms {
  to: string;
  body: string;
  idempotencyKey: string;
  providerId: string;
}

/** Records SMS instead of sending them (TWILIO_* unset). The same idempotency key sends once. */
export function createLocalSms(): SmsPort & { sent: RecordedSms[] } {
  const sent: RecordedSms[] = [];
  return {
    name: 'local',
    sent,
    async send({ to, body, idempotencyKey }) {
      const earlier = sent.find((s) => s.idempotencyKey === idempotencyKey);
      if (earlier) return { providerId: earlier.providerId, status: 'recorded' };
      const providerId = `local-sms-${randomUUID()}`;
      sent.push({ to, body, idempotencyKey, providerId });
      return { providerId, status: 'recorded' };
    },
  };
}
