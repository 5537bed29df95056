// The sandbox page: a Slack-like client for the real bot, and the side panel.
import { blocksEl, h, messageBody } from './blocks.js';
import { renderModal } from './modal.js';
import { renderPanel } from './panel.js';

const params = new URLSearchParams(location.search);
const ui = {
  user: params.get('user') ?? localStorage.getItem('qrv-sandbox-user') ?? 'U0SATO',
  pane: 'channel',
  thread: null,
  tab: 'core',
  state: null,
};

export async function api(path, body) {
  const res = await fetch(`/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: ui.user, ...body }) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    toast(json.message ?? `エラー (${res.status})`);
    return null;
  }
  return json;
}

export function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 6000);
}

const slack = {
  click: (a) => api('slack/click', a),
  submit: (a) => api('slack/submit', a),
  close: (a) => api('slack/close', a),
};

function fmtTime(seconds) {
  const tz = ui.state?.timeZone ?? 'Asia/Tokyo';
  return new Intl.DateTimeFormat('ja-JP', { timeZone: tz, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(seconds * 1000));
}

function ctxFor(where) {
  const s = ui.state;
  return {
    users: s.users,
    userName: (id) => (id === s.botUserId ? 'QRV ops bot' : s.users.find((u) => u.id === id)?.name ?? id),
    onAction: (a) => slack.click({ ...a, ...where }),
  };
}

function messageEl(m, { inThread = false } = {}) {
  const s = ui.state;
  // Ephemeral messages come from the app, whoever they are shown to.
  const isBot = !!m.bot_id || !!m.ephemeral;
  const author = isBot ? 'QRV ops bot' : s.users.find((u) => u.id === m.user)?.name ?? m.user;
  const where = m.ephemeral ? { channel: m.channel, ts: m.ts } : { channel: m.channel, ts: m.ts };
  const el = h('div', { className: `msg ${m.ephemeral ? 'ephemeral' : ''}`, 'data-ts': m.ts, 'data-testid': m.ephemeral ? 'ephemeral' : 'message' },
    h('div', { className: `avatar ${isBot ? 'bot' : ''}` }, isBot ? 'Q' : author.slice(0, 1)),
    h('div', {},
      m.ephemeral ? h('div', { className: 'ephemeral-label' }, '👁 あなただけに表示されています') : null,
      h('div', { className: 'meta' }, h('b', {}, author), isBot ? h('span', { className: 'app-badge' }, 'アプリ') : null, fmtTime(Number(m.ts)), m.edited ? h('span', { className: 'edited' }, '（編集済み）') : null),
      messageBody(m, ctxFor(where)),
      !inThread && m.reply_count ? h('button', { className: 'replies-link', type: 'button', onclick: () => openThread(m.ts) }, `${m.reply_count}件の返信`) : null,
    ),
  );
  return el;
}

function openThread(ts) {
  ui.thread = ts;
  render();
}

function renderMain() {
  const s = ui.state;
  const header = document.getElementById('main-header');
  const list = document.getElementById('messages');
  const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 40;
  const composer = document.getElementById('composer');
  composer.hidden = ui.pane === 'home';
  if (ui.pane === 'home') {
    list.dataset.keys = '';
    header.textContent = '🏠 QRV ops bot — ホーム';
    list.replaceChildren(s.home ? h('div', { className: 'home', 'data-testid': 'home' }, blocksEl(s.home.blocks, { ...ctxFor({}), onAction: (a) => slack.click({ ...a, viewId: s.home.id }) })) : h('div', { className: 'empty' }, 'ホームを読み込み中…'));
    return;
  }
  const messages = ui.pane === 'dm' ? s.dm : s.channel.messages;
  header.textContent = ui.pane === 'dm' ? '✉️ QRV ops bot とのダイレクトメッセージ' : `# ${s.channel.name}`;
  // Only messages that changed are drawn again: the list keeps its scroll position and what is under the pointer.
  const keys = messages.map((m) => `${ui.pane}:${ui.user}:${JSON.stringify(m)}`);
  if (keys.join('\n') === list.dataset.keys) return;
  const grew = messages.length > Number(list.dataset.count ?? 0);
  list.dataset.keys = keys.join('\n');
  list.dataset.count = String(messages.length);
  const cache = renderMain.cache ?? new Map();
  const next = new Map();
  const nodes = messages.map((m, i) => {
    const node = cache.get(keys[i]) ?? messageEl(m);
    next.set(keys[i], node);
    return node;
  });
  renderMain.cache = next;
  list.replaceChildren(...(nodes.length ? nodes : [h('div', { className: 'empty' }, 'まだメッセージはありません')]));
  if (stick && grew) list.scrollTop = list.scrollHeight;
}

function renderThread() {
  const box = document.getElementById('thread');
  const parent = ui.thread && [...ui.state.channel.messages, ...ui.state.dm].find((m) => m.ts === ui.thread);
  if (!parent) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.replaceChildren(
    h('header', {}, h('span', {}, 'スレッド'), h('button', { className: 'btn', type: 'button', 'aria-label': 'スレッドを閉じる', onclick: () => openThread(null) }, '×')),
    h('div', { 'data-testid': 'thread' }, messageEl(parent, { inThread: true }), h('hr', { className: 'divider' }), (parent.replies ?? []).map((m) => messageEl(m, { inThread: true }))),
  );
}

function renderNav() {
  const s = ui.state;
  const sel = document.getElementById('user-switcher');
  if (sel.options.length !== s.users.length) {
    sel.replaceChildren(...s.users.map((u) => h('option', { value: u.id }, `${u.name}（${u.role}）`)));
  }
  sel.value = ui.user;
  for (const b of document.querySelectorAll('nav .nav')) b.classList.toggle('active', b.dataset.pane === ui.pane);
  for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('active', b.dataset.tab === ui.tab);
}

function render() {
  if (!ui.state) return;
  renderNav();
  renderMain();
  renderThread();
  renderModal(document.getElementById('modal-layer'), ui.state.views, ctxFor({}), slack);
  renderPanel(document.getElementById('panel-body'), ui, { api, toast, refresh });
}

let fetching = null;
let again = false;
export async function refresh() {
  if (fetching) {
    again = true;
    return fetching;
  }
  fetching = (async () => {
    do {
      again = false;
      const res = await fetch(`/api/state?user=${encodeURIComponent(ui.user)}`);
      if (res.ok) ui.state = await res.json();
      render();
    } while (again);
  })().finally(() => { fetching = null; });
  return fetching;
}

function connect() {
  const status = document.getElementById('connection');
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`);
  ws.onopen = () => { status.textContent = '● ライブ更新中'; refresh(); };
  ws.onmessage = () => refresh();
  ws.onclose = () => {
    status.textContent = '○ 再接続中…';
    setTimeout(connect, 1000);
  };
}

document.getElementById('user-switcher').addEventListener('change', (e) => {
  ui.user = e.target.value;
  localStorage.setItem('qrv-sandbox-user', ui.user);
  document.getElementById('modal-layer').dataset.key = '';
  if (ui.pane === 'home') api('slack/home', {});
  refresh();
});
for (const b of document.querySelectorAll('nav .nav')) {
  b.addEventListener('click', async () => {
    ui.pane = b.dataset.pane;
    ui.thread = null;
    render();
    if (ui.pane === 'home') await api('slack/home', {});
  });
}
for (const b of document.querySelectorAll('.tabs button')) {
  b.addEventListener('click', () => {
    ui.tab = b.dataset.tab;
    render();
  });
}
document.getElementById('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('command');
  const text = input.value.trim();
  if (!text) return;
  if (!text.startsWith('/')) return toast('サンドボックスでは /qrv コマンドを送れます（例: /qrv help）');
  input.value = '';
  await api('slack/command', { text });
});

connect();
