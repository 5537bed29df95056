import type { ModalView } from '@slack/types';
import { RESERVATION_STATUS_NAMES, statusLabel } from '../domain/reservation-status.js';
import { formatDateTime } from '../domain/time.js';
import { DomainError } from '../errors.js';
import type { AffectedClients, StatusSmsTally } from '../workflows/incident-sms.js';
import { fillTemplate, RESERVATION_ID_PLACEHOLDER } from '../workflows/incident-sms.js';
import { INCIDENT_FIELDS as F, INCIDENT_VIEWS } from './ids/incidents.js';
import { input, modal, mrkdwn, option, textInput } from './procedures/blocks.js';
import { FieldErrors, readChecked, readText, type FormValues, type Parsed } from './procedures/form.js';
import { escapeMrkdwn, truncate } from './text.js';

export interface StatusSmsMetadata {
  incidentId: number;
  channel: string | null;
  statuses: string[];
  template: string;
}

const encode = (m: StatusSmsMetadata) => JSON.stringify(m);

export function decodeStatusSms(raw: string | undefined): StatusSmsMetadata {
  try {
    const m = JSON.parse(raw ?? '') as Partial<StatusSmsMetadata>;
    if (Number.isSafeInteger(m.incidentId) && Array.isArray(m.statuses) && typeof m.template === 'string') {
      return { incidentId: m.incidentId!, channel: typeof m.channel === 'string' ? m.channel : null, statuses: m.statuses.map(String), template: m.template };
    }
  } catch {
    // refused below
  }
  throw new DomainError('BAD_METADATA', 'フォームの情報を読み取れませんでした。インシデントのボタンからやり直してください。');
}

const statusOption = (s: string) => option(s, statusLabel(s));

/** Step 1: the reservations (by status, created or updated since the incident started) and the text. Pure. */
export function buildStatusSmsSelectModal(meta: StatusSmsMetadata, startedAt: Date, timeZone: string): ModalView {
  return modal({
    callbackId: INCIDENT_VIEWS.statusSmsSelect,
    title: '状況説明SMS',
    submit: '確認へ',
    metadata: encode(meta),
    blocks: [
      mrkdwn(`対象: インシデント開始（${formatDateTime(startedAt, timeZone)}）以降に作成・更新された予約のうち、次のステータスのもの。`),
      input(F.statuses, 'ステータス', {
        type: 'checkboxes',
        options: RESERVATION_STATUS_NAMES.map(statusOption),
        initial_options: meta.statuses.map(statusOption),
      }),
      textInput(F.template, 'メッセージ', meta.template, { multiline: true, hint: `${RESERVATION_ID_PLACEHOLDER} は依頼者ごとの予約IDになります` }),
    ],
  });
}

export function parseStatusSmsSelect(values: FormValues): Parsed<{ statuses: string[]; template: string }> {
  const errs = new FieldErrors();
  const statuses = readChecked(values, F.statuses);
  const template = readText(values, F.template);
  if (statuses.length === 0) errs.add(F.statuses, 'ステータスを1つ以上選んでください');
  if (!template) errs.add(F.template, 'メッセージを入力してください');
  else if (template.length > 600) errs.add(F.template, 'メッセージは600文字以内で入力してください');
  return errs.result(() => ({ statuses, template }));
}

const skippedLines = (skipped: AffectedClients['skipped']) =>
  skipped.slice(0, 20).map((s) => `・${s.reservationId}（${escapeMrkdwn(s.phone)}: SMSを送れない番号）`).concat(skipped.length > 20 ? [`ほか ${skipped.length - 20}件`] : []);

/** Step 2: how many, one filled-in example, who is skipped; 送信 sends. Pure. */
export function buildStatusSmsConfirmModal(meta: StatusSmsMetadata, affected: AffectedClients, perSecond: number): ModalView {
  const n = affected.recipients.length;
  const example = affected.recipients[0] ? fillTemplate(meta.template, affected.recipients[0].reservationId) : fillTemplate(meta.template, 'QRV-XXXXXX');
  const lines = [
    `*送信先: ${n}件*（${perSecond}件/秒で送信、約${Math.ceil(n / perSecond)}秒）`,
    affected.skipped.length ? `*スキップ: ${affected.skipped.length}件*\n${skippedLines(affected.skipped).join('\n')}` : 'スキップ: なし',
    `*メッセージ（例）*\n>${escapeMrkdwn(example).split('\n').join('\n>')}`,
  ];
  return modal({
    callbackId: INCIDENT_VIEWS.statusSmsConfirm,
    title: '状況説明SMSの確認',
    ...(n > 0 ? { submit: `${n}件に送信` } : {}),
    metadata: encode(meta),
    blocks: [mrkdwn(truncate(lines.join('\n\n'), 3000)), ...(n === 0 ? [mrkdwn('送信先がありません。条件を変えてやり直してください。')] : [])],
  });
}

/** Thread lines of the status SMS. Pure. */
export const statusSmsNotes = {
  queued: (userId: string, r: AffectedClients & { queued: number }, perSecond: number) =>
    [
      `📤 <@${userId}> 依頼者に状況説明SMSを送信開始: ${r.queued}件（${perSecond}件/秒）${r.recipients.length > r.queued ? `、送信済み・送信中のため除外 ${r.recipients.length - r.queued}件` : ''}`,
      ...(r.skipped.length ? [`スキップ ${r.skipped.length}件（SMSを送れない番号）:`, ...skippedLines(r.skipped)] : []),
    ].join('\n'),
  failed: (reservationId: string | null, error: string | null) => `⚠️ 状況説明SMSを送信できませんでした: ${reservationId ?? '-'}（${escapeMrkdwn(error ?? '理由不明')}）`,
  tally: (t: StatusSmsTally) => `📤 状況説明SMSの送信結果: 送信 ${t.sent}件 / 失敗 ${t.failed}件${t.failed ? '（失敗した依頼者には電話で連絡してください）' : ''}`,
};
