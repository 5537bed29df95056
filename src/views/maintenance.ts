import type { KnownBlock, SectionBlock } from '@slack/types';
import { formatDateTime } from '../domain/time.js';
import type { MaintenanceItem } from '../workflows/maintenance.js';
import type { ModalView } from '@slack/types';
import { maintenanceTask } from '../domain/maintenance.js';
import { MAINTENANCE_DONE_ACTION, MAINTENANCE_DONE_CALLBACK, MAINTENANCE_NOTE_BLOCK, MAINTENANCE_NOTE_INPUT } from './ids/maintenance.js';

/** The button's value: which task in which period (`log_check|2026-12-04`). */
const buttonValue = (item: Pick<MaintenanceItem, 'task' | 'period'>) => `${item.task.key}|${item.period}`;

export function parseMaintenanceValue(value: string | undefined): { task: string; period: string } {
  const [task = '', period = ''] = (value ?? '').split('|');
  return { task, period };
}

/** `2026-12-04` → 12月4日〜 (the week from that Friday); `2026-12` → 2026年12月. */
function periodLabel(period: string): string {
  const [y, m, d] = period.split('-').map(Number);
  return d ? `${m}月${d}日の週` : `${y}年${m}月`;
}

/** One task: 「✅ 完了（@user, 日時）」 once recorded, else 未完了 with 完了を記録. Pure. */
export function maintenanceTaskBlock(item: MaintenanceItem, timeZone: string): SectionBlock {
  const name = `${item.task.label}（${item.task.duration}）`;
  if (item.done) {
    const note = item.done.note ? `: ${item.done.note}` : '';
    return { type: 'section', text: { type: 'mrkdwn', text: `• ${name} — ✅ 完了（<@${item.done.doneBy}>, ${formatDateTime(item.done.doneAt, timeZone)}${note}）` } };
  }
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `• ${name} — ⬜ 未完了（${periodLabel(item.period)}）` },
    accessory: { type: 'button', action_id: MAINTENANCE_DONE_ACTION, text: { type: 'plain_text', text: '完了を記録' }, value: buttonValue(item) },
  };
}

/** 未完了のメンテナンス in 朝の確認: reminded every morning until recorded (nothing when all are done). Pure. */
export function pendingMaintenanceBlocks(items: MaintenanceItem[], timeZone: string): KnownBlock[] {
  if (items.length === 0) return [];
  return [{ type: 'section', text: { type: 'mrkdwn', text: `*未完了のメンテナンス*（${items.length}件、完了したら「完了を記録」を押してください）` } }, ...items.map((i) => maintenanceTaskBlock(i, timeZone))];
}

/**
 * The posted message with the task's row replaced by its recorded state (the rest of the report
 * stays as posted). Pure.
 */
export function withMaintenanceDone(blocks: readonly unknown[], item: MaintenanceItem, timeZone: string): KnownBlock[] {
  return (blocks as KnownBlock[]).map((b) => {
    const accessory = (b as { accessory?: { action_id?: string; value?: string } }).accessory;
    return accessory?.action_id === MAINTENANCE_DONE_ACTION && accessory.value === buttonValue(item) ? maintenanceTaskBlock(item, timeZone) : b;
  });
}

/** What the 完了 modal carries to its submission: the task, its period and the clicked post. */
export interface MaintenanceModalState {
  task: string;
  period: string;
  channel: string;
  ts: string;
}

export function parseMaintenanceModalState(privateMetadata: string): MaintenanceModalState {
  const s = JSON.parse(privateMetadata || '{}') as Partial<MaintenanceModalState>;
  return { task: s.task ?? '', period: s.period ?? '', channel: s.channel ?? '', ts: s.ts ?? '' };
}

/** 完了を記録: the task and an optional メモ (e.g. what was found). Pure. */
export function buildMaintenanceDoneModal(state: MaintenanceModalState): ModalView {
  const task = maintenanceTask(state.task);
  return {
    type: 'modal',
    callback_id: MAINTENANCE_DONE_CALLBACK,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text', text: '完了を記録' },
    submit: { type: 'plain_text', text: '完了' },
    close: { type: 'plain_text', text: 'キャンセル' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${task ? `${task.label}（${task.duration}）` : state.task}*（${periodLabel(state.period)}）` } },
      {
        type: 'input',
        block_id: MAINTENANCE_NOTE_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'メモ（任意）' },
        element: { type: 'plain_text_input', action_id: MAINTENANCE_NOTE_INPUT, multiline: true, max_length: 500 },
      },
    ],
  };
}
