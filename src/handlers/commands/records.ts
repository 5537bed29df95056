import { buildInquiryRecorded } from '../../views/inquiry.js';
import { escapeMrkdwn, truncate } from '../../views/text.js';
import { recordIncident, recordInquiry } from '../../workflows/operator-records.js';
import type { Subcommand } from './index.js';

/** `/qrv inquiry [QRV-XXXXXX] 内容`: records one 問い合わせ (counted at 18:00). */
export const inquiryCommand: Subcommand = async ({ args, command, respond, deps }) => {
  const r = await recordInquiry({ ...deps, timeZone: deps.config.timezone }, { text: args, userId: command.user_id });
  await respond({ response_type: 'ephemeral', ...buildInquiryRecorded(r) });
};

/** `/qrv incident 内容`: records one インシデント (counted at 18:00). */
export const incidentCommand: Subcommand = async ({ args, command, respond, deps }) => {
  const r = await recordIncident({ ...deps, timeZone: deps.config.timezone }, { text: args, userId: command.user_id });
  await respond({ response_type: 'ephemeral', text: `インシデントを記録しました: ${truncate(escapeMrkdwn(r.summary), 200)}\n本日のインシデント件数: ${r.todayCount}件` });
};
