import type { WebClient } from '@slack/web-api';
import type { Incident, IncidentStep } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import type { IncidentWithSteps } from '../repositories/incidents.js';
import { buildIncidentMessage, incidentNotes } from '../views/incident.js';
import { fitMessage } from '../views/text.js';
import { buildIncidentReportDraft } from '../views/incident-report.js';
import { incidentImpact, type IncidentReminderNotifier } from '../workflows/incidents.js';
import type { RelatedAlertNotifier } from '../workflows/incident-alerts.js';
import { isAlertKind, resolveAlertKind } from '../domain/alert-kinds.js';

type PostArgs = Parameters<WebClient['chat']['postMessage']>[0];
type UpdateArgs = Parameters<WebClient['chat']['update']>[0];

/** Posts a newly declared incident's message to QRV_ALERTS_CHANNEL and opens its timeline thread. */
export async function postIncident(client: WebClient, deps: AppDeps, declared: IncidentWithSteps, alertLink?: string | null): Promise<Incident> {
  const message = buildIncidentMessage(declared, { timeZone: deps.config.timezone });
  const res = await client.chat.postMessage({ channel: deps.config.alertsChannel, ...message, unfurl_links: false } as PostArgs);
  const repos = repositories(deps.db);
  await repos.incidents.setMessage({ id: declared.incident.id, channel: res.channel!, ts: res.ts! });
  const incident = { ...declared.incident, slackChannel: res.channel!, slackTs: res.ts! };
  // The permalink (for the 18:00 post and the weekly report) is an extra: its failure leaves the incident unlinked there.
  await client.chat
    .getPermalink({ channel: res.channel!, message_ts: res.ts! })
    .then((link) => (link.permalink ? repos.incidents.setPermalink({ id: incident.id, permalink: link.permalink }) : undefined))
    .catch((error: unknown) => deps.logger.warn({ err: error, incidentId: incident.id }, 'could not store the incident permalink'));
  await postIncidentNote(client, incident, incidentNotes.declared(incident, deps.config.timezone, alertLink));
  return incident;
}

/** Re-renders the incident message from the database. */
export async function updateIncident(client: WebClient, deps: AppDeps, incidentId: number): Promise<void> {
  const found = await repositories(deps.db).incidents.find(incidentId);
  if (!found?.incident.slackChannel || !found.incident.slackTs) return;
  const { slackChannel: channel, slackTs: ts } = found.incident;
  await client.chat.update({ channel, ts, ...buildIncidentMessage(found, { timeZone: deps.config.timezone }) } as UpdateArgs);
}

/** One line of the timeline (the incident's thread). */
export async function postIncidentNote(client: WebClient, incident: Incident, text: string): Promise<void> {
  if (!incident.slackChannel || !incident.slackTs) return;
  await client.chat.postMessage({ channel: incident.slackChannel, thread_ts: incident.slackTs, ...fitMessage({ text }) });
}

/** A change on the incident: the message re-rendered, then its line in the thread. */
export async function announceIncidentChange(client: WebClient, deps: AppDeps, incident: Incident, note: string): Promise<void> {
  await updateIncident(client, deps, incident.id);
  await postIncidentNote(client, incident, note);
}

/** At 復旧: the ポストモーテム / インシデントレポート draft as a Markdown file in the incident's thread. */
export async function uploadReportDraft(client: WebClient, deps: AppDeps, found: IncidentWithSteps): Promise<void> {
  const { incident } = found;
  if (!incident.slackChannel || !incident.slackTs) return;
  const impact = await incidentImpact(deps, incident);
  const draft = buildIncidentReportDraft({ ...found, impact, timeZone: deps.config.timezone });
  await client.files.uploadV2({
    channel_id: incident.slackChannel,
    thread_ts: incident.slackTs,
    filename: draft.filename,
    title: draft.title,
    content: draft.markdown,
    initial_comment: `📝 ${draft.title}。原因と再発防止策を記入し、提出したら「提出済み」を押してレポートのリンクを入力してください。`,
  });
}

/** The minute job's reminders: in the thread, mentioning the commander; the step shows ⚠️ 期限超過. */
export function createIncidentReminderNotifier(client: WebClient, deps: AppDeps): IncidentReminderNotifier {
  return {
    async remind(incident: Incident, step: IncidentStep) {
      await postIncidentNote(client, incident, incidentNotes.reminder(incident, step, deps.config.timezone));
      await updateIncident(client, deps, incident.id);
    },
  };
}

/** Related alerts in the timeline: one line per system alert raised while the incident is open. */
export function createRelatedAlertNotifier(client: WebClient, deps: AppDeps): RelatedAlertNotifier {
  return {
    async note(incident, alert, linkedBy) {
      const spec = resolveAlertKind(isAlertKind(alert.kind) ? alert.kind : 'system', deps.config.alertOverrides, alert.details);
      await postIncidentNote(client, incident, incidentNotes.relatedAlert(alert, spec.title, deps.config.timezone, linkedBy));
    },
  };
}
