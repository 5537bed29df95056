import { buildQueueBlocks } from '../../views/queue.js';
import { loadOpenWork } from '../../workflows/queue.js';
import type { Subcommand } from './index.js';

/** `/qrv queue`: the open-work queue of the App Home tab, visible only to the caller. */
export const queueCommand: Subcommand = async ({ respond, command, deps }) => {
  const items = await loadOpenWork(deps);
  const blocks = buildQueueBlocks(items, { now: deps.clock.now(), timeZone: deps.config.timezone, userId: command.user_id });
  await respond({ response_type: 'ephemeral', text: `対応待ちの通知 ${items.length}件`, blocks });
};
