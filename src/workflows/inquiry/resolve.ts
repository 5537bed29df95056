import type { Db } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { errors } from '../../errors.js';
import type { Alert } from '../../db/schema.js';
import { createRepositories, type Repositories } from '../../repositories/index.js';
import { finishAlert, type OperationOutcome, type RecordInput } from '../operation/finish.js';
import { claimImplicitly, elapsedMinutes, lockOpenAlert } from '../operation/guard.js';

type Deps = { db: Db; clock: Clock };

/** 対応済み was pressed: checks this operator may answer the inquiry, claims it implicitly, returns what the form shows. */
export async function startInquiry({ db, clock }: Deps, { alertId, userId }: { alertId: number; userId: string }) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    const locked = await lockOpenAlert(repos, { alertId, userId, kinds: ['inquiry'] });
    if (locked.replay) throw errors.alreadyResolved(locked.alert.resolvedBy);
    const claimed = await claimImplicitly(repos, { alert: locked.alert, userId, at: now });
    const alert = (await repos.alerts.markOpened({ id: claimed.alert.id, at: now })) ?? claimed.alert;
    const claimedAt = alert.firstOpenedAt ?? alert.claimedAt ?? now;
    return { alert, newlyClaimed: claimed.newlyClaimed, claimedAt, elapsedMinutes: elapsedMinutes(claimedAt, now) };
  });
}

export type InquiryStart = Awaited<ReturnType<typeof startInquiry>>;

/**
 * 対応済み (manual §2.2 問い合わせ対応): resolves the inquiry alert with its record; 対応内容 is what
 * the operator answered. A repeated submission changes nothing.
 */
export async function resolveInquiry(deps: Deps, { alertId, userId, answer, record }: { alertId: number; userId: string; answer: string; record: RecordInput }) {
  return finishInquiry(deps, { alertId, userId, record }, async () => ({ outcome: '対応済み', summary: `問い合わせに対応: ${answer}`, result: '対応済み' }));
}

/**
 * An inquiry's end, in one transaction: the alert is still open and this operator's (claimed
 * implicitly if nobody had it), `apply` queues what must be sent and names the outcome, and the
 * alert is resolved with its record. A repeated submission changes nothing (replay).
 */
export async function finishInquiry(
  { db, clock }: Deps,
  { alertId, userId, record }: { alertId: number; userId: string; record: RecordInput },
  apply: (step: { repos: Repositories; alert: Alert }) => Promise<OperationOutcome>,
) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    const locked = await lockOpenAlert(repos, { alertId, userId, kinds: ['inquiry'] });
    if (locked.replay) return { replay: true as const, alert: locked.alert };
    const { alert, newlyClaimed } = await claimImplicitly(repos, { alert: locked.alert, userId, at: now });
    const outcome = await apply({ repos, alert });
    const finished = await finishAlert(repos, { alert, actor: userId, now, outcome, record });
    return { replay: false as const, ...finished, newlyClaimed };
  });
}
