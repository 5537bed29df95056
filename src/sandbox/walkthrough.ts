import { eq } from 'drizzle-orm';
import { alerts, reservations } from '../db/schema.js';
import { outboundMessages, refunds } from '../db/schema-outbox.js';
import type { AlertKind } from '../domain/alert-kinds.js';
import { BadRequest } from './bad-request.js';
import { raiseSandboxAlert } from './core.js';
import type { Sandbox } from './index.js';

/** One procedure of the manual (§3.1–3.6) as a rehearsal: what to do, and what the database must show after. */
interface Walkthrough {
  id: string;
  section: string;
  title: string;
  kind: AlertKind;
  steps: string[];
  /** Reservation statuses that mean the path was followed to its end. */
  expectStatus?: string[];
  /** What was sent to the client (outbound_messages channel), if the path sends something. */
  expectSent?: 'sms' | 'email';
  expectNoRefund?: boolean;
}

const WALKTHROUGHS: Walkthrough[] = [
  {
    id: '3.1', section: '§3.1', title: '全店舗予約NG（A: 未登録店舗に電話）', kind: 'all_shops_ng',
    steps: ['#qrv-alerts の新しい「全店NG」で「対応開始」を押して担当になる', '「A 未登録店舗に電話」を押す', '見つかった店舗の店舗名・電話番号（例: 03-5555-1234）・エリアを入力して送信する', '決済リンクがSMSで送られ、アラートが ✅ になるのを確認する'],
    expectStatus: ['payment_pending', 'calling_success'], expectSent: 'sms',
  },
  {
    id: '3.2', section: '§3.2', title: 'SMS送信失敗（Emailで決済リンク）', kind: 'sms_failed',
    steps: ['「SMS送信失敗」で「対応開始」を押す', '「電話結果を記録」を押す', '依頼者がSMSを受信できない → Email を選び、聞いたEmailアドレスを入力して送信する', '「依頼者の画面」にEmailが届いたことを確認する'],
    expectSent: 'email',
  },
  {
    id: '3.3', section: '§3.3', title: '決済期限切れ（情報のみ）', kind: 'payment_expired',
    steps: ['「決済期限切れ」は自動キャンセル済み: 基本的に対応不要', '内容を読んだら「確認済み」を押す'],
  },
  {
    id: '3.4', section: '§3.4', title: '提携店からの曖昧な回答（予約OK）', kind: 'ambiguous_answer',
    steps: ['「曖昧な回答」で「対応開始」を押す', '提携店に電話したつもりで、明確な回答がOKなら「予約OK」を押す', 'モーダルの内容を確認して「予約OKで確定」を押す'],
    expectStatus: ['payment_pending', 'calling_success'], expectSent: 'sms',
  },
  {
    id: '3.5', section: '§3.5', title: '予約内容の変更依頼（依頼者が承諾）', kind: 'change_request',
    steps: ['「変更依頼」で「対応開始」を押す', '依頼者に電話したつもりで、承諾なら「承諾」を押す', '変更後の内容を確認して送信する'],
    expectStatus: ['payment_pending', 'calling_success'], expectSent: 'sms',
  },
  {
    id: '3.6', section: '§3.6', title: 'キャンセル期限超過後のキャンセル（特別な事情なし）', kind: 'late_cancel',
    steps: ['「期限超過キャンセル」で「対応開始」を押す', '事情を聞いたつもりで、都合が悪くなっただけなら「特別な事情なし」を押す', 'キャンセルポリシーを説明したことを記録して送信する（返金なし）'],
    expectNoRefund: true,
  },
];

function find(id: string): Walkthrough {
  const w = WALKTHROUGHS.find((x) => x.id === id);
  if (!w) throw new BadRequest(`手順 ${id} はありません`);
  return w;
}

/** Raises the procedure's alert for a new reservation; the page keeps the alert id. */
export async function startWalkthrough(sandbox: Sandbox, id: string) {
  const w = find(id);
  const { alertId, reservationId } = await raiseSandboxAlert({ db: sandbox.run().database.db, clock: sandbox.clock }, { kind: w.kind, reservation: 'new' });
  return { alertId, reservationId, walkthroughs: WALKTHROUGHS };
}

/** Each step checked against the database: 「正解」 or what is still wrong. */
export async function checkWalkthrough(sandbox: Sandbox, id: string, alertId?: number) {
  if (id === 'list') return { walkthroughs: WALKTHROUGHS };
  const w = find(id);
  if (alertId === undefined) throw new BadRequest('先に「アラートを出す」を押してください');
  const db = sandbox.run().database.db;
  const [alert] = await db.select().from(alerts).where(eq(alerts.id, alertId));
  if (!alert) throw new BadRequest('このアラートはもうありません（リセットされました）。もう一度始めてください');
  const [reservation] = alert.reservationId ? await db.select().from(reservations).where(eq(reservations.id, alert.reservationId)) : [];
  const sent = alert.reservationId ? await db.select().from(outboundMessages).where(eq(outboundMessages.reservationId, alert.reservationId)) : [];
  const refunded = alert.reservationId ? await db.select().from(refunds).where(eq(refunds.reservationId, alert.reservationId)) : [];
  const checks: Array<{ label: string; ok: boolean; detail: string }> = [];
  if (w.kind !== 'payment_expired') {
    checks.push({ label: '担当になった', ok: !!alert.assignee, detail: alert.assignee ? `担当: <@${alert.assignee}>` : 'まだ誰も「対応開始」を押していません' });
  }
  checks.push({ label: '対応を完了した', ok: !!alert.resolvedAt, detail: alert.resolvedAt ? `結果: ${alert.outcome ?? '完了'}` : 'アラートはまだ完了していません（ボタンを押してモーダルを送信してください）' });
  if (w.expectStatus && reservation) {
    const ok = w.expectStatus.includes(reservation.status);
    checks.push({ label: '予約ステータス', ok, detail: ok ? `${reservation.status}（正しい）` : `いまは ${reservation.status} です（期待: ${w.expectStatus.join(' または ')}）` });
  }
  if (w.expectSent) {
    const ok = sent.some((m) => m.channel === w.expectSent);
    checks.push({ label: w.expectSent === 'email' ? 'Emailで送信' : 'SMSで送信', ok, detail: ok ? '依頼者に送られました' : `${w.expectSent === 'email' ? 'Email' : 'SMS'} がまだ送られていません（送られたもの: ${sent.map((m) => m.channel).join(', ') || 'なし'}）` });
  }
  if (w.expectNoRefund) {
    checks.push({ label: '返金なし', ok: refunded.length === 0, detail: refunded.length === 0 ? '返金していません（正しい）' : '返金されています: 特別な事情がない場合は返金しません' });
  }
  return { id, alertId, correct: checks.every((c) => c.ok), checks };
}
