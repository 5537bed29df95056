import type { ModalView } from '@slack/types';
import { loadingModal } from '../../../views/procedures/blocks.js';
import type { FormContext } from '../../../views/procedures/context.js';
import type { OperationStart } from '../../../workflows/operation/start.js';
import { announceAlertChange } from '../../alerts/announce.js';
import { alertIdOf, type ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { refusalModal } from './refusal.js';
import { settle, within, type Settled } from '../../ack-budget.js';
import { errors } from '../../../errors.js';

/** How long the form may take to be ready and still open in one views.open (the trigger_id expires 3 s after the click). */
export const FORM_IN_OPEN_BUDGET_MS = 1000;

/**
 * A procedure button on an alert: starts the operation (checks, implicit claim) at once and opens
 * its form in one views.open when that is read within FORM_IN_OPEN_BUDGET_MS; else a loading modal
 * opens (the trigger_id expires in 3 s) and the form replaces it as soon as it is read. The claim's
 * message update and thread note follow through the alert-sync job (in history order). A refusal
 * shows the reason in the modal and reaches the operator through app.error as well.
 */
export async function openProcedureForm<S extends Pick<OperationStart, 'alert' | 'newlyClaimed'>>(
  args: ButtonArgs,
  deps: HandlerDeps,
  start: (input: { alertId: number; userId: string }) => Promise<S>,
  build: (ctx: Omit<FormContext, 'start'> & { start: S }) => ModalView,
): Promise<void> {
  await args.ack();
  const alertId = alertIdOf(args);
  const channel = args.body.channel?.id ?? deps.config.alertsChannel;
  const starting = settle(start({ alertId, userId: args.body.user.id }));
  const viewOf = (s: Settled<S>) => (s.ok ? build({ start: s.value, timeZone: deps.config.timezone, channel }) : refusalModal(s.error, { alertId, channel }));
  // A claim made here is announced whatever happens to the modal (the form never waits on it).
  const announced = settle(starting.then((s) => (s.ok && s.value.newlyClaimed ? announceAlertChange(deps, s.value.alert) : undefined)));
  const shown = await settle(
    (async () => {
      const early = await within(starting, FORM_IN_OPEN_BUDGET_MS);
      if (early) return void (await args.client.views.open({ trigger_id: args.body.trigger_id, view: viewOf(early) }));
      const opened = await args.client.views.open({ trigger_id: args.body.trigger_id, view: loadingModal() });
      await args.client.views.update({ view_id: opened.view!.id!, view: viewOf(await starting) });
    })(),
  );
  const [outcome, announcement] = await Promise.all([starting, announced]);
  // The refusal's reason first; then a modal that could not be shown; then a failed announcement.
  if (!outcome.ok) throw outcome.error;
  if (!shown.ok) {
    deps.logger.warn({ err: shown.error, alertId }, 'procedure form not shown');
    throw errors.formNotShown(args.body.user.id);
  }
  if (!announcement.ok) throw announcement.error;
}
