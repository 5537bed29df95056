import type { ModalView } from '@slack/types';
import { fromDateTimeInput, formatClock, formatDateTime, toDateInput, toTimeInput } from '../domain/time.js';
import { DomainError } from '../errors.js';
import { HANDOVER_FIELDS as F, HANDOVER_VIEWS, HOLD_REASONS } from './ids/alerts.js';
import { INPUT_ACTION } from './ids/procedures.js';
import { input, modal, mrkdwn, option, radio, textInput } from './procedures/blocks.js';
import { FieldErrors, readDate, readOption, readText, readTime, type FormValues, type Parsed } from './procedures/form.js';
import { escapeMrkdwn, truncate } from './text.js';

/** What the hand-over and progress modals carry between steps (private_metadata). */
export interface HandoverMetadata {
  alertId: number;
  channel: string;
  /** The assignee when the modal opened (the compare-and-set expectation). */
  from: string | null;
}

function encodeHandover(m: HandoverMetadata): string {
  return JSON.stringify({ alertId: m.alertId, channel: m.channel, from: m.from });
}

export function decodeHandover(raw: string | undefined): HandoverMetadata {
  let m: Partial<HandoverMetadata> | null = null;
  try {
    m = JSON.parse(raw ?? '') as Partial<HandoverMetadata>;
  } catch {
    m = null;
  }
  if (!m || !Number.isSafeInteger(m.alertId) || typeof m.channel !== 'string' || !(m.from === null || typeof m.from === 'string')) {
    throw new DomainError('BAD_METADATA', 'フォームの情報を読み取れませんでした。アラートのボタンからやり直してください。');
  }
  return { alertId: m.alertId!, channel: m.channel, from: m.from ?? null };
}

/** 引き継ぐ before the deadline: names who has the alert and asks to confirm. Pure. */
export function buildTakeOverConfirm(meta: HandoverMetadata & { from: string }): ModalView {
  return modal({
    callbackId: HANDOVER_VIEWS.takeOverConfirm,
    title: '引き継ぎの確認',
    submit: '引き継ぐ',
    metadata: encodeHandover(meta),
    blocks: [mrkdwn(`このアラートは <@${meta.from}> さんが対応中です（対応期限前）。\n引き継ぐと担当があなたに変わり、スレッドと履歴に記録されます。本人に連絡してから引き継いでください。`)],
  });
}

/** 担当者を変更: a user picker; only operators can be chosen (checked on submit). Pure. */
export function buildReassignModal(meta: HandoverMetadata): ModalView {
  return modal({
    callbackId: HANDOVER_VIEWS.reassign,
    title: '担当者を変更',
    submit: '変更',
    metadata: encodeHandover(meta),
    blocks: [
      mrkdwn(`現在の担当: ${meta.from ? `<@${meta.from}>` : '未対応'}`),
      input(F.assignee, '新しい担当者', { type: 'users_select' }, { hint: 'オペレーター（QRV_OPERATORS）だけを選べます' }),
    ],
  });
}

export const NOT_OPERATOR_FIELD_ERROR = 'オペレーター（QRV_OPERATORS）ではないため担当にできません';

export function parseReassign(values: FormValues): Parsed<{ to: string }> {
  const errs = new FieldErrors();
  const to = values[F.assignee]?.[INPUT_ACTION]?.selected_user ?? '';
  if (!to) errs.add(F.assignee, '新しい担当者を選んでください');
  return errs.result(() => ({ to }));
}

/** 進捗メモ: free text into the thread and the history. Pure. */
export function buildProgressModal(meta: HandoverMetadata): ModalView {
  return modal({
    callbackId: HANDOVER_VIEWS.progress,
    title: '進捗メモ',
    submit: '記録',
    metadata: encodeHandover(meta),
    blocks: [
      mrkdwn('アラートは対応中のままです。スレッドと履歴に残ります。'),
      textInput(F.note, 'メモ', null, { multiline: true, placeholder: '例: 依頼者に電話、不在。SMSで折り返しを依頼' }),
    ],
  });
}

