import type { RespondArguments, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { RequiredAccess } from '../access.js';
import { perBot, type HandlerDeps } from '../context.js';
import type { CommandArgs, SurfaceRoutes } from '../routes.js';
import { answerInAck, ANSWER_IN_ACK_BUDGET_MS, createAckHolds } from './answer.js';
import { helpCommand, unknownCommand } from './help.js';
import { logsCommand } from './logs.js';
import { STATUS_OPEN_CARD_ACTION } from '../../views/ids/commands.js';
import { handleOpenCard, statusCommand } from './status.js';
import { dashboardCommand } from './dashboard.js';
import { incidentCommand, inquiryCommand } from './records.js';
import { queueCommand } from './queue.js';
import { tomorrowCommand } from './tomorrow.js';
import { isShopImport, shopCommand } from '../shops/index.js';

const QRV_COMMAND = '/qrv';

export interface SubcommandArgs {
  /** The text after the subcommand's name. */
  args: string;
  command: SlashCommand;
  respond: CommandArgs['respond'];
  /** The answer: in the ack for the subcommands in ANSWERED_IN_ACK when ready in time, else by response_url. */
  answer: (message: Exclude<RespondArguments, string>) => Promise<void>;
  client: WebClient;
  deps: HandlerDeps;
}
export type Subcommand = (input: SubcommandArgs) => Promise<void>;

/** Each subcommand and who may run it (the access guard reads `access`). */
const SUBCOMMANDS: Record<string, { run: Subcommand; access: RequiredAccess }> = {
  status: { run: statusCommand, access: 'viewer' },
  logs: { run: logsCommand, access: 'operator' },
  dashboard: { run: dashboardCommand, access: 'viewer' },
  queue: { run: queueCommand, access: 'viewer' },
  tomorrow: { run: tomorrowCommand, access: 'viewer' },
  inquiry: { run: inquiryCommand, access: 'operator' },
  shop: { run: shopCommand, access: 'viewer' },
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
  const { name, args } = subcommandOf(text);
  if (name === 'shop' && isShopImport(args)) return 'operator';
  return entryOf(name).access;
}

type Held = 'shared' | 'capped';
/**
 * Quick reads whose answer may ride on the ack (within ANSWER_IN_ACK_BUDGET_MS); the others ack at
 * once. `shared`: callers asking at once share one reading (a reservation card: deps.cards; a client
 * lookup is one indexed read), so each may hold its ack for it; `capped`: MAX_HELD_ACKS at a time.
 * The dashboard is `shared` when its current figures are already computed (no reading at all: every
 * caller gets them in the ack, no response_url call), else `capped` (the computation takes a while).
 */
const ANSWERED_IN_ACK: Partial<Record<string, Held | ((deps: HandlerDeps) => Held)>> = {
  status: 'shared',
  dashboard: (deps) => (deps.dashboard.peek() ? 'shared' : 'capped'),
  shop: 'capped',
};

function heldFor(name: string, deps: HandlerDeps): Held | undefined {
  const held = Object.hasOwn(ANSWERED_IN_ACK, name) ? ANSWERED_IN_ACK[name] : undefined;
  return typeof held === 'function' ? held(deps) : held;
}

/** Each bot's held acks. */
const holdsFor = perBot(() => createAckHolds());

/** `/qrv <subcommand> …`: routed by the first word. */
async function handleQrv({ ack, command, respond, client }: CommandArgs, deps: HandlerDeps): Promise<void> {
  const { name, args } = subcommandOf(command.text);
  const held = heldFor(name, deps);
  const reply = answerInAck({ ack, respond, budgetMs: held ? ANSWER_IN_ACK_BUDGET_MS : 0, holds: held === 'shared' ? undefined : holdsFor(deps) });
  if (!reply.holding) {
    await reply.settle();
    // Under a burst: the envelopes already received are acked before this one's reads start.
    await new Promise((resolve) => setImmediate(resolve));
  }
  try {
    await entryOf(name).run({ args, command, respond, answer: reply.answer, client, deps });
  } finally {
    await reply.settle();
  }
}

export const commandRoutes: SurfaceRoutes = { commands: [[QRV_COMMAND, handleQrv]], actions: [[STATUS_OPEN_CARD_ACTION, handleOpenCard]] };
