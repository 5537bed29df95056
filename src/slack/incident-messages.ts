import type { WebClient } from '@slack/web-api';
import type { Incident, IncidentStep } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import type { IncidentWithSteps } from '../repositories/incidents.js';
import { buildIncidentMessage, incidentNotes } from '../views/incident.js';
import { fitMessage } from '../views/text.js';
import type { IncidentReminderNotifier } from '../workflows/incidents.js';

type PostArgs = Parameters<WebClient['chat']['postMessage']>[0];
type UpdateArgs = Parameters<WebClient['chat']['update']>[0];

/** Posts a newly declared incident's message to QRV_ALERTS_CHANNEL and opens its timeline thread. */
export async function postIncident(client: WebClient, deps: AppDeps, declared: IncidentWithSteps, alertLink?: string | null): Promise<Incident> {
  const message = buildIncidentMessage(declared, { timeZone: deps.config.timezone });
  const res = await client.chat.postMessage({ channel: deps.config.alertsChannel, ...message, unfurl_links: false } as PostArgs);
  await repositories(deps.db).incidents.setMessage({ id: declared.incident.id, channel: res.channel!, ts: res.ts! });
  const incident = { ...declared.incident, slackChannel: res.channel!, slackTs: res.ts! };
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

/** The minute job's reminders: in the thread, mentioning the commander; the step shows ⚠️ 期限超過. */
export function createIncidentReminderNotifier(client: WebClient, deps: AppDeps): IncidentReminderNotifier {
  return {
    async remind(incident: Incident, step: IncidentStep) {
      await postIncidentNote(client, incident, incidentNotes.reminder(incident, step, deps.config.timezone));
      await updateIncident(client, deps, incident.id);
    },
  };
}
