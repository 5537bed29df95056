import { randomUUID } from 'node:crypto';
import type { SmsPort } from '../index.js';

export interface RecordedSms {
  to: string;
  body: string;
  idempotencyKey: string;
  providerId: string;
  at: Date;
}

/**
 * Records SMS instead of sending them (TWILIO_* unset). The same idempotency key sends once, and a
 * resend finds an earlier message to the same number with a matching body, as the Twilio port does.
 */
export function createLocalSms(): SmsPort & { sent: RecordedSms[] } {
  const sent: RecordedSms[] = [];
  return {
    name: 'local',
    sent,
    async send({ to, body, idempotencyKey, resend }) {
      const earlier = sent.find((s) => s.idempotencyKey === idempotencyKey);
      if (earlier) return { providerId: earlier.providerId, status: 'recorded' };
      const already = resend && sent.find((s) => s.to === to && s.at >= resend.since && resend.matches(s.body));
      if (already) return { providerId: already.providerId, status: 'recorded', recovered: true };
      const providerId = `local-sms-${randomUUID()}`;
      sent.push({ to, body, idempotencyKey, providerId, at: new Date() });
      return { providerId, status: 'recorded' };
    },
  };
}
