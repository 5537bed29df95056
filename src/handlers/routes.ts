import type {
  AllMiddlewareArgs,
  App,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewClosedAction,
} from '@slack/bolt';
import type { ButtonArgs } from './alerts/types.js';
import type { HandlerDeps } from './context.js';
import type { SubmitArgs } from './procedures/shared/types.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ViewClosedArgs = SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs;
export type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

type Handler<A> = (args: A, deps: HandlerDeps) => Promise<void>;

/**
 * What one Slack surface answers, keyed by the IDs declared beside its steps (ids.ts). Each
 * surface's index.ts exports one; adding a button is adding one entry.
 */
export interface SurfaceRoutes {
  /** Slash command name (`/qrv`) → handler. */
  commands?: Array<readonly [string, Handler<CommandArgs>]>;
  /** block_actions: action_id → handler. */
  actions?: Array<readonly [string, Handler<ButtonArgs>]>;
  /** view_submission: callback_id → handler. */
  submissions?: Array<readonly [string, Handler<SubmitArgs>]>;
  /** view_closed: callback_id → handler. */
  closings?: Array<readonly [string, Handler<ViewClosedArgs>]>;
  /** app_home_opened. */
  homeOpened?: Array<Handler<HomeOpenedArgs>>;
}

function table<A>(kind: string, surfaces: SurfaceRoutes[], pick: (s: SurfaceRoutes) => Array<readonly [string, Handler<A>]> | undefined) {
  const routes = new Map<string, Handler<A>>();
  for (const [id, handler] of surfaces.flatMap((s) => pick(s) ?? [])) {
    if (routes.has(id)) throw new Error(`two handlers for the ${kind} "${id}"`);
    routes.set(id, handler);
  }
  return routes;
}

/**
 * One Bolt listener per payload type, each routing by ID through a table: Bolt runs its matcher
 * chain once per listener for every event, so this keeps the per-event cost at a bare app's. An
 * ID missing from the table is left to any other listener (and Bolt's unhandled-request log).
 */
export function registerRoutes(app: App, deps: HandlerDeps, surfaces: SurfaceRoutes[]): void {
  const commands = table('command', surfaces, (s) => s.commands);
  const actions = table('action_id', surfaces, (s) => s.actions);
  const submissions = table('callback_id', surfaces, (s) => s.submissions);
  const closings = table('closed callback_id', surfaces, (s) => s.closings);
  const homeOpened = surfaces.flatMap((s) => s.homeOpened ?? []);

  if (commands.size > 0) app.command(/^\//, async (args) => commands.get(args.command.command)?.(args, deps));
  if (actions.size > 0) {
    app.action({ type: 'block_actions' }, async (args) => {
      const action = (args as unknown as ButtonArgs).action;
      await actions.get(action.action_id)?.(args as unknown as ButtonArgs, deps);
    });
  }
  if (submissions.size > 0) app.view({ type: 'view_submission' }, async (args) => submissions.get(args.view.callback_id)?.(args as SubmitArgs, deps));
  if (closings.size > 0) app.view({ type: 'view_closed' }, async (args) => closings.get(args.view.callback_id)?.(args as ViewClosedArgs, deps));
  if (homeOpened.length > 0) app.event('app_home_opened', async (args) => void (await Promise.all(homeOpened.map((h) => h(args, deps)))));
}
