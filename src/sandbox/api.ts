import { isDomainError } from '../errors.js';
import type { JsonObject } from '../fake-slack/index.js';
import type { SubmittedValues } from '../fake-slack/view-state.js';
import type { ClockJump } from './clock.js';
import { openPaymentLink, raiseSandboxAlert } from './core.js';
import type { Sandbox } from './index.js';
import { SANDBOX_CHANNEL, isSandboxUser } from './users.js';
import { BadRequest } from './bad-request.js';
import { checkWalkthrough, startWalkthrough } from './walkthrough.js';


const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v === '') throw new BadRequest(`${name} がありません`);
  return v;
};
const user = (body: JsonObject): string => {
  if (!isSandboxUser(body.user)) throw new BadRequest('ユーザーが不明です');
  return body.user;
};

type Action = (body: JsonObject, sandbox: Sandbox) => Promise<JsonObject>;

/** What a user does in the Slack-like client: sent to the bot as Slack would send it. */
const slackActions: Record<string, Action> = {
  async command(body, { fake }) {
    const text = str(body.text, 'text').trim();
    const match = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
    if (!match) throw new BadRequest('「/qrv help」のようにコマンドを入力してください');
    const result = await fake.sendSlashCommand({ command: match[1]!, text: match[2]!, userId: user(body), channelId: SANDBOX_CHANNEL.id });
    return { ack: result.ack.payload };
  },
  async click(body, { fake }) {
    const actionId = str(body.actionId, 'actionId');
    // The button as this page showed it: a click on a screen not yet refreshed still reaches the bot, as in Slack.
    const shown = body.element && typeof body.element === 'object' && (body.element as JsonObject).action_id === actionId ? { element: body.element as JsonObject } : {};
    const input = { actionId, userId: user(body), ...shown, ...(typeof body.blockId === 'string' ? { blockId: body.blockId } : {}), ...(typeof body.value === 'string' ? { value: body.value } : {}) };
    const result = body.viewId
      ? await fake.clickButton({ ...input, viewId: str(body.viewId, 'viewId') })
      : await fake.clickButton({ ...input, channel: str(body.channel, 'channel'), messageTs: str(body.ts, 'ts') });
    return { ack: result.ack.payload };
  },
  async submit(body, { fake }) {
    const result = await fake.submitView({ userId: user(body), viewId: str(body.viewId, 'viewId'), values: (body.values ?? {}) as SubmittedValues });
    const ack = result.ack.payload;
    return { ack, errors: ack.response_action === 'errors' ? ack.errors : null };
  },
  async close(body, { fake }) {
    await fake.closeView({ userId: user(body), viewId: str(body.viewId, 'viewId') });
    return {};
  },
  async home(body, { fake }) {
    await fake.openHome(user(body));
    return {};
  },
};

/** The side panel: what the QRV core, the client and time do. */
const coreActions: Record<string, Action> = {
  async raise(body, sandbox) {
    const run = sandbox.run();
    return raiseSandboxAlert({ db: run.database.db, clock: sandbox.clock }, { kind: str(body.kind, 'kind'), reservation: typeof body.reservation === 'string' ? body.reservation : 'demo' });
  },
  async pay(body, sandbox) {
    const run = sandbox.run();
    const link = await openPaymentLink(run.database.db, typeof body.reservationId === 'string' ? body.reservationId : undefined);
    if (!link?.sessionId) throw new BadRequest('支払い待ちの決済リンクがありません（先に手順で決済リンクを送ってください）');
    run.ports.local.payments.complete(link.sessionId);
    // Paid: the bot confirms at the link's deadline check.
    sandbox.clock.jump({ minutes: 11 });
    const swept = await run.bot.delivery.sweep();
    return { reservationId: link.reservationId, deadlines: swept.deadlines };
  },
  async expire(body, sandbox) {
    const run = sandbox.run();
    const link = await openPaymentLink(run.database.db, typeof body.reservationId === 'string' ? body.reservationId : undefined);
    if (!link) throw new BadRequest('支払い待ちの決済リンクがありません（先に手順で決済リンクを送ってください）');
    sandbox.clock.jump({ minutes: 11 });
    const swept = await run.bot.delivery.sweep();
    return { reservationId: link.reservationId, deadlines: swept.deadlines };
  },
  async 'sms-fail'(_body, sandbox) {
    sandbox.run().ports.failNextSms();
    return {};
  },
  async clock(body, sandbox) {
    const jump: ClockJump =
      typeof body.minutes === 'number' ? { minutes: body.minutes } : body.at === '10:00' || body.at === '18:00' ? { at: body.at } : body.weekday === 'friday' ? { weekday: 'friday' } : ({} as ClockJump);
    if (!('minutes' in jump || 'at' in jump || 'weekday' in jump)) throw new BadRequest('時計の進め方が不明です');
    const now = sandbox.clock.jump(jump);
    const run = sandbox.run();
    const tick = await run.bot.scheduler?.tick();
    await run.bot.delivery.sweep();
    return { now: now.toISOString(), posted: tick?.posted.length ?? 0, escalated: tick?.escalated ?? [] };
  },
  async reset(_body, sandbox) {
    await sandbox.reset();
    return {};
  },
};

const walkthroughActions: Record<string, Action> = {
  async start(body, sandbox) {
    return startWalkthrough(sandbox, str(body.id, 'id'));
  },
  async check(body, sandbox) {
    return checkWalkthrough(sandbox, str(body.id, 'id'), typeof body.alertId === 'number' ? body.alertId : undefined);
  },
};

const ROUTES: Record<string, Action> = {
  ...Object.fromEntries(Object.entries(slackActions).map(([k, v]) => [`slack/${k}`, v])),
  ...Object.fromEntries(Object.entries(coreActions).map(([k, v]) => [`core/${k}`, v])),
  ...Object.fromEntries(Object.entries(walkthroughActions).map(([k, v]) => [`walkthrough/${k}`, v])),
};

/** Runs a POST /api/<route>; errors become `{ status, message }` in Japanese. */
export async function runAction(route: string, body: JsonObject, sandbox: Sandbox): Promise<{ status: number; body: JsonObject }> {
  const action = ROUTES[route];
  if (!action) return { status: 404, body: { message: `不明な操作です: ${route}` } };
  try {
    return { status: 200, body: await action(body, sandbox) };
  } catch (error) {
    if (error instanceof BadRequest) return { status: 400, body: { message: error.message } };
    if (isDomainError(error)) return { status: 400, body: { message: error.userMessage } };
    const message = (error as Error).message ?? String(error);
    // The fake Slack refuses what Slack's client would not send (a required input left empty…).
    if (message.startsWith('fake-slack:')) return { status: 400, body: { message } };
    throw error;
  }
}
