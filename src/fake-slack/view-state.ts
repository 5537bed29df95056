/**
 * Builds `view.state.values` for a view submission the way Slack does: every input block's
 * element gets a value (its initial value when the user typed nothing), given values override,
 * and a required input left empty is refused (Slack's client would not submit).
 */
import { isObject } from './limits-elements.js';
import type { JsonObject } from './types.js';

/**
 * Values as tests give them: Slack's own shape (`{ type, value | selected_option | … }`) or a
 * shorthand (a string, or a string array for multi-selects/checkboxes) interpreted by the
 * element type found in the view.
 */
export type SubmittedValue = JsonObject | string | string[] | null;
export type SubmittedValues = Record<string, Record<string, SubmittedValue>>;

function findOption(element: JsonObject, value: string): JsonObject {
  const all: JsonObject[] = [
    ...(Array.isArray(element.options) ? element.options : []),
    ...(Array.isArray(element.option_groups)
      ? element.option_groups.flatMap((g: JsonObject) => (Array.isArray(g.options) ? g.options : []))
      : []),
  ];
  return all.find((o) => o.value === value) ?? { text: { type: 'plain_text', text: value }, value };
}

const SINGLE_FIELD: Record<string, string> = {
  plain_text_input: 'value',
  email_text_input: 'value',
  url_text_input: 'value',
  number_input: 'value',
  datepicker: 'selected_date',
  timepicker: 'selected_time',
  datetimepicker: 'selected_date_time',
  users_select: 'selected_user',
  conversations_select: 'selected_conversation',
  channels_select: 'selected_channel',
};
const MULTI_FIELD: Record<string, string> = {
  multi_users_select: 'selected_users',
  multi_conversations_select: 'selected_conversations',
  multi_channels_select: 'selected_channels',
};
const INITIAL: Record<string, string> = {
  value: 'initial_value',
  selected_date: 'initial_date',
  selected_time: 'initial_time',
  selected_date_time: 'initial_date_time',
  selected_user: 'initial_user',
  selected_conversation: 'initial_conversation',
  selected_channel: 'initial_channel',
  selected_users: 'initial_users',
  selected_conversations: 'initial_conversations',
  selected_channels: 'initial_channels',
};

/** The value Slack reports for `element` when the user entered `given` (undefined: untouched). */
function elementValue(element: JsonObject, given?: SubmittedValue): JsonObject {
  const type = String(element.type);
  if (isObject(given)) return { type, ...given };
  const single = SINGLE_FIELD[type];
  if (single) {
    const initial = element[INITIAL[single] ?? ''] ?? null;
    const v = given === undefined ? initial : Array.isArray(given) ? given[0] ?? null : given;
    return { type, [single]: type === 'number_input' && v !== null ? String(v) : v };
  }
  const multi = MULTI_FIELD[type];
  if (multi) {
    const initial = element[INITIAL[multi] ?? ''] ?? [];
    const v = given === undefined ? initial : given === null ? [] : Array.isArray(given) ? given : [given];
    return { type, [multi]: v };
  }
  if (type === 'static_select' || type === 'external_select' || type === 'radio_buttons') {
    if (given === undefined) return { type, selected_option: element.initial_option ?? null };
    const v = Array.isArray(given) ? given[0] : given;
    return { type, selected_option: v === null || v === undefined ? null : findOption(element, v) };
  }
  if (type === 'multi_static_select' || type === 'multi_external_select' || type === 'checkboxes') {
    if (given === undefined) return { type, selected_options: element.initial_options ?? [] };
    const list = given === null ? [] : Array.isArray(given) ? given : [given];
    return { type, selected_options: list.map((v) => findOption(element, v)) };
  }
  if (type === 'file_input') return { type, files: [] };
  if (type === 'rich_text_input') {
    return { type, rich_text_value: element.initial_value ?? { type: 'rich_text', elements: [] } };
  }
  return { type, value: given ?? null };
}

function isEmpty(v: JsonObject): boolean {
  return Object.entries(v).every(
    ([k, x]) => k === 'type' || x === null || x === '' || (Array.isArray(x) && x.length === 0),
  );
}

export interface BuiltState {
  values: Record<string, Record<string, JsonObject>>;
  /** `block_id/action_id` of required inputs left empty. */
  missing: string[];
}

/** Computes `state.values` for submitting `view` with `given` values. */
export function buildViewState(view: JsonObject, given: SubmittedValues = {}): BuiltState {
  const values: BuiltState['values'] = {};
  const missing: string[] = [];
  const blocks: unknown[] = Array.isArray(view.blocks) ? view.blocks : [];
  blocks.forEach((block, index) => {
    if (!isObject(block) || block.type !== 'input' || !isObject(block.element)) return;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `input_${index}`;
    const actionId =
      typeof block.element.action_id === 'string' ? block.element.action_id : `element_${index}`;
    const value = elementValue(block.element, given[blockId]?.[actionId]);
    values[blockId] = { [actionId]: value };
    if (!block.optional && isEmpty(value)) missing.push(`${blockId}/${actionId}`);
  });
  for (const [blockId, actions] of Object.entries(given)) {
    for (const [actionId, v] of Object.entries(actions)) {
      if (values[blockId]?.[actionId]) continue;
      values[blockId] = {
        ...values[blockId],
        [actionId]: isObject(v) ? v : { type: 'plain_text_input', value: v },
      };
    }
  }
  return { values, missing };
}
