import { escapeMrkdwn, truncate } from '../../views/text.js';
import { buildHelpMessage } from '../../views/help.js';
import type { Subcommand } from './index.js';

export const helpCommand: Subcommand = async ({ respond }) => {
  await respond({ response_type: 'ephemeral', ...buildHelpMessage() });
};

export const unknownCommand: Subcommand = async ({ command, respond }) => {
  const typed = truncate(escapeMrkdwn(command.text.trim()), 100);
  await respond({ response_type: 'ephemeral', ...buildHelpMessage(`「${typed}」は分かりませんでした。`) });
};
