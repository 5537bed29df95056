import type { ModalView } from '@slack/types';
import { DAILY_NOTE_CALLBACK, NOTE_BLOCK, NOTE_INPUT } from './ids/reports.js';

/** 特記事項 of a day (manual §2.3): one multiline input, prefilled with the saved note. Pure. */
export function buildDailyNoteModal({ day, dayText, note }: { day: string; dayText: string; note: string | null }): ModalView {
  return {
    type: 'modal',
    callback_id: DAILY_NOTE_CALLBACK,
    private_metadata: day,
    title: { type: 'plain_text', text: '特記事項' },
    submit: { type: 'plain_text', text: '保存' },
    close: { type: 'plain_text', text: 'キャンセル' },
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${dayText} の終業時の記録` }] },
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        label: { type: 'plain_text', text: '特記事項' },
        element: {
          type: 'plain_text_input',
          action_id: NOTE_INPUT,
          multiline: true,
          max_length: 2000,
          ...(note ? { initial_value: note } : {}),
        },
      },
    ],
  };
}
