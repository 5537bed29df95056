import type { SurfaceRoutes } from '../routes.js';
import { OUTCOME_ACTIONS, OUTCOME_VIEWS } from '../../views/ids/outcome.js';
import { handleOpenContact } from './open-contact.js';
import { handleOpenManualRefund } from './open-manual-refund.js';
import { handleRetry } from './retry.js';
import { handleContactSubmit } from './submit-contact.js';
import { handleManualRefundSubmit } from './submit-manual-refund.js';

/** The buttons and modals of a 要再対応 alert. */
export const outcomeRoutes: SurfaceRoutes = {
  actions: [
    [OUTCOME_ACTIONS.retry, handleRetry],
    [OUTCOME_ACTIONS.contact, handleOpenContact],
    [OUTCOME_ACTIONS.manualRefund, handleOpenManualRefund],
  ],
  submissions: [
    [OUTCOME_VIEWS.contact, handleContactSubmit],
    [OUTCOME_VIEWS.manualRefund, handleManualRefundSubmit],
  ],
};
