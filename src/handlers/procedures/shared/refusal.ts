import type { ModalView } from '@slack/types';
import { isDomainError } from '../../../errors.js';
import { noticeModal, staleModal } from '../../../views/procedures/blocks.js';
import { encodeMetadata } from '../../../views/procedures/form.js';
import { COMMON_FIELDS } from '../../../views/ids/procedures.js';
import { STALE_VIEWS } from '../../../views/ids/procedures/stale.js';

/** What the modal shows when a procedure cannot start: the reason; for a stale status, a way to close the alert. */
export function refusalModal(error: unknown, where: { alertId: number; channel: string }): ModalView {
  if (!isDomainError(error)) return noticeModal('QRV', 'フォームを開けませんでした。');
  if (error.code !== 'STATUS_CHANGED') return noticeModal('QRV', error.userMessage);
  return staleModal({
    callbackId: STALE_VIEWS.close,
    message: error.userMessage,
    metadata: encodeMetadata({ ...where, prefilledMinutes: 0 }),
    noteBlockId: COMMON_FIELDS.note,
  });
}
