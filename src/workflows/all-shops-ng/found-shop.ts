import type { Reservation, Shop } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { Db } from '../../db/client.js';
import { createRepositories } from '../../repositories/index.js';
import type { RecordInput } from '../operation/finish.js';
import { queuePaymentLink } from '../operation/payment-link.js';
import { runOperation, type OperationDeps } from '../operation/run.js';
import { claimOperation, readOperation, type OperationStart } from '../operation/start.js';
import { areaFromAddress } from '../../domain/address.js';
import { neighbourAreas } from '../../domain/neighbour-areas.js';
import type { Repositories } from '../../repositories/index.js';

/** call_attempts.outcome → the manual's word (OK / NG / 不在). */
export type CandidateCallOutcome = 'ok' | 'ng' | 'no_answer';
const CALL_LABELS: Record<CandidateCallOutcome, string> = { ok: 'OK', ng: 'NG', no_answer: '不在' };

/**
 * Manual §3.1 手順3-A-2: the 候補 the operator called, as call_attempts (round 2, the last round;
 * note 「全店NG A 候補に電話」) so the core and later operators know who was tried.
 * Shops no longer known are left out. Returns the 対応記録 text (empty when none).
 */
export async function recordCandidateCalls(repos: Repositories, reservationId: string, calls: Array<{ shopId: string; outcome: CandidateCallOutcome }>): Promise<string> {
  const known: Array<{ shopId: string; outcome: CandidateCallOutcome; name: string }> = [];
  for (const c of calls) {
    const shop = await repos.reservations.findShop(c.shopId);
    if (shop) known.push({ ...c, name: shop.name });
  }
  await repos.reservations.addCallAttempts(known.map((c) => ({ reservationId, shopId: c.shopId, round: 2, outcome: c.outcome, note: '全店NG A 候補に電話' })));
  return known.length ? `。候補に電話: ${known.map((c) => `${c.name}（${c.shopId}）${CALL_LABELS[c.outcome]}`).join('、')}` : '';
}

const KINDS = ['all_shops_ng'] as const;

/** A 未登録店舗に電話 pressed: the form's data (read, nothing written), with the area prefilled from the shops already called. */
export async function readShopSearch(
  deps: { db: Db; clock: Clock },
  input: { alertId: number; userId: string; at?: Date },
): Promise<OperationStart & { areaHint: string; candidates: Shop[] }> {
  const start = await readOperation(deps, { ...input, kinds: KINDS });
  const repos = createRepositories({ db: deps.db });
  const called = await repos.reservations.listCalledShops(start.reservation.id);
  const areaHint = suggestArea(called, start.reservation);
  return { ...start, areaHint, candidates: await candidateShops(repos, start.reservation, areaHint, called.map((shop) => shop.id)) };
}

/** The shop search's claim, once its form is shown (claimOperation: the checks again, in a transaction). */
export const claimShopSearch = (deps: { db: Db; clock: Clock }, input: { alertId: number; userId: string; at?: Date }) => claimOperation(deps, { ...input, kinds: KINDS });

/** How many candidates the A form lists. */
const CANDIDATES = 5;

/**
 * Manual §3.1 手順3-A-1 「CSV未登録店舗リストから選定」: unregistered shops (imported with
 * `qrv shops import` or found earlier) in the reservation's ward or city, not yet called for it;
 * fewer than five are filled from the neighbouring wards (src/domain/neighbour-areas.ts), nearest
 * first — one query.
 */
async function candidateShops(repos: Repositories, reservation: Reservation, areaHint: string, called: string[]): Promise<Shop[]> {
  const area = (areaHint || areaFromAddress(reservation.address)).replace(/[区市町村]$/, '');
  if (!area) return [];
  return repos.shops.candidates({ areas: [area, ...neighbourAreas(area)], except: called, limit: CANDIDATES });
}

/** The area most of the shops already called are in; else the reservation address's ward or city. */
function suggestArea(called: Shop[], reservation: Reservation): string {
  const counts = new Map<string, number>();
  for (const shop of called) if (shop.area) counts.set(shop.area, (counts.get(shop.area) ?? 0) + 1);
  const best = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]?.[0];
  return best ?? areaFromAddress(reservation.address);
}

/**
 * Manual §3.1 手順3-A: a shop outside the partner list accepted. It is registered
 * (listed = false; an already known number reuses its shop), assigned, the reservation becomes
 * calling_success, and the payment link goes to the client by SMS (payment_pending once sent).
 */
export async function registerFoundShop(
  deps: OperationDeps,
  input: {
    alertId: number;
    userId: string;
    shop: { name: string; phone: string; area: string };
    amountJpy: number;
    record: RecordInput;
    /** 候補 the operator called and what each gave; written to call_attempts in this transaction. */
    calls?: Array<{ shopId: string; outcome: CandidateCallOutcome }>;
  },
) {
  return runOperation(deps, { ...input, kinds: KINDS }, async (op) => {
    const called = await recordCandidateCalls(op.repos, op.reservation.id, input.calls ?? []);
    const known = await op.repos.shops.findByPhone(input.shop.phone);
    const shop = known ?? (await op.repos.shops.register(input.shop));
    if (!known) {
      await op.repos.history.append({
        actor: op.actor,
        action: 'shop.registered',
        alertId: op.alert.id,
        reservationId: op.reservation.id,
        before: null,
        after: { id: shop.id, name: shop.name, phone: shop.phone, area: shop.area, listed: false },
      });
    }
    const r = await op.update({ status: 'calling_success', shopId: shop.id, amountJpy: input.amountJpy });
    await queuePaymentLink(op, { sms: r.clientPhone });
    return {
      shop,
      outcome: `未登録店舗に電話: 予約成立（${shop.name}）`,
      summary:
        `A 未登録店舗に電話: ${shop.name}（${shop.id}・${shop.phone}・${shop.area || 'エリア未設定'}）` +
        `${known ? '（登録済みの店舗）' : 'を未登録店舗として登録'}し予約を割り当て、決済リンクを依頼者にSMSで送信（${r.clientPhone}）` +
        called,
      result: '予約成立・決済待ち',
    };
  });
}
