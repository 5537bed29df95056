/**
 * Validation of Block Kit composition objects (text, option, confirm) and block elements.
 * Limits come from the table in limits.ts; messages mimic Slack's `invalid_blocks` errors.
 */
// Circular with limits.ts on purpose: the one limit table lives there; LIMITS is only read at call time.
import { LIMITS } from './limits.js';
import type { JsonObject } from './types.js';

export interface LimitProblem {
  /** JSON pointer into the checked object, e.g. `/blocks/3/text/text`. */
  pointer: string;
  message: string;
}

/** Collects problems; shared by the block and element validators. */
export class Problems {
  readonly list: LimitProblem[] = [];
  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters (code points), as Slack counts them. */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** An optional (unless `required`) string field of at most `max` characters. */
export function checkString(
  p: Problems,
  value: unknown,
  pointer: string,
  max: number,
  required = false,
): void {
  if (value === undefined || value === null) {
    if (required) p.add(pointer, 'must provide a string');
    return;
  }
  if (typeof value !== 'string') {
    p.add(pointer, 'must provide a string');
    return;
  }
  if (required && value.length === 0) p.add(pointer, 'must be more than 0 characters');
  if (charLength(value) > max) p.add(pointer, `must be less than ${max + 1} characters`);
}

export interface TextRule {
  max: number;
  /** Only `plain_text` is accepted (header, button text, modal title, labels, …). */
  plainOnly?: boolean;
  required?: boolean;
}

/** A text composition object `{ type: 'plain_text' | 'mrkdwn', text }`. */
export function checkText(p: Problems, value: unknown, pointer: string, rule: TextRule): void {
  if (value === undefined || value === null) {
    if (rule.required) p.add(pointer, 'must provide an object');
    return;
  }
  if (!isObject(value)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    p.add(`${pointer}/type`, 'must be one of: plain_text, mrkdwn');
  } else if (rule.plainOnly && value.type !== 'plain_text') {
    p.add(`${pointer}/type`, 'must be plain_text (mrkdwn is not allowed here)');
  }
  if (typeof value.text !== 'string') {
    p.add(`${pointer}/text`, 'must provide a string');
    return;
  }
  if (value.text.length === 0) p.add(`${pointer}/text`, 'must be more than 0 characters');
  if (charLength(value.text) > rule.max) {
    p.add(`${pointer}/text`, `must be less than ${rule.max + 1} characters`);
  }
}

function checkArray(
  p: Problems,
  value: unknown,
  pointer: string,
  max: number,
  required = false,
): unknown[] {
  if (value === undefined || value === null) {
    if (required) p.add(pointer, 'must provide an array');
    return [];
  }
  if (!Array.isArray(value)) {
    p.add(pointer, 'must provide an array');
    return [];
  }
  if (required && value.length === 0) p.add(pointer, 'must provide at least 1 item');
  if (value.length > max) p.add(pointer, `must be less than ${max + 1} items`);
  return value;
}

/** An option object; `plainOnly` for selects and overflow menus (checkboxes accept mrkdwn). */
function checkOption(p: Problems, o: unknown, pointer: string, plainOnly: boolean): void {
  if (!isObject(o)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  checkText(p, o.text, `${pointer}/text`, { max: LIMITS.optionText, plainOnly, required: true });
  checkString(p, o.value, `${pointer}/value`, LIMITS.optionValue);
  checkText(p, o.description, `${pointer}/description`, { max: LIMITS.optionText, plainOnly: true });
  checkString(p, o.url, `${pointer}/url`, LIMITS.url);
}

function checkOptions(p: Problems, el: JsonObject, pointer: string, max: number, plain: boolean) {
  const options = checkArray(p, el.options, `${pointer}/options`, max);
  options.forEach((o, i) => checkOption(p, o, `${pointer}/options/${i}`, plain));
  const groups = checkArray(p, el.option_groups, `${pointer}/option_groups`, LIMITS.selectOptions);
  groups.forEach((g, i) => {
    const gp = `${pointer}/option_groups/${i}`;
    if (!isObject(g)) return p.add(gp, 'must provide an object');
    checkText(p, g.label, `${gp}/label`, { max: LIMITS.optionText, plainOnly: true, required: true });
    const opts = checkArray(p, g.options, `${gp}/options`, LIMITS.selectOptions, true);
    opts.forEach((o, j) => checkOption(p, o, `${gp}/options/${j}`, true));
  });
  if (el.initial_option !== undefined) checkOption(p, el.initial_option, `${pointer}/initial_option`, plain);
}

function checkConfirm(p: Problems, c: unknown, pointer: string): void {
  if (c === undefined) return;
  if (!isObject(c)) return p.add(pointer, 'must provide an object');
  checkText(p, c.title, `${pointer}/title`, { max: LIMITS.confirmTitle, plainOnly: true, required: true });
  checkText(p, c.text, `${pointer}/text`, { max: LIMITS.confirmText, required: true });
  checkText(p, c.confirm, `${pointer}/confirm`, { max: LIMITS.confirmButton, plainOnly: true, required: true });
  checkText(p, c.deny, `${pointer}/deny`, { max: LIMITS.confirmButton, plainOnly: true, required: true });
}

const SELECTS = new Set([
  'static_select', 'multi_static_select', 'external_select', 'multi_external_select',
  'users_select', 'multi_users_select', 'conversations_select', 'multi_conversations_select',
  'channels_select', 'multi_channels_select',
]);
const INPUTS = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);
const OTHER_ELEMENTS = new Set([
  'datetimepicker', 'file_input', 'rich_text_input', 'icon_button', 'feedback_buttons',
  'workflow_button', 'image',
]);

/** Every element type this validator knows; anything else is reported like Slack does. */
const KNOWN_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'button', 'overflow', 'datepicker', 'timepicker', 'checkboxes', 'radio_buttons',
  ...SELECTS, ...INPUTS, ...OTHER_ELEMENTS,
]);

