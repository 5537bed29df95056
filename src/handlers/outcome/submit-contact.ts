import type { SubmitArgs } from '../procedures/shared/types.js';
import { buildContactConfirmModal, parseContact } from '../../views/outcome-modals.js';
import type { FormValues } from '../../views/procedures/form.js';
import { sendToOtherContact } from '../../workflows/outcome/contact.js';
import type { HandlerDeps } from '../context.js';
import { readSubmission } from './submission.js';
import { announceOutcomeStep } from './announce.js';

/** First the contact is shown back (「この番号に送信します」); the second submit sends. */
export async function handleContactSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = args.body.user.id;
  const meta = await readSubmission(args, deps);
  if (!meta.contact) {
    const parsed = parseContact(args.view.state.values as FormValues);
    if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
    return void (await args.ack({ response_action: 'update', view: buildContactConfirmModal({ ...meta, contact: parsed.value }) }));
  }
  await args.ack();
  const { alert } = await sendToOtherContact({ ...deps, timeZone: deps.config.timezone }, { alertId: meta.alertId, userId, contact: meta.contact });
  const to = 'sms' in meta.contact ? `SMS（${meta.contact.sms}）` : `Email（${meta.contact.email}）`;
  await announceOutcomeStep(deps, alert, `✉️ <@${userId}> さんが決済リンクを${to}で再送します。結果はこのスレッドに表示されます。`);
}
