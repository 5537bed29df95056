import { buildDashboard } from '../../views/dashboard.js';
import { loadDashboard } from '../../workflows/dashboard.js';
import type { Subcommand } from './index.js';

/** `/qrv dashboard`: manual §4.2, visible only to the caller. */
export const dashboardCommand: Subcommand = async ({ respond, deps }) => {
  const dashboard = await loadDashboard(deps);
  await respond({ response_type: 'ephemeral', ...buildDashboard({ ...dashboard, timeZone: deps.config.timezone, overrides: deps.config.alertOverrides }) });
};
