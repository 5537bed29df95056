import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { HandlerDeps } from '../context.js';
import { OUTCOME_ACTIONS, OUTCOME_VIEWS } from './ids.js';
import { handleOpenContact } from './open-contact.js';
import { handleOpenManualRefund } from './open-manual-refund.js';
import { handleRetry } from './retry.js';
import { handleContactSubmit } from './submit-contact.js';
import { handleManualRefundSubmit } from './submit-manual-refund.js';

/** The buttons and modals of a 要再対応 alert. */
export function registerOutcomeActions(app: App, deps: HandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(OUTCOME_ACTIONS.retry, (args) => handleRetry(args, deps));
  app.action<BlockAction<ButtonAction>>(OUTCOME_ACTIONS.contact, (args) => handleOpenContact(args, deps));
  app.action<BlockAction<ButtonAction>>(OUTCOME_ACTIONS.manualRefund, (args) => handleOpenManualRefund(args, deps));
  app.view<ViewSubmitAction>(OUTCOME_VIEWS.contact, (args) => handleContactSubmit(args, deps));
  app.view<ViewSubmitAction>(OUTCOME_VIEWS.manualRefund, (args) => handleManualRefundSubmit(args, deps));
}
