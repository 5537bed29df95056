import { localDay, shiftDay } from '../../metrics/period.js';
import { tomorrowBlocks } from '../../views/reports.js';
import { loadTomorrow } from '../../workflows/reports.js';
import type { Subcommand } from './index.js';

/** `/qrv tomorrow`: every live reservation of tomorrow (the 18:00 list in full), attention first. */
export const tomorrowCommand: Subcommand = async ({ respond, deps }) => {
  const day = shiftDay(localDay(deps.clock.now(), deps.config.timezone), 1, deps.config.timezone);
  const tomorrow = await loadTomorrow(deps, day);
  const blocks = tomorrowBlocks(tomorrow, deps.config.timezone, { limit: 200 });
  await respond({ response_type: 'ephemeral', text: `明日の予約 ${tomorrow.entries.length}件`, blocks });
};
