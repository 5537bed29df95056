import { buildInquiryRecorded } from '../../views/inquiry.js';
import { escapeMrkdwn, truncate } from '../../views/text.js';
import { recordIncident, recordInquiry } from '../../workflows/operator-records.js';
import { INCIDENT_SEVERITY_LABELS, parseIncidentSeverity } from '../../domain/incident-timeline.js';
import { createRelatedAlertNotifier, postIncident } from '../../slack/incident-messages.js';
import { INCIDENT_USAGE_DECLARE, INCIDENT_USAGE_LINK } from '../../views/incident.js';
import { declareIncident } from '../../workflows/incidents.js';
import { linkAlertToIncident } from '../../workflows/incident-alerts.js';
import type { Subcommand } from './index.js';

/** `/qrv inquiry [QRV-XXXXXX] 内容`: records one 問い合わせ (counted at 18:00). */
export const inquiryCommand: Subcommand = async ({ args, command, respond, deps }) => {
  const r = await recordInquiry({ ...deps, timeZone: deps.config.timezone }, { text: args, userId: command.user_id });
  await respond({ response_type: 'ephemeral', ...buildInquiryRecorded(r) });
};

/**
 * `/qrv incident declare 緊急|高 タイトル`: declares an incident (its timeline message in #qrv-alerts);
 * `/qrv incident link 3 128`: notes alert #128 in incident #3's timeline;
 * `/qrv incident 内容`: records one インシデント (counted at 18:00).
 */
export const incidentCommand: Subcommand = async (input) => {
  const [word = '', severityWord = '', ...title] = input.args.trim().split(/\s+/);
  if (word.toLowerCase() === 'declare') return declareCommand({ ...input, severityWord, title: title.join(' ') });
  if (word.toLowerCase() === 'link') return linkCommand({ ...input, ids: [severityWord, ...title] });
  return recordCommand(input);
};

const idOf = (word: string | undefined) => (/^#?\d{1,15}$/.test(word?.normalize('NFKC') ?? '') ? Number(word!.normalize('NFKC').replace('#', '')) : undefined);

async function linkCommand({ command, respond, client, deps, ids }: Parameters<Subcommand>[0] & { ids: string[] }) {
  const [incidentId, alertId] = [idOf(ids[0]), idOf(ids[1])];
  if (incidentId === undefined || alertId === undefined || ids.length !== 2) return void (await respond({ response_type: 'ephemeral', text: INCIDENT_USAGE_LINK }));
  const notifier = createRelatedAlertNotifier(client, deps);
  await linkAlertToIncident({ ...deps, notifier }, { incidentId, alertId, userId: command.user_id });
  await respond({ response_type: 'ephemeral', text: `アラート #${alertId} をインシデント #${incidentId} のタイムラインに記録しました。` });
}

async function declareCommand({ command, respond, client, deps, severityWord, title }: Parameters<Subcommand>[0] & { severityWord: string; title: string }) {
  const severity = parseIncidentSeverity(severityWord);
  if (!severity || !title.trim()) return void (await respond({ response_type: 'ephemeral', text: INCIDENT_USAGE_DECLARE }));
  const declared = await declareIncident(deps, { severity, title: truncate(title.trim(), 140), userId: command.user_id });
  const incident = await postIncident(client, deps, declared);
  await respond({ response_type: 'ephemeral', text: `インシデント #${incident.id} を宣言しました（${INCIDENT_SEVERITY_LABELS[severity]}）。#qrv-alerts のメッセージとスレッドで対応を記録してください。` });
}

const recordCommand: Subcommand = async ({ args, command, respond, deps }) => {
  const r = await recordIncident({ ...deps, timeZone: deps.config.timezone }, { text: args, userId: command.user_id });
  await respond({ response_type: 'ephemeral', text: `インシデントを記録しました: ${truncate(escapeMrkdwn(r.summary), 200)}\n本日のインシデント件数: ${r.todayCount}件` });
};
