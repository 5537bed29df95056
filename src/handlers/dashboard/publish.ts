import type { WebClient } from '@slack/web-api';
import { buildHomeView } from '../../views/home.js';
import type { HandlerDeps } from '../context.js';

/** Publishes the dashboard (shared and briefly cached; `fresh` for 更新) as the user's App Home tab. */
export async function publishHome(client: WebClient, deps: HandlerDeps, userId: string, options: { fresh?: boolean } = {}): Promise<void> {
  const dashboard = await deps.dashboard.load(options);
  const view = buildHomeView({ ...dashboard, timeZone: deps.config.timezone, overrides: deps.config.alertOverrides });
  await client.views.publish({ user_id: userId, view });
}
