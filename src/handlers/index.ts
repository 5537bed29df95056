import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { createOperatorPolicy } from '../slack/operators.js';
import { accessGuard } from './access.js';
import { alertRoutes } from './alerts/index.js';
import { incidentRoutes } from './incidents/index.js';
import { commandRoutes } from './commands/index.js';
import type { HandlerDeps } from './context.js';
import { dashboardRoutes } from './dashboard/index.js';
import { registerErrorHandler } from './errors.js';
import { outcomeRoutes } from './outcome/index.js';
import { procedureRoutes } from './procedures/index.js';
import { reportRoutes } from './reports/index.js';
import { shopRoutes } from './shops/index.js';
import { registerRoutes } from './routes.js';

/** Maps every Slack surface to its handlers: one Bolt listener per payload type, routed by ID. */
export function registerHandlers(app: App, deps: AppDeps): HandlerDeps {
  const handlerDeps: HandlerDeps = { ...deps, operators: createOperatorPolicy({ access: deps.config, client: app.client }) };
  // Registered first: every command, button, submission and the App Home tab pass through it.
  app.use(accessGuard(handlerDeps));
  registerRoutes(app, handlerDeps, [commandRoutes, alertRoutes, procedureRoutes, outcomeRoutes, dashboardRoutes, reportRoutes, incidentRoutes, shopRoutes]);
  registerErrorHandler(app, { logger: deps.logger, client: app.client, slackApiUrl: deps.config.slack.apiUrl });
  return handlerDeps;
}
