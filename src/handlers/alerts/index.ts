import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { HandlerDeps } from '../context.js';
import { handleClaim } from './claim.js';
import { handleDetail } from './detail.js';
import { ALERT_DETAIL_ACTION, ALERT_LOGS_ACTION, CLAIM_ALERT_ACTION } from './ids.js';
import { handleLogs } from './logs.js';

/** Buttons every alert carries: 対応開始, 詳細 and ログを見る. */
export function registerAlertActions(app: App, deps: HandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(CLAIM_ALERT_ACTION, (args) => handleClaim(args, deps));
  app.action<BlockAction<ButtonAction>>(ALERT_DETAIL_ACTION, (args) => handleDetail(args, deps));
  app.action<BlockAction<ButtonAction>>(ALERT_LOGS_ACTION, (args) => handleLogs(args, deps));
}
