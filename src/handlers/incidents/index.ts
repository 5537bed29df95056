import { repositories } from '../../deps.js';
import { errors } from '../../errors.js';
import { resolveAlertKind, isAlertKind } from '../../domain/alert-kinds.js';
import { postAlertThreadNote } from '../../slack/alert-messages.js';
import { announceIncidentChange, postIncident, postIncidentNote, uploadReportDraft } from '../../slack/incident-messages.js';
import { buildStatusSmsConfirmModal, buildStatusSmsSelectModal, decodeStatusSms, parseStatusSmsSelect, statusSmsNotes } from '../../views/incident-sms.js';
import { DEFAULT_AFFECTED_STATUSES, DEFAULT_STATUS_SMS_TEMPLATE, findAffectedClients, queueStatusSms } from '../../workflows/incident-sms.js';
import { INCIDENT_ACTIONS, INCIDENT_VIEWS } from '../../views/ids/incidents.js';
import { buildReportModal, buildStepDoneModal, decodeStepMetadata, incidentNotes, parseReport, parseStepNote } from '../../views/incident.js';
import { managementSummary } from '../../views/incident-report.js';
import type { IncidentWithSteps } from '../../repositories/incidents.js';
import type { FormValues } from '../../views/procedures/form.js';
import { completeIncidentStep, declareIncident, incidentErrors, incidentImpact, recoverIncident, takeIncidentCommand } from '../../workflows/incidents.js';
import type { ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';
import type { SubmitArgs } from '../procedures/shared/types.js';
import type { SurfaceRoutes } from '../routes.js';
import { runIncidentErrorSearch } from '../../logs/index.js';
import { uploadLogFile } from '../../slack/files.js';

/** `<incidentId>:<rest>` from a button's value. */
function buttonValue(args: ButtonArgs): { id: number; rest: string } {
  const [id = '', ...rest] = (args.action.value ?? '').split(':');
  return { id: Number.parseInt(id, 10), rest: rest.join(':') };
}

async function operator(args: ButtonArgs, deps: HandlerDeps): Promise<string> {
  await args.ack();
  await deps.operators.assertOperator(args.body.user.id);
  return args.body.user.id;
}

/** 完了 / 提出済み pressed: the note modal (nothing written yet). */
async function handleOpenStepDone(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await operator(args, deps);
  const { id, rest: step } = buttonValue(args);
  const found = await repositories(deps.db).incidents.find(id);
  if (!found) throw incidentErrors.notFound(id);
  const view = step === 'report' ? await reportModal(deps, found) : buildStepDoneModal(found.incident, step);
  await args.client.views.open({ trigger_id: args.body.trigger_id, view });
}

async function reportModal(deps: HandlerDeps, found: IncidentWithSteps) {
  const now = deps.clock.now();
  const impact = await incidentImpact(deps, found.incident, now);
  const summary = managementSummary({ ...found, impact, now, timeZone: deps.config.timezone });
  return buildReportModal(found.incident, summary, deps.config.managementChannel ?? 'インシデントのスレッド');
}

/** 経営陣に報告 submitted: the summary to QRV_MANAGEMENT_CHANNEL (or the thread), then the step done (compare-and-set). */
async function handleReportSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = await submitter(args, deps);
  const parsed = parseReport(args.view.state.values as FormValues);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  await args.ack();
  const meta = decodeStepMetadata(args.view.private_metadata);
  const found = await repositories(deps.db).incidents.find(meta.incidentId);
  if (!found) throw incidentErrors.notFound(meta.incidentId);
  const target = deps.config.managementChannel;
  if (target) await args.client.chat.postMessage({ channel: target, text: parsed.value.summary });
  else await postIncidentNote(args.client, found.incident, parsed.value.summary);
  const done = await completeIncidentStep(deps, { incidentId: meta.incidentId, step: 'report', userId, note: `報告先: ${target ?? 'スレッド'}` });
  await announceIncidentChange(args.client, deps, done.incident, incidentNotes.reported(userId, target ?? 'スレッド', done.step.doneAt!, deps.config.timezone));
}

/** The step's 完了 submitted: compare-and-set, the message re-rendered, a line in the timeline. */
async function handleStepDoneSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = args.body.user.id;
  if (!(await deps.operators.isOperator(userId))) {
    await args.ack();
    throw errors.notOperator();
  }
  const parsed = parseStepNote(args.view.state.values as FormValues);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  await args.ack();
  const meta = decodeStepMetadata(args.view.private_metadata);
  const done = await completeIncidentStep(deps, { ...meta, userId, ...parsed.value });
  await announceIncidentChange(args.client, deps, done.incident, incidentNotes.stepDone(done.incident, done.step, deps.config.timezone));
}

/** 指揮を引き継ぐ: the presser takes command. */
async function handleTakeCommand(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  const userId = await operator(args, deps);
  const { id, rest: from } = buttonValue(args);
  const taken = await takeIncidentCommand(deps, { incidentId: id, from, userId });
  await announceIncidentChange(args.client, deps, taken.incident, incidentNotes.command(taken.previous, taken.incident, deps.clock.now(), deps.config.timezone));
}

