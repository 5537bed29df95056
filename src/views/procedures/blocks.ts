import type { InputBlock, KnownBlock, ModalView, PlainTextOption, SectionBlock } from '@slack/types';
import type { Reservation, Shop } from '../../db/schema.js';
import { yen } from '../../domain/client-messages.js';
import { formatTimeRange, toDateInput, toTimeInput } from '../../domain/time.js';
import { COMMON_FIELDS, INPUT_ACTION } from '../ids/procedures.js';
import { escapeMrkdwn, truncate } from '../text.js';

export const plain = (text: string) => ({ type: 'plain_text' as const, text });
export const mrkdwn = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
export const option = (value: string, text: string): PlainTextOption => ({ text: plain(text), value });

type InputElement = InputBlock['element'];
/** An input element without its action_id (always INPUT_ACTION). */
type ElementSpec = InputElement extends infer E ? (E extends unknown ? Omit<E, 'action_id'> : never) : never;

export function input(blockId: string, label: string, element: ElementSpec, extra: { optional?: boolean; hint?: string } = {}): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element: { ...element, action_id: INPUT_ACTION } as InputElement,
    ...(extra.optional ? { optional: true } : {}),
    ...(extra.hint ? { hint: plain(extra.hint) } : {}),
  };
}

export function textInput(blockId: string, label: string, initial?: string | null, extra: { optional?: boolean; hint?: string; multiline?: boolean; placeholder?: string } = {}): InputBlock {
  return input(
    blockId,
    label,
    {
      type: 'plain_text_input',
      ...(initial ? { initial_value: initial } : {}),
      ...(extra.multiline ? { multiline: true } : {}),
      ...(extra.placeholder ? { placeholder: plain(extra.placeholder) } : {}),
    },
    extra,
  );
}

export function radio(blockId: string, label: string, options: PlainTextOption[]): InputBlock {
  return input(blockId, label, { type: 'radio_buttons', options });
}

/** 予約ID / サービス / 日時 / 住所 / 依頼者電話 (the alert's fields), so the operator never looks elsewhere. */
export function reservationSummary(r: Reservation, timeZone: string, shop?: Shop | null): SectionBlock {
  const fields = [
    `*予約ID*\n${r.id}`,
    `*サービス*\n${escapeMrkdwn(r.service)}`,
    `*日時*\n${formatTimeRange(r.startsAt, r.endsAt, timeZone)}`,
    `*住所*\n${escapeMrkdwn(r.address)}`,
    `*依頼者電話*\n${escapeMrkdwn(r.clientPhone)}`,
    `*金額*\n${r.amountJpy === null ? '未定' : yen(r.amountJpy)}`,
  ];
  if (shop) fields.push(`*提携店*\n${escapeMrkdwn(shop.name)}（${shop.id}）\n${escapeMrkdwn(shop.phone)}`);
  return { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, 2000) })) };
}

/** New date, start and end (Slack datepicker and timepickers, in the display time zone). */
export function dateTimeInputs(startsAt: Date, endsAt: Date, timeZone: string): InputBlock[] {
  return [
    input(COMMON_FIELDS.date, '日付', { type: 'datepicker', initial_date: toDateInput(startsAt, timeZone) }),
    input(COMMON_FIELDS.start, '開始時刻', { type: 'timepicker', initial_time: toTimeInput(startsAt, timeZone), timezone: timeZone }),
    input(COMMON_FIELDS.end, '終了時刻', { type: 'timepicker', initial_time: toTimeInput(endsAt, timeZone), timezone: timeZone }),
  ];
}

/** 金額 and, beside it, the box that confirms an unusual amount (checked only when asked). */
export function amountInput(initial: number | null, hint?: string, extra: { optional?: boolean } = {}): InputBlock[] {
  return [
    input(
      COMMON_FIELDS.amount,
      '金額（円）',
      { type: 'number_input', is_decimal_allowed: false, min_value: '1', ...(initial ? { initial_value: String(initial) } : {}) },
      { ...(hint ? { hint } : {}), ...extra },
    ),
    input(
      COMMON_FIELDS.amountConfirm,
      '金額の確認',
      { type: 'checkboxes', options: [option(AMOUNT_CONFIRMED, 'この金額で間違いありません')] },
      { optional: true, hint: '予約の金額の50〜200%の範囲外、または¥1,000,000を超える金額のときだけチェックしてください。' },
    ),
  ];
}

export const AMOUNT_CONFIRMED = 'confirmed';

/** 記録 (manual §3 手順4): 所要時間 prefilled from 対応開始, and an optional note for 対応内容. */
export function recordInputs(elapsedMinutes: number, claimedAtClock: string): KnownBlock[] {
  return [
    { type: 'divider' },
    mrkdwn('*記録*（対応内容・結果は自動で記録されます）'),
    input(
      COMMON_FIELDS.duration,
      '所要時間（分）',
      { type: 'number_input', is_decimal_allowed: false, min_value: '0', max_value: '1440', initial_value: String(elapsedMinutes) },
      { hint: `対応開始 ${claimedAtClock} からの経過時間。変更しなければ完了時点までの時間を記録します。` },
    ),
    textInput(COMMON_FIELDS.note, 'メモ（対応内容に追記）', null, { optional: true, multiline: true }),
  ];
}

export function modal(input: { callbackId: string; title: string; submit?: string; blocks: KnownBlock[]; metadata?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: input.callbackId,
    title: plain(truncate(input.title, 24)),
    ...(input.submit ? { submit: plain(truncate(input.submit, 24)) } : {}),
    close: plain('閉じる'),
    ...(input.metadata ? { private_metadata: input.metadata } : {}),
    blocks: input.blocks.slice(0, 100),
  };
}

/** Shown at once when a button opens a modal (the trigger expires in 3 s), replaced by the form. */
export const loadingModal = (): ModalView => modal({ callbackId: 'qrv_loading', title: 'QRV', blocks: [mrkdwn('読み込み中…')] });

/** A submission still being applied after Slack's 3 s: the modal stays and shows the outcome when known. */
export const processingModal = (): ModalView =>
  modal({ callbackId: 'qrv_processing', title: 'QRV', blocks: [mrkdwn('処理中です…（閉じても処理は続きます。結果はアラートのスレッドにも表示されます）')] });

/** The submission was applied after the modal said 処理中. */
export const appliedModal = (): ModalView =>
  modal({ callbackId: 'qrv_applied', title: 'QRV', blocks: [mrkdwn('✅ 記録しました。アラートとスレッドに結果が表示されます。')] });

/** A modal with one message (an error, or a flow that cannot go on). */
export const noticeModal = (title: string, text: string): ModalView => modal({ callbackId: 'qrv_notice', title, blocks: [mrkdwn(text)] });

/** The reservation moved on: say so, and offer to close the alert as 対応不要 (with an optional note). */
export function staleModal(input: { callbackId: string; message: string; metadata: string; noteBlockId: string }): ModalView {
  return modal({
    callbackId: input.callbackId,
    title: '予約の状態が変わりました',
    submit: '対応不要として完了',
    metadata: input.metadata,
    blocks: [
      mrkdwn(`${input.message}\nこのアラートの手順は実行できません。必要な対応がなければ、対応不要として完了してください。`),
      textInput(input.noteBlockId, 'メモ（対応内容に追記）', null, { optional: true, multiline: true }),
    ],
  });
}
