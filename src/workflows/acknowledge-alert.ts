import type { Db } from '../db/client.js';
import type { AlertKind } from '../domain/alert-kinds.js';
import type { Clock } from '../domain/clock.js';
import { createRepositories } from '../repositories/index.js';
import { finishAlert, type OperationOutcome } from './operation/finish.js';
import { claimImplicitly, lockOpenAlert } from './operation/guard.js';

const OUTCOMES: Partial<Record<AlertKind, OperationOutcome>> = {
  payment_expired: {
    outcome: '確認済み',
    summary: '決済期限切れを確認（自動キャンセル済み）。問い合わせ時は「最初からAIチャットで予約してください」と案内',
    result: '対応不要（自動キャンセル済み）',
  },
  system: { outcome: '確認済み', summary: 'システムアラートを確認', result: '確認済み' },
};

/**
 * 確認済み (manual §3.3, information only): resolves the alert with its record in one click; the
 * reservation is not touched. A repeated click changes nothing.
 */
export async function acknowledgeAlert(
  { db, clock }: { db: Db; clock: Clock },
  { alertId, userId, kinds }: { alertId: number; userId: string; kinds: Array<'payment_expired' | 'system'> },
) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    const locked = await lockOpenAlert(repos, { alertId, userId, kinds });
    if (locked.replay) return { replay: true as const, alert: locked.alert };
    const { alert, newlyClaimed } = await claimImplicitly(repos, { alert: locked.alert, userId, at: now });
    const outcome = OUTCOMES[alert.kind as AlertKind]!;
    const finished = await finishAlert(repos, { alert, actor: userId, now, outcome, record: { durationMinutes: null, note: null } });
    return { replay: false as const, ...finished, newlyClaimed };
  });
}
