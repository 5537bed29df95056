import type { ModalView } from '@slack/types';
import type { InquiryDetails } from '../domain/inquiry.js';
import type { IntakeStatus } from '../domain/inquiry-mail.js';
import { formatClock } from '../domain/time.js';
import type { InquiryReply } from '../workflows/inquiry/reply.js';
import type { InquiryStart } from '../workflows/inquiry/resolve.js';
import type { RecordInput } from '../workflows/operation/finish.js';
import { INQUIRY_FIELDS, INQUIRY_VIEWS } from './ids/procedures/inquiry.js';
import { input, modal, mrkdwn, recordInputs, textInput } from './procedures/blocks.js';
import { encodeMetadata, FieldErrors, readText, type FlowMetadata, type FormValues, type Parsed } from './procedures/form.js';
import { readEmail, readRecord } from './procedures/parse.js';
import { escapeMrkdwn, truncate } from './text.js';

/** The answer to `/qrv inquiry …`: recorded, today's count, and the alert that tracks it. Pure. */
export function buildInquiryRecorded(r: { reservationId: string | null; reservationFound: boolean; summary: string; todayCount: number; alertId: number }): { text: string } {
  const about = r.reservationId ? `（${r.reservationId}${r.reservationFound ? '' : ': 予約が見つかりません'}）` : '';
  return {
    text: [
      `問い合わせを記録しました${about}: ${truncate(escapeMrkdwn(r.summary), 200)}`,
      `本日の問い合わせ件数: ${r.todayCount}件`,
      `一般問い合わせ #${r.alertId} として通知します（対応期限: 24時間以内）。対応したら「対応済み」を押してください。`,
    ].join('\n'),
  };
}

/** What an inquiry alert shows under its fields: where it came from, what was asked, the matched reservations. Pure. */
export function inquiryLines(d: InquiryDetails): string[] {
  const lines: string[] = [];
  if (d.source === 'mail') {
    lines.push(`受付: メール（inquiry@）`, `差出人: ${escapeMrkdwn(d.from ?? '（不明）')}`, `件名: ${escapeMrkdwn(d.subject ?? '（なし）')}`);
  } else {
    lines.push(`受付: \`/qrv inquiry\`${d.raisedBy ? `（<@${d.raisedBy}>）` : ''}`);
  }
  const quoted = truncate(d.summary, 1200).split('\n').slice(0, 12).map((l) => `> ${escapeMrkdwn(l)}`);
  lines.push('内容:', ...(quoted.length ? quoted : ['> （本文なし）']));
  lines.push(`該当する予約: ${d.matched.length ? d.matched.join(', ') : 'なし（`/qrv status 電話番号` で探せます）'}`);
  return lines;
}

/** 対応済み: what was answered (required, into 対応内容) and 所要時間. Pure. */
export function buildInquiryDoneModal(ctx: { start: InquiryStart; timeZone: string; channel: string }): ModalView {
  const summary = typeof ctx.start.alert.details.summary === 'string' ? ctx.start.alert.details.summary : '';
  return modal({
    callbackId: INQUIRY_VIEWS.done,
    title: '一般問い合わせ',
    submit: '対応済み',
    metadata: encodeMetadata({ alertId: ctx.start.alert.id, channel: ctx.channel, prefilledMinutes: ctx.start.elapsedMinutes }),
    blocks: [
      mrkdwn(`*問い合わせ*\n${truncate(escapeMrkdwn(summary), 1500) || '（本文なし）'}`),
      textInput(INQUIRY_FIELDS.answer, '対応内容（回答・案内したこと）', null, { multiline: true }),
      ...recordInputs(ctx.start.elapsedMinutes, formatClock(ctx.start.claimedAt, ctx.timeZone)),
    ],
  });
}

export function parseInquiryDone(values: FormValues, meta: FlowMetadata): Parsed<{ answer: string; record: RecordInput }> {
  const errs = new FieldErrors();
  const answer = readText(values, INQUIRY_FIELDS.answer);
  if (!answer) errs.add(INQUIRY_FIELDS.answer, '対応内容を入力してください');
  else if (answer.length > 2000) errs.add(INQUIRY_FIELDS.answer, '対応内容は2000文字以内にしてください');
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ answer, record }));
}

/** Posted once when the inquiry mailbox stops being read, and once when it works again. Pure. */
export function buildMailIntakeNotice(status: IntakeStatus, target: { user: string; host: string; mailbox: string }): { text: string } {
  const where = `${escapeMrkdwn(target.user)}@${escapeMrkdwn(target.host)}/${escapeMrkdwn(target.mailbox)}`;
  if (status.ok) return { text: `✅ 問い合わせメール（${where}）の取り込みが再開しました。止まっていた間のメールも通知します。` };
  return {
    text: [
      `⚠️ 問い合わせメール（${where}）を取り込めません: ${escapeMrkdwn(status.messageJa)}`,
      '復旧するまで inquiry@ のメールを直接確認してください（マニュアル §2.2）。ボットは再試行を続け、復旧したらお知らせします（この通知は繰り返しません）。',
    ].join('\n'),
  };
}

/** 返信する: 宛先 and 件名 prefilled (the mail's sender, Re: its subject), 本文, 所要時間. Pure. */
export function buildInquiryReplyModal(ctx: { start: InquiryStart & { defaults: { to: string; subject: string } }; timeZone: string; channel: string }): ModalView {
  const { alert, defaults } = ctx.start;
  const summary = typeof alert.details.summary === 'string' ? alert.details.summary : '';
  const threaded = typeof alert.details.message_id === 'string';
  return modal({
    callbackId: INQUIRY_VIEWS.reply,
    title: '問い合わせに返信',
    submit: '送信',
    metadata: encodeMetadata({ alertId: alert.id, channel: ctx.channel, prefilledMinutes: ctx.start.elapsedMinutes }),
    blocks: [
      mrkdwn(`*問い合わせ*\n${truncate(escapeMrkdwn(summary), 1500) || '（本文なし）'}`),
      input(INQUIRY_FIELDS.to, '宛先', { type: 'email_text_input', ...(defaults.to ? { initial_value: defaults.to } : {}) }, {
        hint: threaded ? '問い合わせメールの差出人。同じメールのスレッドに返信します。' : '依頼者のメールアドレス。',
      }),
      textInput(INQUIRY_FIELDS.subject, '件名', defaults.subject),
      textInput(INQUIRY_FIELDS.body, '本文', null, { multiline: true }),
      ...recordInputs(ctx.start.elapsedMinutes, formatClock(ctx.start.claimedAt, ctx.timeZone)),
    ],
  });
}

export function parseInquiryReply(values: FormValues, meta: FlowMetadata): Parsed<{ reply: InquiryReply; record: RecordInput }> {
  const errs = new FieldErrors();
  const to = readEmail(values, INQUIRY_FIELDS.to, errs);
  const subject = readText(values, INQUIRY_FIELDS.subject);
  if (!subject) errs.add(INQUIRY_FIELDS.subject, '件名を入力してください');
  else if (subject.length > 200) errs.add(INQUIRY_FIELDS.subject, '件名は200文字以内にしてください');
  const body = readText(values, INQUIRY_FIELDS.body);
  if (!body) errs.add(INQUIRY_FIELDS.body, '本文を入力してください');
  else if (body.length > 10_000) errs.add(INQUIRY_FIELDS.body, '本文は10000文字以内にしてください');
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ reply: { to, subject, body }, record }));
}