/** A block element (button, select, input, image…). */
export function checkElement(p: Problems, el: unknown, pointer: string): void {
  if (!isObject(el)) return p.add(pointer, 'must provide an object');
  if (typeof el.type !== 'string' || !KNOWN_ELEMENT_TYPES.has(el.type)) {
    return p.add(`${pointer}/type`, `unsupported element type: ${String(el.type)}`);
  }
  checkString(p, el.action_id, `${pointer}/action_id`, LIMITS.actionId);
  checkConfirm(p, el.confirm, `${pointer}/confirm`);
  const placeholder = () =>
    checkText(p, el.placeholder, `${pointer}/placeholder`, { max: LIMITS.placeholder, plainOnly: true });
  switch (el.type) {
    case 'button':
    case 'workflow_button':
      checkText(p, el.text, `${pointer}/text`, { max: LIMITS.buttonText, plainOnly: true, required: true });
      checkString(p, el.value, `${pointer}/value`, LIMITS.buttonValue);
      checkString(p, el.url, `${pointer}/url`, LIMITS.url);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
        p.add(`${pointer}/style`, 'must be one of: primary, danger');
      }
      return;
    case 'overflow':
      checkArray(p, el.options, `${pointer}/options`, LIMITS.overflowOptions, true);
      return checkOptions(p, el, pointer, LIMITS.overflowOptions, true);
    case 'checkboxes':
    case 'radio_buttons':
      checkArray(p, el.options, `${pointer}/options`, LIMITS.checkboxOptions, true);
      return checkOptions(p, el, pointer, LIMITS.checkboxOptions, false);
    case 'datepicker':
      placeholder();
      if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date))) {
        p.add(`${pointer}/initial_date`, 'must be in YYYY-MM-DD format');
      }
      return;
    case 'timepicker':
      placeholder();
      if (el.initial_time !== undefined && !/^\d{2}:\d{2}$/.test(String(el.initial_time))) {
        p.add(`${pointer}/initial_time`, 'must be in HH:mm format');
      }
      return;
    case 'image':
      checkString(p, el.image_url, `${pointer}/image_url`, LIMITS.url, el.slack_file === undefined);
      checkString(p, el.alt_text, `${pointer}/alt_text`, LIMITS.imageAltText, true);
      return;
    default:
      if (SELECTS.has(el.type)) {
        placeholder();
        if (el.type.endsWith('static_select')) checkOptions(p, el, pointer, LIMITS.selectOptions, true);
      } else if (INPUTS.has(el.type)) {
        placeholder();
        checkString(p, el.initial_value, `${pointer}/initial_value`, LIMITS.inputValue);
        for (const key of ['min_length', 'max_length'] as const) {
          const n = el[key];
          if (n !== undefined && (typeof n !== 'number' || n < 0 || n > LIMITS.inputValue)) {
            p.add(`${pointer}/${key}`, `must be a number between 0 and ${LIMITS.inputValue}`);
          }
        }
      }
  }
}

/** Collects every element carrying an `action_id` (and its pointer) from a block. */
export function elementsOf(block: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  if (Array.isArray(block.elements)) for (const e of block.elements) if (isObject(e)) out.push(e);
  if (isObject(block.accessory)) out.push(block.accessory);
  if (isObject(block.element)) out.push(block.element);
  return out;
}
