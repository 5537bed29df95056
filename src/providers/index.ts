/**
 * Chooses, per port, the real provider when its variables are configured, else the local
 * implementation passed in (which records what would have been sent).
 */
import type { Logger } from '../logger.js';
import type { Ports } from '../ports/index.js';
import type { ProviderConfig } from './config.js';
import type { RetryPolicy } from './retry.js';
import { createSmtpMail } from './smtp-mail.js';
import { createStripePayments } from './stripe-payments.js';
import { createTwilioSms, type SmsAttempt } from './twilio-sms.js';

export { loadProviderConfig, type ProviderConfig } from './config.js';
export { ProviderError, isProviderError, type ProviderErrorCode } from './errors.js';
export { describePhone, isMobileJapan, toE164Japan, toSmsRecipient, type PhoneDescription } from '../domain/phone.js';

/** The recording implementations (src/ports/local) used for each port left unconfigured. */
export type LocalProviders = Ports;

export interface ProviderChoice {
  sms: 'twilio' | 'local';
  mail: 'smtp' | 'local';
  payments: 'stripe' | 'local';
}

export interface Providers extends Ports {
  /** Which implementation each port uses, for the start-up log (no secrets). */
  describe(): ProviderChoice;
  /** Closes connections the real providers keep open. */
  close(): void;
}

export interface CreateProvidersOptions {
  logger: Logger;
  local: LocalProviders;
  /** Test hooks: injected sleep for SMS retries, and a per-try report. */
  smsSleep?: RetryPolicy['sleep'];
  onSmsAttempt?: (attempt: SmsAttempt) => void;
  /** stripe-node's own retries (default 2). */
  stripeMaxNetworkRetries?: number;
}

export function createProviders(config: ProviderConfig, options: CreateProvidersOptions): Providers {
  const { logger, local } = options;
  const sms = config.twilio
    ? createTwilioSms({
        accountSid: config.twilio.accountSid,
        authToken: config.twilio.authToken,
        from: config.twilio.from,
        apiUrl: config.twilio.apiUrl,
        retry: { ...config.twilio.retry, sleep: options.smsSleep },
        logger,
        onAttempt: options.onSmsAttempt,
      })
    : local.sms;
  const smtp = config.smtp ? createSmtpMail({ smtpUrl: config.smtp.url, from: config.smtp.from, logger }) : undefined;
  const payments = config.stripe
    ? createStripePayments({ ...config.stripe, logger, maxNetworkRetries: options.stripeMaxNetworkRetries })
    : local.payments;

  const choice: ProviderChoice = {
    sms: config.twilio ? 'twilio' : 'local',
    mail: smtp ? 'smtp' : 'local',
    payments: config.stripe ? 'stripe' : 'local',
  };
  return {
    sms,
    mail: smtp ?? local.mail,
    payments,
    describe: () => ({ ...choice }),
    close: () => smtp?.close(),
  };
}
