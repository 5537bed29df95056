import type { HandlerDeps } from '../context.js';
import type { HomeOpenedArgs } from '../routes.js';
import { publishHome } from './publish.js';

/** The App Home tab opened: publish the dashboard for this user. */
export async function handleHomeOpened({ event, client }: HomeOpenedArgs, deps: HandlerDeps): Promise<void> {
  if (event.tab !== 'home') return;
  await publishHome(client, deps, event.user);
}
