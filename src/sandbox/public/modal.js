// Modals: every input the bot uses, Slack's required check, field errors under the field.
import { blocksEl, h, textEl } from './blocks.js';

const REQUIRED = 'この項目は必須です';

let serial = 0;

function inputElement(e, users, id) {
  const common = { id, name: `${id}-${e.action_id}`, 'data-type': e.type };
  switch (e.type) {
    case 'plain_text_input':
      return e.multiline
        ? h('textarea', { ...common, placeholder: e.placeholder?.text }, e.initial_value ?? '')
        : h('input', { ...common, type: 'text', placeholder: e.placeholder?.text, value: e.initial_value ?? '' });
    case 'email_text_input':
      return h('input', { ...common, type: 'email', placeholder: e.placeholder?.text, value: e.initial_value ?? '' });
    case 'url_text_input':
      return h('input', { ...common, type: 'url', placeholder: e.placeholder?.text, value: e.initial_value ?? '' });
    case 'number_input':
      return h('input', { ...common, type: 'number', step: e.is_decimal_allowed ? 'any' : '1', min: e.min_value, max: e.max_value, value: e.initial_value ?? '' });
    case 'datepicker':
      return h('input', { ...common, type: 'date', value: e.initial_date ?? '' });
    case 'timepicker':
      return h('input', { ...common, type: 'time', value: e.initial_time ?? '' });
    case 'static_select': {
      const options = e.options ?? (e.option_groups ?? []).flatMap((g) => g.options);
      return h('select', common, h('option', { value: '' }, e.placeholder?.text ?? '選択してください'), options.map((o) => h('option', { value: o.value, selected: e.initial_option?.value === o.value }, o.text.text)));
    }
    case 'users_select':
    case 'multi_users_select':
      return h('select', { ...common, multiple: e.type === 'multi_users_select' }, e.type === 'users_select' ? h('option', { value: '' }, e.placeholder?.text ?? 'ユーザーを選択') : null, users.map((u) => h('option', { value: u.id, selected: e.initial_user === u.id || (e.initial_users ?? []).includes(u.id) }, u.name)));
    case 'radio_buttons':
    case 'checkboxes': {
      const initial = e.type === 'radio_buttons' ? [e.initial_option?.value] : (e.initial_options ?? []).map((o) => o.value);
      return h('div', { ...common, role: e.type === 'radio_buttons' ? 'radiogroup' : 'group' }, (e.options ?? []).map((o) =>
        h('label', { className: 'choice' }, h('input', { type: e.type === 'radio_buttons' ? 'radio' : 'checkbox', name: `${id}-choice`, value: o.value, checked: initial.includes(o.value) }), ' ', o.text.text, o.description ? h('span', { className: 'caption' }, ` — ${o.description.text}`) : null),
      ));
    }
    default:
      return h('input', { ...common, type: 'text' });
  }
}

/** The value Slack would report for an input, as the fake Slack's shorthand (string, list, or null). */
function readValue(block, e) {
  const el = block.querySelector('[data-type]');
  if (e.type === 'radio_buttons') return block.querySelector('input:checked')?.value ?? null;
  if (e.type === 'checkboxes') return [...block.querySelectorAll('input:checked')].map((i) => i.value);
  if (e.type === 'multi_users_select') return [...el.selectedOptions].map((o) => o.value);
  const v = el?.value ?? '';
  return v === '' ? null : v;
}

const isEmpty = (v) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Draws the top view of the stack. `keep` returns the DOM already shown when the same view is
 * still on top (what the user typed stays); `actions` reach the server.
 */
export function renderModal(layer, stack, ctx, actions) {
  const top = stack.at(-1);
  if (!top) {
    layer.hidden = true;
    layer.replaceChildren();
    layer.dataset.key = '';
    return;
  }
  const key = `${top.id}:${top.hash ?? ''}`;
  layer.hidden = false;
  if (layer.dataset.key === key) return;
  layer.dataset.key = key;
  const inputs = [];
  const blockCtx = {
    ...ctx,
    onAction: (a) => actions.click({ ...a, viewId: top.id }),
    input: (b) => {
      const id = `in-${++serial}`;
      const el = h('div', { className: 'input-block', 'data-block-id': b.block_id },
        h('label', { className: 'title', for: id }, b.label?.text ?? '', b.optional ? h('span', { className: 'optional' }, '（任意）') : null),
        inputElement(b.element, ctx.users, id),
        b.hint ? h('div', { className: 'hint' }, b.hint.text) : null,
        h('div', { className: 'field-error', role: 'alert' }),
      );
      inputs.push({ block: b, el });
      return el;
    },
  };
  const content = blocksEl(top.blocks, blockCtx);
  const showErrors = (errors) => {
    for (const block of layer.querySelectorAll('.input-block')) {
      const message = errors?.[block.dataset.blockId];
      block.classList.toggle('has-error', !!message);
      block.querySelector('.field-error').textContent = message ?? '';
    }
  };
  const submit = async () => {
    const values = {};
    const missing = {};
    for (const { block: b, el } of inputs) {
      const v = readValue(el, b.element);
      if (!b.optional && isEmpty(v)) missing[b.block_id] = REQUIRED;
      values[b.block_id] = { [b.element.action_id]: v };
    }
    if (Object.keys(missing).length) return showErrors(missing);
    showErrors({});
    const result = await actions.submit({ viewId: top.id, values });
    if (result?.errors) showErrors(result.errors);
  };
  const modal = h('div', { className: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': top.title?.text ?? '' },
    h('header', {}, h('span', {}, top.title?.text ?? ''), stack.length > 1 ? h('span', { className: 'stack' }, `${stack.length} 枚目`) : null,
      h('button', { className: 'btn', type: 'button', 'aria-label': '閉じる', onclick: () => actions.close({ viewId: top.id }) }, '×')),
    h('div', { className: 'content' }, content),
    h('footer', {},
      h('button', { className: 'btn', type: 'button', onclick: () => actions.close({ viewId: top.id }) }, top.close?.text ?? (stack.length > 1 ? '戻る' : 'キャンセル')),
      top.submit ? h('button', { className: 'btn primary', type: 'button', 'data-submit': '', onclick: submit }, top.submit.text) : null),
  );
  layer.replaceChildren(modal);
  const first = layer.querySelector('input, textarea, select');
  first?.focus();
}

export { textEl };
