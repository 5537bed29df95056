import type { Db } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { inquiryDetailsOf } from '../../domain/inquiry.js';
import { createRepositories } from '../../repositories/index.js';
import type { RecordInput } from '../operation/finish.js';
import { finishInquiry } from './resolve.js';

export interface InquiryReply {
  to: string;
  subject: string;
  body: string;
}

/** 件名 of the answer: `Re: <the mail's subject>`, or a plain one for an inquiry that came by phone. */
export function replySubject(subject: string | undefined): string {
  if (!subject) return '【QRV】お問い合わせについて';
  return /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}

/** Where the answer goes by default: the mail's sender, else the reservation's client e-mail. */
export async function replyDefaults({ db }: { db: Db }, alertId: number): Promise<{ to: string; subject: string }> {
  const repos = createRepositories({ db });
  const alert = await repos.alerts.findById(alertId);
  const d = alert ? inquiryDetailsOf(alert.details) : undefined;
  const reservation = alert?.reservationId ? await repos.reservations.findById(alert.reservationId) : undefined;
  return { to: d?.replyTo ?? reservation?.clientEmail ?? '', subject: replySubject(d?.subject) };
}

/**
 * 返信する (manual §2.2 問い合わせ対応): the answer is queued in the outbox in the same transaction
 * as the alert's resolution (sent after commit by the delivery job, once per alert however often
 * it is submitted), threaded under the client's mail (In-Reply-To, References) when it came by
 * mail. The alert shows 送信中 until the SMTP server accepted it (✅) or refused it (要再対応).
 */
export async function replyToInquiry(
  deps: { db: Db; clock: Clock },
  { alertId, userId, reply, record }: { alertId: number; userId: string; reply: InquiryReply; record: RecordInput },
) {
  return finishInquiry(deps, { alertId, userId, record }, async ({ repos, alert }) => {
    const d = inquiryDetailsOf(alert.details);
    const references = d.messageId ? [d.references, d.messageId].filter(Boolean).join(' ') : undefined;
    await repos.outbox.enqueueMessage({
      reservationId: alert.reservationId,
      alertId: alert.id,
      channel: 'email',
      recipient: reply.to,
      subject: reply.subject,
      body: reply.body,
      requestedBy: userId,
      idempotencyKey: `alert:${alert.id}:inquiry_reply`,
      ...(d.messageId ? { inReplyTo: d.messageId, references } : {}),
    });
    await repos.alerts.markSending(alert.id);
    return { outcome: 'メールで返信', summary: `メールで返信（${reply.to}、件名「${reply.subject}」）: ${reply.body.slice(0, 300)}`, result: '返信済み' };
  });
}
