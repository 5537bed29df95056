import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { HandlerDeps } from '../context.js';
import { REFRESH_HOME_ACTION } from './ids.js';
import { publishHome } from './publish.js';

/** The App Home tab: refreshed when opened, and by its 更新 button. */
export function registerDashboard(app: App, deps: HandlerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, deps, event.user);
  });
  app.action<BlockAction<ButtonAction>>(REFRESH_HOME_ACTION, async ({ ack, body, client }) => {
    await ack();
    await publishHome(client, deps, body.user.id);
  });
}
