import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { createOperatorPolicy } from '../slack/operators.js';
import { accessGuard } from './access.js';
import { registerAlertActions } from './alerts/index.js';
import { registerCommands } from './commands/index.js';
import type { HandlerDeps } from './context.js';
import { registerErrorHandler } from './errors.js';
import { registerOutcomeActions } from './outcome/index.js';
import { registerProcedures } from './procedures/index.js';
import { registerDashboard } from './dashboard/index.js';
import { registerReports } from './reports/index.js';

/** Maps every Slack surface to its handlers. */
export function registerHandlers(app: App, deps: AppDeps): HandlerDeps {
  const handlerDeps: HandlerDeps = { ...deps, operators: createOperatorPolicy({ access: deps.config, client: app.client }) };
  // Registered first: every command, button, submission and the App Home tab pass through it.
  app.use(accessGuard(handlerDeps));
  registerCommands(app, handlerDeps);
  registerAlertActions(app, handlerDeps);
  registerProcedures(app, handlerDeps);
  registerOutcomeActions(app, handlerDeps);
  registerDashboard(app, handlerDeps);
  registerReports(app, handlerDeps);
  registerErrorHandler(app, { logger: deps.logger, client: app.client, slackApiUrl: deps.config.slack.apiUrl });
  return handlerDeps;
}
