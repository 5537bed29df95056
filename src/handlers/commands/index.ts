import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { HandlerDeps } from '../context.js';
import { helpCommand, unknownCommand } from './help.js';
import { logsCommand } from './logs.js';
import { statusCommand } from './status.js';
import { dashboardCommand } from './dashboard.js';
import { incidentCommand, inquiryCommand } from './records.js';

export const QRV_COMMAND = '/qrv';

export interface SubcommandArgs {
  /** The text after the subcommand's name. */
  args: string;
  command: SlashCommand;
  respond: RespondFn;
  client: WebClient;
  deps: HandlerDeps;
}
export type Subcommand = (input: SubcommandArgs) => Promise<void>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  status: statusCommand,
  logs: logsCommand,
  dashboard: dashboardCommand,
  inquiry: inquiryCommand,
  incident: incidentCommand,
  help: helpCommand,
  '': helpCommand,
};

/** `/qrv <subcommand> …`: ack at once, then route by the first word. */
export function registerCommands(app: App, deps: HandlerDeps): void {
  app.command(QRV_COMMAND, async ({ ack, command, respond, client }) => {
    await ack();
    const [name = '', ...rest] = command.text.trim().split(/\s+/);
    const handler = Object.hasOwn(SUBCOMMANDS, name.toLowerCase()) ? SUBCOMMANDS[name.toLowerCase()]! : unknownCommand;
    await handler({ args: rest.join(' '), command, respond, client, deps });
  });
}
