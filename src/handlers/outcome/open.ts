import type { ModalView } from '@slack/types';
import { isDomainError } from '../../errors.js';
import { loadingModal, noticeModal } from '../../views/procedures/blocks.js';
import { loadNeedsAction } from '../../workflows/outcome/load.js';
import { alertIdOf, type ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';

type Loaded = Awaited<ReturnType<typeof loadNeedsAction>>;

/** A 要再対応 button with a form: the modal opens at once, then shows the form (or why it cannot). */
export async function openOutcomeForm(args: ButtonArgs, deps: HandlerDeps, build: (loaded: Loaded, meta: { alertId: number; channel: string }) => ModalView): Promise<void> {
  await args.ack();
  await deps.operators.assertOperator(args.body.user.id);
  const opened = await args.client.views.open({ trigger_id: args.body.trigger_id, view: loadingModal() });
  const meta = { alertId: alertIdOf(args), channel: args.body.channel?.id ?? deps.config.alertsChannel };
  try {
    await args.client.views.update({ view_id: opened.view!.id!, view: build(await loadNeedsAction(deps, meta), meta) });
  } catch (error) {
    await args.client.views.update({ view_id: opened.view!.id!, view: noticeModal('QRV', isDomainError(error) ? error.userMessage : 'フォームを開けませんでした。') });
    throw error;
  }
}
