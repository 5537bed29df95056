import type { WebClient } from '@slack/web-api';
import { buildHomeView } from '../../views/home.js';
import { loadDashboard } from '../../workflows/dashboard.js';
import type { HandlerDeps } from '../context.js';

/** Computes the dashboard now and publishes it as the user's App Home tab. */
export async function publishHome(client: WebClient, deps: HandlerDeps, userId: string): Promise<void> {
  const dashboard = await loadDashboard(deps);
  const view = buildHomeView({ ...dashboard, timeZone: deps.config.timezone, overrides: deps.config.alertOverrides });
  await client.views.publish({ user_id: userId, view });
}
