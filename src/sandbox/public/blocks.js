// Block Kit and mrkdwn, rendered the way Slack shows them (enough to work with).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'className') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Slack escapes only these three in message text.
const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function token(inner, ctx) {
  const [target, label] = inner.split('|');
  if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(ctx.userName(target.slice(1)))}</span>`;
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!subteam^')) return `<span class="mention">${escapeHtml(label ?? '@オペレーター')}</span>`;
  if (target.startsWith('!date^')) return escapeHtml(label ?? target);
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
  const url = /^(https?:|mailto:|tel:)/.test(target) ? target : '#';
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer">${escapeHtml(decode(label ?? target))}</a>`;
}

function inline(text, ctx) {
  return text
    .split(/(<[^<>\n]*>)/)
    .map((part, i) => {
      if (i % 2 === 1) return token(part.slice(1, -1), ctx);
      let s = escapeHtml(decode(part));
      const codes = [];
      s = s.replace(/`([^`]+)`/g, (_, c) => `\u0000${codes.push(c) - 1}\u0000`);
      s = s
        .replace(/(^|[^\w*])\*([^*\n]+)\*(?=[^\w*]|$)/g, '$1<b>$2</b>')
        .replace(/(^|[^\w_])_([^_\n]+)_(?=[^\w_]|$)/g, '$1<i>$2</i>')
        .replace(/(^|[^\w~])~([^~\n]+)~(?=[^\w~]|$)/g, '$1<s>$2</s>');
      return s.replace(/\u0000(\d+)\u0000/g, (_, n) => `<code>${codes[Number(n)]}</code>`);
    })
    .join('');
}

/** mrkdwn → HTML: mentions, links, bold/italic/strike, code, code blocks, quotes, line breaks. */
export function mrkdwnHtml(text, ctx) {
  return String(text ?? '')
    .split('```')
    .map((chunk, i) => {
      if (i % 2 === 1) return `<pre>${escapeHtml(decode(chunk.replace(/^\n/, '')))}</pre>`;
      const lines = chunk.split('\n');
      const out = [];
      let quote = [];
      const flush = () => {
        if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
        quote = [];
      };
      for (const line of lines) {
        const q = /^(&gt;|>)\s?(.*)$/.exec(line);
        if (q) quote.push(inline(q[2], ctx));
        else {
          flush();
          out.push(inline(line, ctx));
        }
      }
      flush();
      return out.join('<br>').replace(/<br>(<blockquote>)/g, '$1').replace(/(<\/blockquote>)<br>/g, '$1');
    })
    .join('');
}

export function textEl(t, ctx, tag = 'span') {
  const el = h(tag, { className: 'text' });
  if (!t) return el;
  if (t.type === 'mrkdwn') el.innerHTML = mrkdwnHtml(t.text, ctx);
  else el.textContent = t.text;
  return el;
}

function option(o) {
  return h('option', { value: o.value }, o.text?.text ?? o.value);
}

/** An interactive element outside inputs (message, Home, modal actions). */
function elementEl(e, blockId, ctx) {
  const act = (value) => ctx.onAction({ actionId: e.action_id, blockId, value, element: e });
  switch (e.type) {
    case 'button': {
      const btn = h('button', { className: `btn ${e.style ?? ''}`, type: 'button', 'data-action-id': e.action_id }, e.text?.text ?? '');
      btn.addEventListener('click', () => {
        btn.disabled = true;
        act(e.value).finally(() => { btn.disabled = false; });
      });
      return btn;
    }
    case 'image':
      return h('img', { src: e.image_url, alt: e.alt_text ?? '', width: 64 });
    case 'overflow':
    case 'static_select': {
      const options = e.options ?? (e.option_groups ?? []).flatMap((g) => g.options);
      const sel = h('select', { 'data-action-id': e.action_id, onchange: () => sel.value && act(sel.value) }, h('option', { value: '' }, e.placeholder?.text ?? '…'), options.map(option));
      return sel;
    }
    case 'users_select': {
      const sel = h('select', { 'data-action-id': e.action_id, onchange: () => sel.value && act(sel.value) }, h('option', { value: '' }, e.placeholder?.text ?? 'ユーザーを選択'), ctx.users.map((u) => h('option', { value: u.id }, u.name)));
      return sel;
    }
    default:
      return h('span', { className: 'caption' }, `[${e.type}]`);
  }
}

function richText(block) {
  const walk = (n) => (n.text ?? '') + (n.elements ?? []).map(walk).join(n.type === 'rich_text_list' ? '\n' : '');
  return h('div', { className: 'text', style: 'white-space:pre-wrap' }, walk(block));
}

/** One block of a message, the Home tab or a modal (input blocks are drawn by modal.js). */
export function blockEl(b, ctx) {
  switch (b.type) {
    case 'header':
      return h('div', { className: 'block block-header' }, b.text?.text ?? '');
    case 'section': {
      const body = h('div', { className: 'text' });
      if (b.text) body.append(textEl(b.text, ctx, 'div'));
      if (b.fields) body.append(h('div', { className: 'fields' }, b.fields.map((f) => textEl(f, ctx, 'div'))));
      return h('div', { className: 'block section' }, body, b.accessory ? elementEl(b.accessory, b.block_id, ctx) : null);
    }
    case 'context':
      return h('div', { className: 'block context' }, (b.elements ?? []).map((e) => (e.type === 'image' ? h('img', { src: e.image_url, alt: e.alt_text ?? '' }) : textEl(e, ctx))));
    case 'divider':
      return h('hr', { className: 'divider' });
    case 'actions':
      return h('div', { className: 'block actions' }, (b.elements ?? []).map((e) => elementEl(e, b.block_id, ctx)));
    case 'image':
      return h('figure', { className: 'block block-image' }, b.title ? h('div', { className: 'caption' }, b.title.text) : null, h('img', { src: b.image_url ?? '', alt: b.alt_text ?? '' }));
    case 'rich_text':
      return richText(b);
    case 'input':
      return ctx.input ? ctx.input(b) : h('div', { className: 'caption' }, b.label?.text ?? '');
    default:
      return h('div', { className: 'caption' }, `[${b.type}]`);
  }
}

export function blocksEl(blocks, ctx) {
  return h('div', { className: 'blocks' }, (blocks ?? []).map((b) => blockEl(b, ctx)));
}

const COLORS = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

/** A message body: text or blocks, attachments with their colour bar, files. */
export function messageBody(m, ctx) {
  const body = h('div', { className: 'message-body' });
  if (m.blocks?.length) body.append(blocksEl(m.blocks, ctx));
  else if (m.text && !m.attachments?.length) body.append(textEl({ type: 'mrkdwn', text: m.text }, ctx, 'div'));
  for (const a of m.attachments ?? []) {
    const inner = h('div', { className: 'body' });
    if (a.pretext) inner.append(textEl({ type: 'mrkdwn', text: a.pretext }, ctx, 'div'));
    if (a.title) inner.append(h('div', { className: 'block-header' }, a.title));
    if (a.text) inner.append(textEl({ type: 'mrkdwn', text: a.text }, ctx, 'div'));
    if (a.blocks?.length) inner.append(blocksEl(a.blocks, ctx));
    if (a.fields?.length) inner.append(h('div', { className: 'fields' }, a.fields.map((f) => h('div', {}, h('b', {}, f.title ?? ''), textEl({ type: 'mrkdwn', text: f.value ?? '' }, ctx, 'div')))));
    if (a.footer) inner.append(h('div', { className: 'context' }, a.footer));
    body.append(h('div', { className: 'attachment', 'data-color': a.color ?? '' }, h('div', { className: 'bar', style: `background:${COLORS[a.color] ?? a.color ?? '#ddd'}` }), inner));
  }
  if (m.files?.length) {
    body.append(
      h('div', { className: 'files' }, m.files.map((f) =>
        /\.png$/i.test(f.name ?? '')
          ? h('figure', {}, h('img', { className: 'file', src: `/api/files/${f.id}`, alt: f.alt_txt ?? f.title ?? f.name }), h('div', { className: 'caption' }, f.title ?? f.name))
          : h('div', {}, '📄 ', h('a', { href: `/api/files/${f.id}`, download: f.name }, f.title ?? f.name), ` (${f.size} bytes)`),
      )),
    );
  }
  return body;
}
