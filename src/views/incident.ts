import type { Button, KnownBlock, ModalView } from '@slack/types';
import type { Incident, IncidentStep } from '../db/schema.js';
import { formatMinutes } from '../domain/alert-kinds.js';
import { INCIDENT_SEVERITY_LABELS, INCIDENT_TIMELINES, isHttpUrl, isIncidentSeverity, REPORT_REMINDER_INTERVAL_MINUTES, REPORT_STEP, stepSpec, type IncidentSeverity, type IncidentStepSpec } from '../domain/incident-timeline.js';
import { formatClock, formatDateTime } from '../domain/time.js';
import { DomainError } from '../errors.js';
import { INCIDENT_ACTIONS, INCIDENT_FIELDS, INCIDENT_VIEWS } from './ids/incidents.js';
import { modal, mrkdwn, textInput } from './procedures/blocks.js';
import { FieldErrors, readText, type FormValues, type Parsed } from './procedures/form.js';
import { escapeMrkdwn, inert, truncate } from './text.js';

export const INCIDENT_COLORS: Record<IncidentSeverity, string> = { critical: '#E01E5A', high: '#F2952F' };
const ENDED_COLOR = '#A0A0A0';

const severityOf = (incident: Incident): IncidentSeverity => (isIncidentSeverity(incident.severity) ? incident.severity : 'high');
const minutesBetween = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value, ...(style ? { style } : {}),
});

/** A stored http(s) link as a Slack link: the characters that would end it are percent-encoded. */
const slackLink = (url: string, text: string) => `<${url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c))}|${text}>`;

function stepText(spec: IncidentStepSpec, row: IncidentStep | undefined, incident: Incident, timeZone: string): string {
  const items = spec.items.map((i) => `・${i}`);
  if (row?.doneAt) {
    const note = row.note ? `（メモ: ${escapeMrkdwn(truncate(row.note, 300))}）` : '';
    const link = row.link ? ` — ${slackLink(row.link, '提出されたレポート')}` : '';
    return [`✅ ~${spec.label}~ — <@${row.doneBy}> ${formatClock(row.doneAt, timeZone)}${note}${link}`].join('\n');
  }
  const due = row?.dueAt
    ? ` — 期限 ${formatDateTime(row.dueAt, timeZone)}${row.remindedAt ? ' ⚠️ 期限超過' : ''}`
    : spec.dueAfterRecoveryMinutes && !incident.endedAt
      ? ` — 期限: 復旧から${formatMinutes(spec.dueAfterRecoveryMinutes)}`
      : '';
  return [`☐ *${spec.label}*${due}`, ...items].join('\n');
}

/**
 * The incident message in #qrv-alerts: severity, title, 指揮, 開始 / 復旧, and the manual's
 * timeline as a checklist (完了 per step), 指揮を引き継ぐ and 復旧 while it lasts. Pure.
 */
export function buildIncidentMessage(input: { incident: Incident; steps: IncidentStep[] }, ctx: { timeZone: string }) {
  const { incident, steps } = input;
  const severity = severityOf(incident);
  const label = INCIDENT_SEVERITY_LABELS[severity];
  const title = `🚨 インシデント（${label}）: ${incident.summary}`;
  const state = incident.endedAt
    ? `✅ 復旧 ${formatDateTime(incident.endedAt, ctx.timeZone)}（<@${incident.endedBy}>、所要 ${formatMinutes(minutesBetween(incident.createdAt, incident.endedAt))}）`
    : '対応中';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } },
    mrkdwn([`重大度: ${label}`, `指揮: <@${incident.commander}>`, `開始: ${formatDateTime(incident.createdAt, ctx.timeZone)}`, `状態: ${state}`].join('\n')),
    { type: 'divider' },
  ];
  for (const spec of INCIDENT_TIMELINES[severity]) {
    const row = steps.find((s) => s.step === spec.key);
    const section = mrkdwn(stepText(spec, row, incident, ctx.timeZone));
    const report = spec.key === 'postmortem';
    if (row && !row.doneAt && (!incident.endedAt || report)) {
      section.accessory = button(report ? '提出済み' : '完了', INCIDENT_ACTIONS.stepDone, `${incident.id}:${spec.key}`);
    }
    blocks.push(section);
  }
  if (!incident.endedAt) {
    blocks.push({
      type: 'actions',
      elements: [
        button('ログ確認', INCIDENT_ACTIONS.logs, String(incident.id)),
        button('指揮を引き継ぐ', INCIDENT_ACTIONS.takeCommand, `${incident.id}:${incident.commander}`),
        button('依頼者に状況説明SMS', INCIDENT_ACTIONS.statusSms, String(incident.id)),
        button('復旧', INCIDENT_ACTIONS.recover, String(incident.id), 'primary'),
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `インシデント #${incident.id} · 宣言 <@${incident.actor}> · スレッドがタイムラインです` }] });
  return {
    text: inert(title, 3000),
    attachments: [{ color: incident.endedAt ? ENDED_COLOR : INCIDENT_COLORS[severity], blocks, fallback: inert(title, 3000) }],
  };
}

