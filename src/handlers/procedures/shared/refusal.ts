import type { ModalView } from '@slack/types';
import { isDomainError } from '../../../errors.js';
import { noticeModal, staleModal } from '../../../views/procedures/blocks.js';
import { encodeMetadata } from '../../../views/procedures/form.js';
import { COMMON_FIELDS } from '../../../views/ids/procedures.js';
import { STALE_VIEWS } from '../../../views/ids/procedures/stale.js';

/** What the modal shows when a procedure cannot start: the reason; for a stale status, a way to close the alert. */
export function refusalModal(error: unknown, where: { alertId: number; channel: string }, unexpected = 'フォームを開けませんでした。'): ModalView {
  if (!isDomainError(error)) return noticeModal('QRV', unexpected);
  if (error.code !== 'STATUS_CHANGED') return noticeModal('QRV', error.userMessage);
  return staleModal({
    callbackId: STALE_VIEWS.close,
    message: error.userMessage,
    metadata: encodeMetadata({ ...where, prefilledMinutes: 0 }),
    noteBlockId: COMMON_FIELDS.note,
  });
}

/** A submission the workflow refused or failed on: nothing was recorded or sent (its transaction rolled back). */
export function submitRefusalModal(error: unknown, where: { alertId: number; channel: string }): ModalView {
  return refusalModal(error, where, '処理できませんでした。何も記録・送信していません。時間をおいて再度お試しください。');
}

/** Refusals a form can foresee, shown beside their field when the form has it (else as the modal's message). */
const FIELD_OF_ERROR: Record<string, string> = { AMOUNT_UNKNOWN: COMMON_FIELDS.amount };

export function fieldErrorOf(error: unknown, values: Record<string, unknown>): Record<string, string> | undefined {
  if (!isDomainError(error)) return undefined;
  const field = FIELD_OF_ERROR[error.code];
  return field && values[field] !== undefined ? { [field]: error.userMessage } : undefined;
}
