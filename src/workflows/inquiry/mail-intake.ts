import type { Db } from '../../db/client.js';
import { alerts } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { inquiryDetailsRow } from '../../domain/inquiry.js';
import { type InquiryMail, mailIngestKey, mailSummary, phoneKeysIn, reservationIdsIn } from '../../domain/inquiry-mail.js';
import { createRepositories } from '../../repositories/index.js';

/** How many reservations one mail is matched to at most. */
const MAX_MATCHED = 10;

/**
 * One mail of the inquiry mailbox becomes one `inquiry` alert (the dispatcher posts it), matched
 * to reservations by the IDs and phone numbers in its subject and text and by the sender's
 * address. The unique ingest key (Message-ID) makes the same mail read twice — after a restart
 * between the commit and marking it seen, or by two instances — one alert.
 */
export async function ingestInquiryMail({ db, clock }: { db: Db; clock: Clock }, mail: InquiryMail): Promise<{ created: boolean }> {
  const repos = createRepositories({ db });
  const text = `${mail.subject}\n${mail.text}`;
  const byId = await repos.reservations.findManyByIds(reservationIdsIn(text));
  const bySender = mail.fromAddress ? await repos.reservations.findByClient({ email: mail.fromAddress }, MAX_MATCHED) : [];
  const byPhone = [];
  for (const key of phoneKeysIn(text)) byPhone.push(...(await repos.reservations.findByClient({ phoneKey: key }, MAX_MATCHED)));
  const matched = [...new Set([...byId, ...bySender, ...byPhone].map((r) => r.id))].slice(0, MAX_MATCHED);
  const details = inquiryDetailsRow({
    source: 'mail',
    summary: mailSummary(mail.text),
    matched,
    from: mail.fromDisplay,
    subject: mail.subject,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.fromAddress ? { replyTo: mail.fromAddress } : {}),
    ...(mail.references ? { references: mail.references } : {}),
  });
  const [row] = await db
    .insert(alerts)
    .values({ kind: 'inquiry', reservationId: matched.length === 1 ? matched[0]! : null, details, ingestKey: mailIngestKey(mail), createdAt: clock.now() })
    .onConflictDoNothing()
    .returning({ id: alerts.id });
  return { created: Boolean(row) };
}
