import type { HandlerDeps } from '../context.js';
import type { HomeOpenedArgs } from '../routes.js';
import { homeOpened } from './publish.js';

/** The App Home tab opened: remembered (alert changes refresh it), and the queue and dashboard published. */
export async function handleHomeOpened({ event, client }: HomeOpenedArgs, deps: HandlerDeps): Promise<void> {
  if (event.tab !== 'home') return;
  await homeOpened(client, deps, event.user);
}
