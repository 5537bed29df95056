/**
 * Chooses, per port, the real provider when its variables are configured, else the local
 * implementation passed in (which records what would have been sent).
 */
import type { Logger } from '../logger.js';
import type { Ports } from '../ports/index.js';
import type { ProviderConfig } from './config.js';
import type { RetryPolicy } from './retry.js';
import { lazyPort } from './lazy.js';
import type { SmtpMail } from './smtp-mail.js';
import type { SmsAttempt } from './twilio-sms.js';

export { loadProviderConfig } from './config.js';

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
  // Each SDK is imported on its port's first use (cold start: a bot that has not sent anything yet loads none).
  const { twilio, smtp: smtpConfig, stripe } = config;
  const sms = twilio
    ? lazyPort('twilio', async () =>
        (await import('./twilio-sms.js')).createTwilioSms({
          accountSid: twilio.accountSid,
          authToken: twilio.authToken,
          from: twilio.from,
          apiUrl: twilio.apiUrl,
          retry: { ...twilio.retry, sleep: options.smsSleep },
          logger,
          onAttempt: options.onSmsAttempt,
        }),
      )
    : local.sms;
  const smtp = smtpConfig
    ? lazyPort<SmtpMail>('smtp', async () => (await import('./smtp-mail.js')).createSmtpMail({ smtpUrl: smtpConfig.url, from: smtpConfig.from, logger }))
    : undefined;
  const payments = stripe
    ? lazyPort('stripe', async () =>
        (await import('./stripe-payments.js')).createStripePayments({ ...stripe, logger, maxNetworkRetries: options.stripeMaxNetworkRetries }),
      )
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
    close: () => smtp?.loaded()?.close(),
  };
}
