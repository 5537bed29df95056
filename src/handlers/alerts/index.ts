import type { SurfaceRoutes } from '../routes.js';
import { handleClaim } from './claim.js';
import { handleDetail } from './detail.js';
import { ALERT_DETAIL_ACTION, ALERT_LOGS_ACTION, CLAIM_ALERT_ACTION } from './ids.js';
import { handleLogs } from './logs.js';

/** Buttons every alert carries: 対応開始, 詳細 and ログを見る. */
export const alertRoutes: SurfaceRoutes = {
  actions: [
    [CLAIM_ALERT_ACTION, handleClaim],
    [ALERT_DETAIL_ACTION, handleDetail],
    [ALERT_LOGS_ACTION, handleLogs],
  ],
};
