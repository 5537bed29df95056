// The side panel: the QRV core (alerts, payments, SMS, time, reset), the client's screen, the walkthroughs.
import { h } from './blocks.js';

const KINDS = [
  ['all_shops_ng', '全店NG'],
  ['sms_failed', 'SMS送信失敗'],
  ['payment_expired', '決済期限切れ'],
  ['ambiguous_answer', '曖昧な回答'],
  ['change_request', '変更依頼'],
  ['late_cancel', '期限超過キャンセル'],
  ['system', 'システム障害（Pingdom）'],
];

const walk = { list: null, current: sessionStorage.getItem('qrv-walk') ? JSON.parse(sessionStorage.getItem('qrv-walk')) : null, result: null };

function clockText(state) {
  return new Intl.DateTimeFormat('ja-JP', { timeZone: state.timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(state.now));
}

function coreTab(io) {
  const kind = h('select', { 'aria-label': 'アラートの種類' }, KINDS.map(([k, label]) => h('option', { value: k }, label)));
  const reservation = h('select', { 'aria-label': '予約' }, h('option', { value: 'demo' }, 'デモ予約'), h('option', { value: 'new' }, '新しい予約'));
  const run = (path, body, done) => async () => {
    const result = await io.api(path, body);
    if (result) io.toast(done(result));
  };
  const clockBtn = (label, body) => h('button', { className: 'btn', type: 'button', onclick: run('core/clock', body, (r) => `時計を進めました（${r.escalated.length}件のリマインド、${r.posted}件の定時投稿）`) }, label);
  return h('div', {},
    h('h3', {}, 'アラートを出す（QRVコアとして）'),
    h('div', { className: 'row' }, kind, reservation,
      h('button', { className: 'btn primary', type: 'button', onclick: async () => {
        const r = await io.api('core/raise', { kind: kind.value, reservation: reservation.value });
        if (r) io.toast(`アラート #${r.alertId} を出しました${r.reservationId ? `（${r.reservationId}）` : ''}`);
      } }, 'アラートを出す')),
    h('div', { className: 'row' }, h('button', { className: 'btn', type: 'button', onclick: run('core/raise', { kind: 'system' }, (r) => `Pingdom のシステムアラート #${r.alertId} を出しました`) }, 'Pingdom のシステム障害')),
    h('h3', {}, '依頼者と外部サービス'),
    h('div', { className: 'row' },
      h('button', { className: 'btn', type: 'button', onclick: run('core/pay', {}, (r) => `${r.reservationId} の依頼者が支払いました（期限の確認まで時計を進めました）`) }, '依頼者が支払う'),
      h('button', { className: 'btn', type: 'button', onclick: run('core/expire', {}, (r) => `${r.reservationId} の決済期限が切れました`) }, '決済期限を切らす')),
    h('div', { className: 'row' }, h('button', { className: 'btn', type: 'button', onclick: run('core/sms-fail', {}, () => '次のSMSは失敗します（Twilio 21211）') }, '次のSMSを失敗させる'), h('span', { className: 'caption', 'data-live': 'sms' })),
    h('h3', {}, 'ボットの時計'),
    h('div', { className: 'card', 'data-live': 'clock', 'data-testid': 'clock' }),
    h('div', { className: 'row' }, clockBtn('+30分', { minutes: 30 }), clockBtn('+1時間', { minutes: 60 }), clockBtn('10:00 へ', { at: '10:00' }), clockBtn('18:00 へ', { at: '18:00' }), clockBtn('金曜へ', { weekday: 'friday' })),
    h('h3', {}, 'リセット'),
    h('div', { className: 'row' }, h('button', { className: 'btn danger', type: 'button', onclick: async () => {
      if (!confirm('データベース・チャンネル・時計を初期状態に戻します。よろしいですか？')) return;
      if (await io.api('core/reset', {})) io.toast('サンドボックスをリセットしました（デモデータを入れ直しました）');
    } }, 'サンドボックスをリセット')),
  );
}

function updateCore(root, state) {
  root.querySelector('[data-live=clock]').textContent = `${clockText(state)}${state.clockOffsetMinutes ? `（実時間 +${state.clockOffsetMinutes}分）` : ''}`;
  root.querySelector('[data-live=sms]').textContent = state.client.smsWillFail ? '⚠️ 次のSMSは失敗します' : '';
}

function clientTab() {
  return h('div', { 'data-testid': 'client-screen' }, h('p', { className: 'caption' }, '依頼者に届くはずのもの（ローカルの記録。実際には送信されません）'), h('div', { 'data-live': 'client' }));
}

function updateClient(root, state) {
  const c = state.client;
  const cards = [
    ...c.sms.map((s) => h('div', { className: 'card' }, h('b', {}, `📱 SMS → ${s.to}`), '\n', s.body)),
    ...c.mail.map((m) => h('div', { className: 'card' }, h('b', {}, `✉️ Email → ${m.to}`), `\n件名: ${m.subject}\n\n${m.text}`)),
    ...c.payments.map((p) => h('div', { className: 'card' }, h('b', {}, `💳 決済ページ ${p.reservationId}`), `\n¥${p.amountJpy.toLocaleString('ja-JP')} — ${{ open: '支払い待ち', complete: '支払い済み', expired: '期限切れ' }[p.status] ?? p.status}`)),
    ...c.refunds.map((r) => h('div', { className: 'card' }, h('b', {}, `💴 返金 ${r.reservationId}`), `\n¥${r.amountJpy.toLocaleString('ja-JP')} — ${r.status}`)),
  ];
  root.querySelector('[data-live=client]').replaceChildren(...(cards.length ? cards : [h('div', { className: 'empty' }, 'まだ何も届いていません')]));
}

function walkTab(io) {
  const box = h('div', { 'data-live': 'walk' });
  if (!walk.list) io.api('walkthrough/check', { id: 'list' }).then((r) => { if (r) { walk.list = r.walkthroughs; drawWalk(box, io); } });
  else drawWalk(box, io);
  return h('div', {}, h('p', { className: 'caption' }, 'マニュアル §3.1〜3.6 の手順を練習します。アラートを出し、書かれたとおりに操作して「確認する」を押してください。'), box);
}

function drawWalk(box, io) {
  if (!walk.list) return box.replaceChildren(h('div', { className: 'empty' }, '読み込み中…'));
  const save = () => sessionStorage.setItem('qrv-walk', JSON.stringify(walk.current));
  const items = walk.list.map((w) => {
    const active = walk.current?.id === w.id;
    return h('div', { className: 'card', 'data-walk': w.id },
      h('b', {}, `${w.section} ${w.title}`), '\n',
      h('button', { className: 'btn primary', type: 'button', onclick: async () => {
        const r = await io.api('walkthrough/start', { id: w.id });
        if (!r) return;
        walk.current = { id: w.id, alertId: r.alertId, reservationId: r.reservationId };
        walk.result = null;
        save();
        drawWalk(box, io);
        io.toast(`アラート #${r.alertId}（${r.reservationId}）を出しました。#qrv-alerts を見てください`);
      } }, active ? 'もう一度アラートを出す' : 'アラートを出して始める'),
      active ? h('ol', {}, w.steps.map((s) => h('li', {}, s))) : null,
      active ? h('button', { className: 'btn', type: 'button', onclick: async () => {
        walk.result = await io.api('walkthrough/check', { id: w.id, alertId: walk.current.alertId });
        drawWalk(box, io);
      } }, '確認する') : null,
      active && walk.result ? resultEl(walk.result) : null,
    );
  });
  box.replaceChildren(...items);
}

function resultEl(r) {
  return h('div', { 'data-testid': 'walk-result' },
    r.correct ? h('div', { className: 'correct' }, '正解') : h('div', { className: 'ng' }, 'まだ完了していません'),
    h('ul', {}, r.checks.map((c) => h('li', {}, h('span', { className: c.ok ? 'ok' : 'ng' }, c.ok ? '✔ ' : '✘ '), `${c.label}: ${c.detail}`))),
  );
}

/** Builds a tab once (its inputs keep what the user chose) and refreshes its live parts. */
export function renderPanel(root, ui, io) {
  if (root.dataset.tab !== ui.tab) {
    root.dataset.tab = ui.tab;
    root.replaceChildren(ui.tab === "core" ? coreTab(io) : ui.tab === "client" ? clientTab() : walkTab(io));
  }
  if (ui.tab === 'core') updateCore(root, ui.state);
  if (ui.tab === 'client') updateClient(root, ui.state);
}