export function parseProgress(values: FormValues): Parsed<{ note: string }> {
  const errs = new FieldErrors();
  const note = readText(values, F.note);
  if (!note) errs.add(F.note, 'メモを入力してください');
  else if (note.length > 2000) errs.add(F.note, 'メモは2000文字以内で入力してください');
  return errs.result(() => ({ note }));
}

/** 保留: until a date and time, and why. Pure. */
export function buildHoldModal(meta: HandoverMetadata, ctx: { now: Date; timeZone: string }): ModalView {
  const suggested = new Date(Math.ceil((ctx.now.getTime() + 30 * 60_000) / 900_000) * 900_000);
  return modal({
    callbackId: HANDOVER_VIEWS.hold,
    title: '保留',
    submit: '保留にする',
    metadata: encodeHandover(meta),
    blocks: [
      mrkdwn('保留中は対応期限の再通知を止め、指定の時刻に担当者へスレッドでお知らせします。'),
      input(F.holdDate, '日付', { type: 'datepicker', initial_date: toDateInput(suggested, ctx.timeZone) }),
      input(F.holdTime, '時刻', { type: 'timepicker', initial_time: toTimeInput(suggested, ctx.timeZone), timezone: ctx.timeZone }),
      radio(F.holdReason, '理由', HOLD_REASONS.map((r) => option(r, r))),
      textInput(F.holdReasonText, '補足', null, { optional: true, placeholder: '例: 15:00以降に依頼者から折り返し' }),
    ],
  });
}

export function parseHold(values: FormValues, ctx: { now: Date; timeZone: string }): Parsed<{ until: Date; reason: string }> {
  const errs = new FieldErrors();
  const until = fromDateTimeInput(readDate(values, F.holdDate), readTime(values, F.holdTime), ctx.timeZone);
  if (!until) errs.add(F.holdTime, '日付と時刻を選んでください');
  else if (until.getTime() <= ctx.now.getTime()) errs.add(F.holdTime, '保留の期限は現在より後にしてください');
  const choice = readOption(values, F.holdReason);
  const extra = readText(values, F.holdReasonText);
  if (!choice || !(HOLD_REASONS as readonly string[]).includes(choice)) errs.add(F.holdReason, '理由を選んでください');
  else if (choice === 'その他' && !extra) errs.add(F.holdReasonText, '「その他」の内容を入力してください');
  const reason = choice === 'その他' ? extra : extra ? `${choice}（${extra}）` : (choice ?? '');
  return errs.result(() => ({ until: until!, reason: truncate(reason, 500) }));
}

/** Thread notes of hand-over and progress (also the history's words). Pure. */
export const handoverNotes = {
  released: (by: string) => `↩️ <@${by}> さんが担当を外しました。未対応に戻りました（「対応開始」または「引き継ぐ」で担当してください）。`,
  takenOver: (to: string, from: string | null, reason: 'unassigned' | 'overdue' | 'confirmed') =>
    from
      ? `🔁 <@${to}> さんが <@${from}> さんから引き継ぎました${reason === 'overdue' ? '（対応期限超過のため確認なし）' : '（確認済み）'}。`
      : `🔁 <@${to}> さんが引き継ぎました。`,
  reassigned: (by: string, from: string | null, to: string) => `🔁 <@${by}> さんが担当者を変更しました: ${from ? `<@${from}>` : '未対応'} → <@${to}>`,
  progress: (by: string, note: string) => `📝 進捗メモ（<@${by}>）: ${escapeMrkdwn(truncate(note, 2000))}`,
  held: (by: string, until: Date, reason: string, timeZone: string) =>
    `⏸ <@${by}> さんが保留にしました: ${escapeMrkdwn(reason)}（${formatDateTime(until, timeZone)}まで）。それまで対応期限の再通知を止めます。`,
  holdEnded: (assignee: string | null, until: Date, reason: string | null, timeZone: string) =>
    `${assignee ? `<@${assignee}>` : '<!here>'} ⏰ 保留の期限（${formatClock(until, timeZone)}）になりました${reason ? `: ${escapeMrkdwn(reason)}` : ''}。対応を再開してください。`,
};
