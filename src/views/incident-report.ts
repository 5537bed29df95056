import type { Incident, IncidentStep } from '../db/schema.js';
import { formatMinutes } from '../domain/alert-kinds.js';
import { INCIDENT_SEVERITY_LABELS, INCIDENT_TIMELINES, isIncidentSeverity } from '../domain/incident-timeline.js';
import { statusLabel } from '../domain/reservation-status.js';
import { formatDateTime } from '../domain/time.js';

/** What the incident touched while it lasted (counts from the database). */
export interface IncidentImpact {
  /** Reservations created or updated between the start and 復旧, by status. */
  reservationsByStatus: Array<{ status: string; count: number }>;
  /** Alerts raised between the start and 復旧, by kind. */
  alertsByKind: Array<{ kind: string; count: number }>;
}

const TO_FILL = '（記入してください）';

/**
 * The ポストモーテム (緊急) / インシデントレポート (高) draft in Markdown, from the record and the
 * timeline: 概要, 影響範囲 with counts, タイムライン, 原因, 対応, 再発防止策 (left for the author). Pure.
 */
export function buildIncidentReportDraft(input: { incident: Incident; steps: IncidentStep[]; impact: IncidentImpact; timeZone: string }): { filename: string; title: string; markdown: string } {
  const { incident, steps, impact, timeZone } = input;
  const severity = isIncidentSeverity(incident.severity) ? incident.severity : 'high';
  const kind = severity === 'critical' ? 'ポストモーテム' : 'インシデントレポート';
  const end = incident.endedAt ?? incident.createdAt;
  const minutes = Math.max(0, Math.round((end.getTime() - incident.createdAt.getTime()) / 60_000));
  const at = (d: Date) => formatDateTime(d, timeZone);
  const specs = INCIDENT_TIMELINES[severity];
  const done = steps.filter((s) => s.doneAt).sort((a, b) => a.doneAt!.getTime() - b.doneAt!.getTime());
  const label = (key: string) => specs.find((s) => s.key === key)?.label ?? key;
  const report = steps.find((s) => s.step === 'postmortem');
  const totalReservations = impact.reservationsByStatus.reduce((n, r) => n + r.count, 0);
  const totalAlerts = impact.alertsByKind.reduce((n, r) => n + r.count, 0);
  const lines = [
    `# ${kind}: ${incident.summary}`,
    '',
    `- インシデント: #${incident.id}（重大度: ${INCIDENT_SEVERITY_LABELS[severity]}）`,
    `- 開始: ${at(incident.createdAt)} / 復旧: ${incident.endedAt ? at(incident.endedAt) : '未復旧'}（所要 ${formatMinutes(minutes)}）`,
    `- 指揮: ${incident.commander ?? '-'}（宣言: ${incident.actor}）`,
    ...(report?.dueAt ? [`- 提出期限: ${at(report.dueAt)}`] : []),
    '',
    '## 概要',
    '',
    `${at(incident.createdAt)} に「${incident.summary}」をインシデント（${INCIDENT_SEVERITY_LABELS[severity]}）として宣言し、${incident.endedAt ? `${at(incident.endedAt)} に復旧を確認した（所要 ${formatMinutes(minutes)}）` : 'まだ復旧していない'}。`,
    '',
    '## 影響範囲',
    '',
    `- 期間中に作成・更新された予約: ${totalReservations}件`,
    ...impact.reservationsByStatus.map((r) => `  - ${statusLabel(r.status)}: ${r.count}件`),
    `- 期間中のアラート: ${totalAlerts}件`,
    ...impact.alertsByKind.map((a) => `  - ${a.kind}: ${a.count}件`),
    '',
    '## タイムライン',
    '',
    `- ${at(incident.createdAt)} インシデント宣言（${incident.actor}）`,
    ...done.map((s) => `- ${at(s.doneAt!)} ${label(s.step)} 完了（${s.doneBy ?? '-'}）${s.note ? `: ${s.note}` : ''}`),
    ...(incident.endedAt ? [`- ${at(incident.endedAt)} 復旧（${incident.endedBy ?? '-'}）`] : []),
    '',
    '## 原因',
    '',
    TO_FILL,
    '',
    '## 対応',
    '',
    ...(done.filter((s) => s.note).map((s) => `- ${label(s.step)}: ${s.note}`).length
      ? done.filter((s) => s.note).map((s) => `- ${label(s.step)}: ${s.note}`)
      : [TO_FILL]),
    '',
    '## 再発防止策',
    '',
    TO_FILL,
    '',
  ];
  return { filename: `qrv-incident-${incident.id}-${kind}.md`, title: `${kind}（下書き）: ${incident.summary}`, markdown: lines.join('\n') };
}

/** 経営陣に報告: the summary prefilled in the modal (plain text; the operator may edit it). Pure. */
export function managementSummary(input: { incident: Incident; steps: IncidentStep[]; impact: IncidentImpact; now: Date; timeZone: string }): string {
  const { incident, steps, impact, now, timeZone } = input;
  const severity = isIncidentSeverity(incident.severity) ? incident.severity : 'high';
  const until = incident.endedAt ?? now;
  const minutes = Math.max(0, Math.round((until.getTime() - incident.createdAt.getTime()) / 60_000));
  const specs = INCIDENT_TIMELINES[severity];
  const done = steps.filter((s) => s.doneAt).sort((a, b) => a.doneAt!.getTime() - b.doneAt!.getTime());
  const total = impact.reservationsByStatus.reduce((n, r) => n + r.count, 0);
  return [
    `【インシデント報告】${incident.summary}`,
    `重大度: ${INCIDENT_SEVERITY_LABELS[severity]}`,
    `開始: ${formatDateTime(incident.createdAt, timeZone)}（${incident.endedAt ? `復旧 ${formatDateTime(incident.endedAt, timeZone)}、所要` : '経過'} ${formatMinutes(minutes)}）`,
    `影響: 期間中に作成・更新された予約 ${total}件${impact.reservationsByStatus.length ? `（${impact.reservationsByStatus.map((r) => `${statusLabel(r.status)} ${r.count}件`).join('、')}）` : ''}`,
    '実施した対応:',
    ...(done.length ? done.map((s) => `・${specs.find((x) => x.key === s.step)?.label ?? s.step}${s.note ? `: ${s.note}` : ''}`) : ['・（まだありません）']),
  ].join('\n');
}
