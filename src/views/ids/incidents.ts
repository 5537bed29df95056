/** Incident (manual §7) buttons and modals. Declared once; imported by the builders and the registration. */
export const INCIDENT_ACTIONS = {
  /** 完了 (提出済み for the report) on one step: a modal with an optional note; value `<incidentId>:<step>`. */
  stepDone: 'qrv_incident_step_done',
  /** 指揮を引き継ぐ: value `<incidentId>:<commander shown>` (the compare-and-set expectation). */
  takeCommand: 'qrv_incident_take_command',
  /** 復旧: value `<incidentId>`. */
  recover: 'qrv_incident_recover',
  /** インシデント宣言 on a system alert: value `<alertId>`. */
  declareFromAlert: 'qrv_incident_declare_from_alert',
  /** ログ確認: `/qrv logs errors` over the incident's window, only to the presser; value `<incidentId>`. */
  logs: 'qrv_incident_logs',
  /** 依頼者に状況説明SMS (manual §7.2): value `<incidentId>`. */
  statusSms: 'qrv_incident_status_sms',
} as const;

export const INCIDENT_VIEWS = {
  stepDone: 'qrv_incident_step_done_submit',
  /** 経営陣に報告: the summary, editable, posted to QRV_MANAGEMENT_CHANNEL. */
  report: 'qrv_incident_report_submit',
  /** Status SMS step 1: which reservations, which text. */
  statusSmsSelect: 'qrv_incident_status_sms_select',
  /** Status SMS step 2: the count and the message, 送信 to confirm. */
  statusSmsConfirm: 'qrv_incident_status_sms_confirm',
} as const;

export const INCIDENT_FIELDS = {
  note: 'incident_step_note',
  /** 提出済み: the report's http(s) link (required). */
  link: 'incident_report_link',
  summary: 'incident_report_summary',
  statuses: 'incident_sms_statuses',
  template: 'incident_sms_template',
} as const;
