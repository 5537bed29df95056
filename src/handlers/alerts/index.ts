import type { SurfaceRoutes } from '../routes.js';
import { handleClaim } from './claim.js';
import { handleDetail } from './detail.js';
import { ALERT_DETAIL_ACTION, ALERT_LOGS_ACTION, CLAIM_ALERT_ACTION, HANDOVER_ACTIONS, HANDOVER_VIEWS } from '../../views/ids/alerts.js';
import { handleLogs } from './logs.js';
import { handleOpenHold, handleOpenProgress } from './progress.js';
import { handleHoldSubmit, handleProgressSubmit } from './progress-submit.js';
import { handleOpenReassign } from './reassign.js';
import { handleReassignSubmit } from './reassign-submit.js';
import { handleRelease } from './release.js';
import { handleTakeOver } from './take-over.js';
import { handleTakeOverConfirm } from './take-over-confirm.js';

/** Buttons every alert carries (対応開始, 詳細, ログを見る), hand-over and progress, and their modals. */
export const alertRoutes: SurfaceRoutes = {
  actions: [
    [CLAIM_ALERT_ACTION, handleClaim],
    [ALERT_DETAIL_ACTION, handleDetail],
    [ALERT_LOGS_ACTION, handleLogs],
    [HANDOVER_ACTIONS.release, handleRelease],
    [HANDOVER_ACTIONS.takeOver, handleTakeOver],
    [HANDOVER_ACTIONS.reassign, handleOpenReassign],
    [HANDOVER_ACTIONS.progress, handleOpenProgress],
    [HANDOVER_ACTIONS.hold, handleOpenHold],
  ],
  submissions: [
    [HANDOVER_VIEWS.takeOverConfirm, handleTakeOverConfirm],
    [HANDOVER_VIEWS.reassign, handleReassignSubmit],
    [HANDOVER_VIEWS.progress, handleProgressSubmit],
    [HANDOVER_VIEWS.hold, handleHoldSubmit],
  ],
};
