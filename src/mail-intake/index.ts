import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { buildMailIntakeNotice } from '../views/inquiry.js';
import { ingestInquiryMail } from '../workflows/inquiry/mail-intake.js';
import { createMailIntake, type MailIntake } from './imap-intake.js';

/**
 * QRV_INQUIRY_IMAP_URL set: reads the inquiry mailbox into `inquiry` alerts; a failure (and the
 * recovery) is posted once to the alerts channel.
 */
export function startInquiryMailbox({ deps, client }: { deps: AppDeps; client: WebClient }): MailIntake | undefined {
  const mailbox = deps.config.inquiryMailbox;
  if (!mailbox) return undefined;
  const intake = createMailIntake({
    target: mailbox.target,
    pollMs: mailbox.pollMs,
    logger: deps.logger,
    ingest: async (mail) => {
      const result = await ingestInquiryMail(deps, mail);
      if (result.created) deps.dashboard.invalidate();
      return result;
    },
    onStatusChange: async (status) => {
      await client.chat.postMessage({ channel: deps.config.alertsChannel, ...buildMailIntakeNotice(status, mailbox.target) });
    },
  });
  intake.start();
  return intake;
}
