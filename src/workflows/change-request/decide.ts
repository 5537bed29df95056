import { yen } from '../../domain/client-messages.js';
import { formatTimeRange } from '../../domain/time.js';
import type { ReservationChanges } from '../../repositories/reservations.js';
import type { RecordInput } from '../operation/finish.js';
import { queuePaymentLink } from '../operation/payment-link.js';
import { runOperation, type OperationDeps } from '../operation/run.js';
import { acceptShop, declineShopAndResume } from '../operation/shop.js';

const KINDS = ['change_request'] as const;

export interface ChangedReservation {
  startsAt: Date;
  endsAt: Date;
  service: string;
  amountJpy: number;
}

const changeText = (details: Record<string, unknown>) => (typeof details.change === 'string' && details.change.trim() ? details.change.trim() : '記載なし');

/**
 * Manual §3.5 手順2-A, the client accepted the shop's change: the reservation takes the new
 * values (time and/or content), the shop is assigned (calling_success), the payment link goes out.
 */
export async function acceptChange(deps: OperationDeps, input: { alertId: number; userId: string; change: ChangedReservation; record: RecordInput }) {
  return runOperation(deps, { ...input, kinds: KINDS }, async (op) => {
    const before = op.reservation;
    const { startsAt, endsAt, service, amountJpy } = input.change;
    const changes: ReservationChanges = {};
    const said: string[] = [];
    if (startsAt.getTime() !== before.startsAt.getTime() || endsAt.getTime() !== before.endsAt.getTime()) {
      Object.assign(changes, { startsAt, endsAt });
      said.push(`日時 ${formatTimeRange(before.startsAt, before.endsAt, op.timeZone)} → ${formatTimeRange(startsAt, endsAt, op.timeZone)}`);
    }
    if (service !== before.service) {
      changes.service = service;
      said.push(`内容 ${before.service} → ${service}`);
    }
    if (amountJpy !== before.amountJpy) {
      changes.amountJpy = amountJpy;
      said.push(`金額 ${before.amountJpy === null ? '未設定' : yen(before.amountJpy)} → ${yen(amountJpy)}`);
    }
    const shop = await acceptShop(op, ['change_request'], changes);
    await queuePaymentLink(op, { sms: op.reservation.clientPhone });
    return {
      outcome: '変更依頼: 承諾',
      summary: `依頼者に電話: 変更内容（${changeText(op.alert.details)}）を承諾。${said.length ? `${said.join('、')}に更新し、` : ''}${shop.name}（${shop.id}）で決済リンクをSMSで送信`,
      result: '予約内容を変更・決済待ち',
    };
  });
}

/** Manual §3.5 手順2-B, the client refused: the shop is declined and calling resumes with the next shop. */
export async function rejectChange(deps: OperationDeps, input: { alertId: number; userId: string; record: RecordInput }) {
  return runOperation(deps, { ...input, kinds: KINDS }, async (op) => {
    const shop = await declineShopAndResume(op, ['change_request']);
    return {
      outcome: '変更依頼: 拒否（次の提携店へ）',
      summary: `依頼者に電話: 変更内容（${changeText(op.alert.details)}）を拒否。${shop.name}（${shop.id}）に断りの連絡をし、次の提携店に電話代行を再開`,
      result: '電話代行を再開（calling）',
    };
  });
}
