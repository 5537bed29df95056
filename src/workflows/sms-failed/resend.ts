import type { RecordInput } from '../operation/finish.js';
import { queuePaymentLink } from '../operation/payment-link.js';
import { runOperation, type OperationDeps } from '../operation/run.js';

export type ClientContact = { sms: string } | { email: string };

/**
 * Manual §3.2: the operator phoned the client. Either the client can receive SMS (at the
 * corrected number, stored on the reservation) and the payment link is sent again by SMS, or
 * not, and it goes by e-mail to the address the client gave.
 */
export async function resendPaymentLink(
  deps: OperationDeps,
  input: { alertId: number; userId: string; contact: ClientContact; amountJpy: number | null; record: RecordInput },
) {
  return runOperation(deps, { ...input, kinds: ['sms_failed'] }, async (op) => {
    const before = op.reservation;
    if (input.amountJpy !== null && input.amountJpy !== before.amountJpy) await op.update({ amountJpy: input.amountJpy });
    if ('sms' in input.contact) {
      const corrected = input.contact.sms !== before.clientPhone;
      if (corrected) await op.update({ clientPhone: input.contact.sms });
      await queuePaymentLink(op, { sms: input.contact.sms });
      return {
        outcome: corrected ? 'SMS再送（電話番号を訂正）' : 'SMS再送',
        summary: `依頼者に電話: SMS受信可。${corrected ? `電話番号を ${before.clientPhone} → ${input.contact.sms} に訂正し、` : ''}決済リンクをSMSで再送`,
        result: '決済リンク送信・決済待ち',
      };
    }
    if (input.contact.email !== before.clientEmail) await op.update({ clientEmail: input.contact.email });
    await queuePaymentLink(op, { email: input.contact.email });
    return {
      outcome: 'Emailで決済リンク送信',
      summary: `依頼者に電話: SMS受信不可。Emailアドレス（${input.contact.email}）を確認し、決済リンクをEmailで送信`,
      result: '決済リンク送信・決済待ち',
    };
  });
}
