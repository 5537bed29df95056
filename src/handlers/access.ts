import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { errors } from '../errors.js';
import type { AccessLevel } from '../slack/operators.js';
import { buildNoAccessHome } from '../views/home.js';
import { ALERT_DETAIL_ACTION } from '../views/ids/alerts.js';
import { STATUS_OPEN_CARD_ACTION } from '../views/ids/commands.js';
import { INQUIRY_ACTIONS } from '../views/ids/procedures/inquiry.js';
import { SHOP_ACTIONS } from '../views/ids/shops.js';
import { commandAccess } from './commands/index.js';
import type { HandlerDeps } from './context.js';
import { REFRESH_HOME_ACTION } from '../views/ids/dashboard.js';

/** What a request needs: `viewer` reads status, 詳細, dashboard and App Home; `operator` acts. */
export type RequiredAccess = 'anyone' | 'viewer' | 'operator';

/** Buttons a viewer may press (everything else on every surface is for operators). */
const VIEWER_ACTIONS = new Set([ALERT_DETAIL_ACTION, REFRESH_HOME_ACTION, STATUS_OPEN_CARD_ACTION, INQUIRY_ACTIONS.reservations, SHOP_ACTIONS.open]);

const RANK: Record<AccessLevel | RequiredAccess, number> = { none: 0, anyone: 0, viewer: 1, operator: 2 };

interface Request {
  userId: string;
  needs: RequiredAccess;
  home?: true;
}

/** The Slack request's user and what it needs; undefined for events that come from no user. */
function classify(body: Record<string, unknown>): Request | undefined {
  const b = body as {
    type?: string;
    command?: string;
    text?: string;
    user_id?: string;
    user?: { id?: string };
    actions?: Array<{ action_id?: string }>;
    event?: { type?: string; user?: string };
  };
  if (b.command !== undefined && b.user_id) return { userId: b.user_id, needs: commandAccess(b.text ?? '') };
  if (b.type === 'event_callback') {
    if (b.event?.type === 'app_home_opened' && b.event.user) return { userId: b.event.user, needs: 'viewer', home: true };
    return undefined;
  }
  const userId = b.user?.id;
  if (!userId) return undefined;
  if (b.type === 'block_actions' && (b.actions ?? []).every((a) => VIEWER_ACTIONS.has(a.action_id ?? ''))) return { userId, needs: 'viewer' };
  return { userId, needs: 'operator' };
}

/**
 * The one access check, a global Bolt middleware in front of every listener: slash commands,
 * buttons, modal submissions and the App Home tab. Anyone else gets one Japanese line (the
 * NOT_OPERATOR error through app.error) and nothing else; the App Home tab shows only that line.
 */
export function accessGuard(deps: Pick<HandlerDeps, 'operators' | 'logger'>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const request = classify(args.body as unknown as Record<string, unknown>);
    if (!request || request.needs === 'anyone') return args.next();
    const level = await deps.operators.levelOf(request.userId);
    if (RANK[level] >= RANK[request.needs]) return args.next();
    deps.logger.info({ userId: request.userId, needs: request.needs, level }, 'refused: not allowed by QRV_OPERATORS / QRV_VIEWERS');
    if (request.home) {
      await args.client.views.publish({ user_id: request.userId, view: buildNoAccessHome() });
      return;
    }
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    throw errors.notOperator();
  };
}
