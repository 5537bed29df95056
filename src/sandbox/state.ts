import { desc } from 'drizzle-orm';
import { alerts, reservations } from '../db/schema.js';
import type { JsonObject } from '../fake-slack/index.js';
import type { Sandbox } from './index.js';
import { SANDBOX_CHANNEL, SANDBOX_USERS } from './users.js';

/** Everything the page shows for one user, read from the fake Slack, the database and the local ports. */
export async function snapshot(sandbox: Sandbox, user: string, timeZone: string): Promise<JsonObject> {
  const { fake, clock } = sandbox;
  const run = sandbox.run();
  const channel = SANDBOX_CHANNEL.id;
  const withReplies = (m: JsonObject) => (m.reply_count ? { ...m, replies: fake.replies(channel, m.ts) } : m);
  const ephemerals = fake.ephemerals(user).filter((e) => e.channel === channel).map((e) => ({ ...e, ephemeral: true }));
  const messages = [...fake.messages(channel).map(withReplies), ...ephemerals].sort((a, b) => Number(a.ts) - Number(b.ts));
  const dm = fake.messages(user);
  const { local } = run.ports;
  const db = run.bot.database.db;
  const [openAlerts, reservationRows] = await Promise.all([
    db.select({ id: alerts.id, kind: alerts.kind, reservationId: alerts.reservationId, resolvedAt: alerts.resolvedAt }).from(alerts).orderBy(desc(alerts.id)).limit(30),
    db.select({ id: reservations.id, status: reservations.status }).from(reservations).orderBy(reservations.id),
  ]);
  return {
    now: clock.now().toISOString(),
    clockOffsetMinutes: Math.round(clock.offsetMs() / 60_000),
    timeZone,
    me: user,
    users: SANDBOX_USERS.map((u) => ({ id: u.id, name: u.real_name, operator: u.operator, role: u.role })),
    botUserId: fake.botUserId,
    channel: { id: channel, name: SANDBOX_CHANNEL.name, messages },
    dm: dm.map(withReplies),
    views: fake.openViews(user),
    home: fake.homeView(user) ?? null,
    client: {
      sms: local.sms.sent.map(({ to, body }) => ({ to, body })),
      mail: local.mail.sent.map(({ to, subject, text }) => ({ to, subject, text })),
      payments: [...local.payments.sessions.values()].map(({ sessionId, reservationId, amountJpy, status }) => ({ sessionId, reservationId, amountJpy, status })),
      refunds: local.payments.refunds.map(({ refundId, reservationId, amountJpy, status }) => ({ refundId, reservationId, amountJpy, status })),
      smsWillFail: run.ports.smsWillFail,
    },
    alerts: openAlerts,
    reservations: reservationRows,
  };
}

/** A cheap fingerprint of what the page shows: when it changes, open pages fetch again. */
export function fingerprint(sandbox: Sandbox, generation: number): string {
  const { fake, clock } = sandbox;
  const { local } = sandbox.run().ports;
  return [generation, fake.calls.length, fake.envelopes.length, fake.responses.length, fake.ephemerals().length, clock.offsetMs(), local.sms.sent.length, local.mail.sent.length, local.payments.sessions.size].join(':');
}