/** 復旧: the end recorded; the report's due time in the thread. */
async function handleRecover(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  const userId = await operator(args, deps);
  const recovered = await recoverIncident(deps, { incidentId: buttonValue(args).id, userId });
  await announceIncidentChange(args.client, deps, recovered.incident, incidentNotes.recovered(recovered.incident, recovered.steps, deps.config.timezone));
  await uploadReportDraft(args.client, deps, recovered);
}

/** インシデント宣言 on a system alert: 緊急 for a critical alert, else 高; titled as the alert. */
async function handleDeclareFromAlert(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  const userId = await operator(args, deps);
  const alert = await repositories(deps.db).alerts.findById(buttonValue(args).id);
  if (!alert) throw errors.alertNotFound(buttonValue(args).id);
  const spec = resolveAlertKind(isAlertKind(alert.kind) ? alert.kind : 'system', deps.config.alertOverrides, alert.details);
  const severity = spec.priority === 'critical' ? 'critical' : 'high';
  const declared = await declareIncident(deps, { severity, title: spec.title.replace(/^【システムアラート】/, ''), userId, alertId: alert.id });
  if (declared.replay) throw incidentErrors.alreadyDeclared(declared.incident.id);
  await postIncident(args.client, deps, declared, alert.permalink);
  await postAlertThreadNote(args.client, alert, `🚨 <@${userId}> がインシデント #${declared.incident.id} を宣言しました。対応はインシデントのスレッドで。`);
}

/** ログ確認: the errors preset of `/qrv logs` over the incident's window (its start to now), only to the presser; noted in the timeline. */
async function handleLogs(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  const userId = await operator(args, deps);
  const found = await repositories(deps.db).incidents.find(buttonValue(args).id);
  if (!found) throw incidentErrors.notFound(buttonValue(args).id);
  const minutes = Math.max(1, Math.ceil((Date.now() - found.incident.createdAt.getTime()) / 60_000));
  await postIncidentNote(args.client, found.incident, incidentNotes.logs(userId, `errors ${minutes}m`, deps.clock.now(), deps.config.timezone));
  await runIncidentErrorSearch({
    since: found.incident.createdAt, userId, channelId: args.body.channel?.id ?? '', config: deps.config.logs, source: deps.logSource,
    respond: args.respond, uploadFile: (file) => uploadLogFile(args.client, file), logger: deps.logger,
  });
}

/** 依頼者に状況説明SMS (manual §7.2): step 1, which reservations and which text. */
async function handleOpenStatusSms(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await operator(args, deps);
  const found = await repositories(deps.db).incidents.find(buttonValue(args).id);
  if (!found) throw incidentErrors.notFound(buttonValue(args).id);
  const meta = { incidentId: found.incident.id, channel: found.incident.slackChannel, statuses: DEFAULT_AFFECTED_STATUSES, template: DEFAULT_STATUS_SMS_TEMPLATE };
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildStatusSmsSelectModal(meta, found.incident.createdAt, deps.config.timezone) });
}

async function submitter(args: SubmitArgs, deps: HandlerDeps): Promise<string> {
  const userId = args.body.user.id;
  if (!(await deps.operators.isOperator(userId))) {
    await args.ack();
    throw errors.notOperator();
  }
  return userId;
}

/** Step 1 submitted: the count, an example and the skipped, in place of the form (nothing sent yet). */
async function handleStatusSmsSelect(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitter(args, deps);
  const parsed = parseStatusSmsSelect(args.view.state.values as FormValues);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  const meta = { ...decodeStatusSms(args.view.private_metadata), ...parsed.value };
  const affected = await findAffectedClients(deps, meta);
  await args.ack({ response_action: 'update', view: buildStatusSmsConfirmModal(meta, affected, deps.config.bulkSmsPerSecond) });
}

/** 送信 confirmed: one outbox row per client (idempotent), durable delivery at the bulk rate, a line in the timeline. */
async function handleStatusSmsConfirm(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = await submitter(args, deps);
  await args.ack();
  const meta = decodeStatusSms(args.view.private_metadata);
  const result = await queueStatusSms(deps, { ...meta, userId });
  await deps.delivery.enqueue({ incidentId: meta.incidentId });
  const found = await repositories(deps.db).incidents.find(meta.incidentId);
  if (found) await postIncidentNote(args.client, found.incident, statusSmsNotes.queued(userId, result, deps.config.bulkSmsPerSecond));
}

export const incidentRoutes: SurfaceRoutes = {
  actions: [
    [INCIDENT_ACTIONS.stepDone, handleOpenStepDone],
    [INCIDENT_ACTIONS.takeCommand, handleTakeCommand],
    [INCIDENT_ACTIONS.recover, handleRecover],
    [INCIDENT_ACTIONS.declareFromAlert, handleDeclareFromAlert],
    [INCIDENT_ACTIONS.statusSms, handleOpenStatusSms],
    [INCIDENT_ACTIONS.logs, handleLogs],
  ],
  submissions: [
    [INCIDENT_VIEWS.stepDone, handleStepDoneSubmit],
    [INCIDENT_VIEWS.report, handleReportSubmit],
    [INCIDENT_VIEWS.statusSmsSelect, handleStatusSmsSelect],
    [INCIDENT_VIEWS.statusSmsConfirm, handleStatusSmsConfirm],
  ],
};
