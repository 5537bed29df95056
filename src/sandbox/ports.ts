import type { Ports } from '../ports/index.js';
import { ProviderError } from '../ports/index.js';
import { createLocalPorts } from '../ports/local/index.js';

export type SandboxPorts = ReturnType<typeof sandboxPorts>;

/**
 * The local recording implementations (what the client would receive is kept for the
 * 「依頼者の画面」 panel), with one switch: the next SMS fails as Twilio would refuse it.
 */
export function sandboxPorts() {
  const local = createLocalPorts();
  let failNextSms = false;
  const sms: Ports['sms'] = {
    name: 'local',
    async send(input) {
      if (failNextSms) {
        failNextSms = false;
        throw new ProviderError({ provider: 'twilio', code: 'SMS_INVALID_NUMBER', retryable: false, providerCode: 21211, messageJa: '電話番号が無効です（Twilio 21211）', tries: 1 });
      }
      return local.sms.send(input);
    },
  };
  return {
    ports: { sms, mail: local.mail, payments: local.payments } satisfies Ports,
    local,
    failNextSms() {
      failNextSms = true;
    },
    get smsWillFail() {
      return failNextSms;
    },
  };
}
