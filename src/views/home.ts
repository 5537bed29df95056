import type { HomeView, KnownBlock } from '@slack/types';
import { REFRESH_HOME_ACTION } from './ids/dashboard.js';
import { buildDashboard } from './dashboard.js';

/** The App Home tab of someone outside QRV_OPERATORS / QRV_VIEWERS. */
export const NO_ACCESS_LINE = 'QRV オペレーター専用です。利用するには管理者に QRV_OPERATORS への追加を依頼してください。';

/** The App Home tab: the open-work queue, then the dashboard, under a 更新 button. Pure. */
export function buildHomeView(input: Parameters<typeof buildDashboard>[0] & { queue?: KnownBlock[] }): HomeView {
  const { blocks } = buildDashboard(input);
  return {
    type: 'home',
    blocks: [
      {
        type: 'actions',
        block_id: 'qrv_home_actions',
        elements: [{ type: 'button', action_id: REFRESH_HOME_ACTION, text: { type: 'plain_text', text: '更新' }, style: 'primary' }],
      },
      ...(input.queue ?? []),
      ...(input.queue?.length ? [{ type: 'divider' } as KnownBlock] : []),
      ...blocks,
    ].slice(0, 100),
  };
}

/** What a non-operator sees on the App Home tab: one line, nothing else. */
export function buildNoAccessHome(): HomeView {
  return { type: 'home', blocks: [{ type: 'section', text: { type: 'plain_text', text: NO_ACCESS_LINE } }] };
}
