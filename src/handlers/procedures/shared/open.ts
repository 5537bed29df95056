import type { ModalView } from '@slack/types';
import { loadingModal } from '../../../views/procedures/blocks.js';
import type { FormContext } from '../../../views/procedures/context.js';
import { claimOperation, readOperation, type OperationStart } from '../../../workflows/operation/start.js';
import type { AlertKind } from '../../../domain/alert-kinds.js';
import { announceAlertChange } from '../../alerts/announce.js';
import { alertIdOf, type ButtonArgs } from '../../alerts/types.js';
import { perBot, type HandlerDeps } from '../../context.js';
import { refusalModal } from './refusal.js';
import { settle, within, type Settled } from '../../ack-budget.js';
import { errors } from '../../../errors.js';
import { CLAIM_AFTER_FORMS_MAX_WAIT_MS, createFormsInFlight } from './forms-in-flight.js';

/** How long the form may take to be ready and still open in one views.open (the trigger_id expires 3 s after the click). */
export const FORM_IN_OPEN_BUDGET_MS = 1000;

/** The forms being opened by each bot. */
const formsFor = perBot(() => createFormsInFlight());

/** The alert and operator of the click, and when it was pressed (the claim counts 所要時間 from then, not from when it ran). */
export type ClickInput = { alertId: number; userId: string; at: Date };

/**
 * A procedure whose form is read first and claimed after: `read` returns the form's data without
 * writing (readOperation: the claim's checks), `claim` claims the alert once the form is shown
 * (claimOperation).
 */
export interface ReadThenClaim<S> {
  read: (input: ClickInput) => Promise<S>;
  claim: (input: ClickInput) => Promise<Pick<OperationStart, 'alert' | 'newlyClaimed'>>;
}

/** The steps of a procedure whose form shows the alert, its reservation and its shop (OperationStart). */
export const operationSteps = (deps: HandlerDeps, kinds: readonly AlertKind[]): ReadThenClaim<OperationStart> => ({
  read: (input) => readOperation(deps, { ...input, kinds }),
  claim: (input) => claimOperation(deps, { ...input, kinds }),
});

/**
 * A procedure button on an alert. With `ReadThenClaim` (issue 15: the form never waits on the
 * claim): the form's data is read at once and the form opens in one views.open when read within
 * FORM_IN_OPEN_BUDGET_MS, else a loading modal opens (the trigger_id expires in 3 s) and the form
 * replaces it; then the alert is claimed, once no other form is being opened (a burst: forms
 * first, at most CLAIM_AFTER_FORMS_MAX_WAIT_MS). A claim refused meanwhile (someone else took it, the
 * status changed) replaces the form with the reason; a form Slack did not show claims nothing.
 * With one `start` function (claim and data in one transaction, the inquiry forms): the form
 * shows its result. The claim's message update and thread note follow through the alert-sync job
 * (in history order). A refusal reaches the operator through app.error as well.
 */
export async function openProcedureForm<S extends Pick<OperationStart, 'alert' | 'newlyClaimed'>>(
  args: ButtonArgs,
  deps: HandlerDeps,
  steps: ReadThenClaim<S> | ((input: ClickInput) => Promise<S>),
  build: (ctx: Omit<FormContext, 'start'> & { start: S }) => ModalView,
): Promise<void> {
  await args.ack();
  const alertId = alertIdOf(args);
  const userId = args.body.user.id;
  const channel = args.body.channel?.id ?? deps.config.alertsChannel;
  const readFirst = typeof steps !== 'function';
  const input = { alertId, userId, at: deps.clock.now() };
  const forms = formsFor(deps);
  const formShown = forms.start();
  const reading = settle((readFirst ? steps.read : steps)(input));
  const viewOf = (s: Settled<S>) => (s.ok ? build({ start: s.value, timeZone: deps.config.timezone, channel }) : refusalModal(s.error, { alertId, channel }));
  const shown = await settle(
    (async () => {
      const early = await within(reading, FORM_IN_OPEN_BUDGET_MS);
      if (early) return (await args.client.views.open({ trigger_id: args.body.trigger_id, view: viewOf(early) })).view!.id!;
      const opened = await args.client.views.open({ trigger_id: args.body.trigger_id, view: loadingModal() });
      await args.client.views.update({ view_id: opened.view!.id!, view: viewOf(await reading) });
      return opened.view!.id!;
    })(),
  );
  formShown();
  const read = await reading;
  if (!read.ok) throw read.error;
  if (readFirst && !shown.ok) {
    deps.logger.warn({ err: shown.error, alertId }, 'procedure form not shown: nothing claimed');
    throw errors.formNotShown();
  }
  if (readFirst) await forms.settled(CLAIM_AFTER_FORMS_MAX_WAIT_MS);
  const claimed = readFirst ? await settle(steps.claim(input)) : read;
  if (!claimed.ok) {
    // The reason reaches the operator through app.error in any case; the modal is told as well when Slack lets us.
    if (shown.ok) {
      await args.client.views
        .update({ view_id: shown.value, view: refusalModal(claimed.error, { alertId, channel }) })
        .catch((error: unknown) => deps.logger.warn({ err: error, alertId }, 'refused claim: the form could not be replaced by the reason'));
    }
    throw claimed.error;
  }
  const announced = claimed.value.newlyClaimed ? await settle(announceAlertChange(deps, claimed.value.alert)) : undefined;
  if (!shown.ok) {
    deps.logger.warn({ err: shown.error, alertId }, 'procedure form not shown after the claim');
    throw errors.formNotShown(userId);
  }
  if (announced && !announced.ok) throw announced.error;
}
