import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { RequiredAccess } from '../access.js';
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

/** Each subcommand and who may run it (the access guard reads `access`). */
const SUBCOMMANDS: Record<string, { run: Subcommand; access: RequiredAccess }> = {
  status: { run: statusCommand, access: 'viewer' },
  logs: { run: logsCommand, access: 'operator' },
  dashboard: { run: dashboardCommand, access: 'viewer' },
  inquiry: { run: inquiryCommand, access: 'operator' },
  incident: { run: incidentCommand, access: 'operator' },
  help: { run: helpCommand, access: 'anyone' },
  '': { run: helpCommand, access: 'anyone' },
};
const UNKNOWN = { run: unknownCommand, access: 'operator' } as const;

function subcommandOf(text: string): { name: string; args: string } {
  const [name = '', ...rest] = text.trim().split(/\s+/);
  return { name: name.toLowerCase(), args: rest.join(' ') };
}

function entryOf(name: string): { run: Subcommand; access: RequiredAccess } {
  return Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name]! : UNKNOWN;
}

/** Who may run `/qrv <text>`. */
export function commandAccess(text: string): RequiredAccess {
  return entryOf(subcommandOf(text).name).access;
}

/** `/qrv <subcommand> …`: ack at once, then route by the first word. */
export function registerCommands(app: App, deps: HandlerDeps): void {
  app.command(QRV_COMMAND, async ({ ack, command, respond, client }) => {
    await ack();
    const { name, args } = subcommandOf(command.text);
    await entryOf(name).run({ args, command, respond, client, deps });
  });
}
