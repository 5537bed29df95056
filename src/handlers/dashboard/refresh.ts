import type { ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';
import { publishHome } from './publish.js';

/** The Home tab's 更新 button. */
export async function handleRefreshHome({ ack, body, client }: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await ack();
  await publishHome(client, deps, body.user.id, { fresh: true });
}