/** Thread lines of the timeline, each time-stamped. Pure. */
export const incidentNotes = {
  declared: (incident: Incident, timeZone: string, alertLink?: string | null) =>
    `🚨 ${formatClock(incident.createdAt, timeZone)} <@${incident.actor}> がインシデントを宣言しました（${INCIDENT_SEVERITY_LABELS[severityOf(incident)]}）。指揮: <@${incident.commander}>${alertLink ? `\n関連アラート: ${alertLink}` : ''}`,
  logs: (userId: string, window: string, at: Date, timeZone: string) => `🔎 ${formatClock(at, timeZone)} <@${userId}> がログ確認（\`/qrv logs ${window}\`、インシデント開始から）を実行`,
  reported: (userId: string, target: string, at: Date, timeZone: string) => `📣 ${formatClock(at, timeZone)} <@${userId}> が経営陣に報告しました（${target}）`,
  stepDone: (incident: Incident, step: IncidentStep, timeZone: string) => {
    const spec = stepSpec(severityOf(incident), step.step);
    const note = step.note ? `\nメモ: ${escapeMrkdwn(step.note)}` : '';
    if (step.link) return `✅ ${formatClock(step.doneAt!, timeZone)} ${spec?.label ?? step.step} 提出済み — <@${step.doneBy}>\nリンク: ${slackLink(step.link, step.link.replace(/[<>|]/g, ''))}`;
    return `✅ ${formatClock(step.doneAt!, timeZone)} ${spec?.label ?? step.step} 完了 — <@${step.doneBy}>${note}`;
  },
  command: (previous: string, incident: Incident, at: Date, timeZone: string) =>
    `🎖 ${formatClock(at, timeZone)} 指揮を引き継ぎました: <@${previous}> → <@${incident.commander}>`,
  recovered: (incident: Incident, steps: IncidentStep[], timeZone: string) => {
    const report = steps.find((s) => s.step === 'postmortem');
    const spec = stepSpec(severityOf(incident), 'postmortem');
    const due = report?.dueAt && spec ? `\n${spec.label.replace(/（.*）$/, '')}の期限: ${formatDateTime(report.dueAt, timeZone)}` : '';
    return `✅ ${formatClock(incident.endedAt!, timeZone)} 復旧 — <@${incident.endedBy}>（開始から ${formatMinutes(minutesBetween(incident.createdAt, incident.endedAt!))}）${due}`;
  },
  /** A system alert raised while the incident is open, at its time, linked to its message. */
  relatedAlert: (alert: { id: number; createdAt: Date; permalink: string | null }, title: string, timeZone: string, linkedBy?: string) => {
    const name = `#${alert.id} ${escapeMrkdwn(truncate(title, 150)).replace(/\|/g, '｜')}`;
    const by = linkedBy ? `（<@${linkedBy}> が関連付け）` : '';
    return `🔔 ${formatClock(alert.createdAt, timeZone)} 関連アラート: ${alert.permalink ? slackLink(alert.permalink, name) : name}${by}`;
  },
  /** `step` as the sweep found it: remindedAt is the previous reminder (null for the first). */
  reminder: (incident: Incident, step: IncidentStep, timeZone: string) => {
    const spec = stepSpec(severityOf(incident), step.step);
    const again = step.remindedAt ? '（再通知）' : '';
    const what =
      spec?.key === REPORT_STEP
        ? `提出したら「提出済み」を押してレポートのリンクを入力してください。提出済みになるまで${formatMinutes(REPORT_REMINDER_INTERVAL_MINUTES)}ごとにお知らせします。`
        : '完了したら「完了」を押してください。';
    return `⏰${again} <@${incident.commander}> 「${spec?.label ?? step.step}」の期限（${formatDateTime(step.dueAt!, timeZone)}）を過ぎています。${what}`;
  },
};

