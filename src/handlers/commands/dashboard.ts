import { buildDashboard } from '../../views/dashboard.js';
import type { Subcommand } from './index.js';

/** `/qrv dashboard`: manual §4.2, visible only to the caller (in the ack when quick). */
export const dashboardCommand: Subcommand = async ({ answer, deps }) => {
  const dashboard = await deps.dashboard.load();
  await answer({ response_type: 'ephemeral', ...buildDashboard({ ...dashboard, timeZone: deps.config.timezone, overrides: deps.config.alertOverrides }) });
};
