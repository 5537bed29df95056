import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { HandlerDeps } from '../../src/handlers/context.js';
import { alertRoutes } from '../../src/handlers/alerts/index.js';
import { commandRoutes } from '../../src/handlers/commands/index.js';
import { dashboardRoutes } from '../../src/handlers/dashboard/index.js';
import { outcomeRoutes } from '../../src/handlers/outcome/index.js';
import { procedureRoutes } from '../../src/handlers/procedures/index.js';
import { reportRoutes } from '../../src/handlers/reports/index.js';
import { registerRoutes } from '../../src/handlers/routes.js';

const app = () => new App({ token: 'xoxb-test', appToken: 'xapp-test', socketMode: true, tokenVerificationEnabled: false });

describe('routing by ID', () => {
  it('every action_id and callback_id of every surface has exactly one handler', () => {
    expect(() => registerRoutes(app(), {} as HandlerDeps, [commandRoutes, alertRoutes, procedureRoutes, outcomeRoutes, dashboardRoutes, reportRoutes])).not.toThrow();
  });

  it('refuses to start when two surfaces claim the same action_id', () => {
    expect(() => registerRoutes(app(), {} as HandlerDeps, [alertRoutes, alertRoutes])).toThrow(/two handlers for the action_id "qrv_alert_claim"/);
  });
});