export interface StepMetadata {
  incidentId: number;
  step: string;
  /** Where the incident message is: a refusal is told there (ephemeral). */
  channel?: string;
}

/** 完了: an optional note; 提出済み of the report: its link (required). Pure. */
export function buildStepDoneModal(incident: Incident, step: string): ModalView {
  const spec = stepSpec(severityOf(incident), step);
  const report = step === REPORT_STEP;
  return modal({
    callbackId: INCIDENT_VIEWS.stepDone,
    title: report ? '提出済み' : '手順の完了',
    submit: report ? '提出済みにする' : '完了',
    metadata: JSON.stringify({ incidentId: incident.id, step, channel: incident.slackChannel ?? undefined } satisfies StepMetadata),
    blocks: [
      mrkdwn(`インシデント #${incident.id}: *${escapeMrkdwn(spec?.label ?? step)}*`),
      report
        ? textInput(INCIDENT_FIELDS.link, 'レポートのリンク', null, { placeholder: '例: https://wiki.example.jp/postmortem/12', hint: '提出したレポートのURL（http:// または https://）。インシデントのメッセージに表示されます。' })
        : textInput(INCIDENT_FIELDS.note, 'メモ', null, { optional: true, multiline: true, placeholder: '例: api-server を再起動、5xx 解消' }),
    ],
  });
}

/** 経営陣に報告: the summary to post, prefilled and editable. Pure. */
export function buildReportModal(incident: Incident, summary: string, target: string): ModalView {
  return modal({
    callbackId: INCIDENT_VIEWS.report,
    title: '経営陣に報告',
    submit: '報告する',
    metadata: JSON.stringify({ incidentId: incident.id, step: 'report', channel: incident.slackChannel ?? undefined } satisfies StepMetadata),
    blocks: [
      mrkdwn(`投稿先: ${target}`),
      textInput(INCIDENT_FIELDS.summary, '報告内容', truncate(summary, 2900), { multiline: true }),
    ],
  });
}

export function parseReport(values: FormValues): Parsed<{ summary: string }> {
  const errs = new FieldErrors();
  const summary = readText(values, INCIDENT_FIELDS.summary);
  if (!summary) errs.add(INCIDENT_FIELDS.summary, '報告内容を入力してください');
  return errs.result(() => ({ summary }));
}

export function decodeStepMetadata(raw: string | undefined): StepMetadata {
  try {
    const m = JSON.parse(raw ?? '') as Partial<StepMetadata>;
    if (Number.isSafeInteger(m.incidentId) && typeof m.step === 'string') return { incidentId: m.incidentId!, step: m.step };
  } catch {
    // refused below
  }
  throw new DomainError('BAD_METADATA', 'フォームの情報を読み取れませんでした。インシデントのボタンからやり直してください。');
}

/** 完了's note, or 提出済み's link (when the form has the link field): an http(s) URL, else a field error. */
export function parseStepNote(values: FormValues): Parsed<{ note: string | null; link: string | null }> {
  const errs = new FieldErrors();
  const note = readText(values, INCIDENT_FIELDS.note);
  if (note.length > 2000) errs.add(INCIDENT_FIELDS.note, 'メモは2000文字以内で入力してください');
  const asked = INCIDENT_FIELDS.link in values;
  const link = readText(values, INCIDENT_FIELDS.link);
  if (asked && !link) errs.add(INCIDENT_FIELDS.link, 'レポートのリンクを入力してください');
  else if (asked && (link.length > 2000 || !isHttpUrl(link))) {
    errs.add(INCIDENT_FIELDS.link, 'http:// または https:// で始まるレポートのURLを入力してください（例: https://wiki.example.jp/postmortem/12）');
  }
  return errs.result(() => ({ note: note || null, link: asked ? link : null }));
}

export const INCIDENT_USAGE_LINK = '使い方: `/qrv incident link インシデント番号 アラート番号`（例: `/qrv incident link 3 128`）— アラートをインシデントのタイムラインに記録します';

export const INCIDENT_USAGE_DECLARE = '使い方: `/qrv incident declare 緊急|高 タイトル`（例: `/qrv incident declare 高 Bland.ai障害で電話発信が停止`）';
