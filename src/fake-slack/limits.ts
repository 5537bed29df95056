/**
 * Slack's Block Kit limits in one table, and pure validators for messages and views.
 * `validateMessage(args)` / `validateView(view)` return the problems Slack would reject
 * (empty list = valid). Element-level checks live in limits-elements.ts.
 */
import {
  checkElement,
  checkString,
  checkText,
  elementsOf,
  isObject,
  type LimitProblem,
  Problems,
} from './limits-elements.js';
import type { JsonObject } from './types.js';

export type { LimitProblem } from './limits-elements.js';

/** The limits Slack enforces (characters unless noted). */
export const LIMITS = {
  messageBlocks: 50, // blocks per message (top level, and per attachment)
  viewBlocks: 100, // blocks per modal / Home tab
  messageAttachments: 100,
  sectionText: 3000,
  sectionFields: 10, // items
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  actionId: 255,
  blockId: 255,
  callbackId: 255,
  externalId: 255,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3000,
  viewBytes: 250_000, // serialized view size
  modalStack: 3, // stacked modals
  actionsElements: 25, // items
  contextElements: 10, // items
  contextText: 3000,
  markdownText: 12_000,
  inputLabel: 2000,
  inputHint: 2000,
  inputValue: 3000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100, // items
  checkboxOptions: 10, // items
  overflowOptions: 5, // items
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  imageTitle: 2000,
} as const;

/** Block types Slack accepts (anything else is rejected). */
export const KNOWN_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'actions', 'alert', 'call', 'card', 'carousel', 'container', 'context', 'context_actions',
  'data_table', 'divider', 'file', 'header', 'image', 'input', 'markdown', 'plan', 'rich_text',
  'section', 'table', 'task_card', 'video',
]);

/** Slack's wording: `must be less than 51 items [json-pointer:/blocks]`. */
export function formatProblem(problem: LimitProblem): string {
  return `${problem.message} [json-pointer:${problem.pointer}]`;
}

type Surface = 'message' | 'modal' | 'home';

function checkBlock(p: Problems, block: unknown, pointer: string, blockIds: Set<string>): void {
  if (!isObject(block)) return p.add(pointer, 'must provide an object');
  if (typeof block.type !== 'string' || !KNOWN_BLOCK_TYPES.has(block.type)) {
    return p.add(`${pointer}/type`, `unsupported block type: ${String(block.type)}`);
  }
  if (block.block_id !== undefined) {
    checkString(p, block.block_id, `${pointer}/block_id`, LIMITS.blockId, true);
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) p.add(`${pointer}/block_id`, `duplicate block_id: ${block.block_id}`);
      blockIds.add(block.block_id);
    }
  }
  switch (block.type) {
    case 'section': {
      checkText(p, block.text, `${pointer}/text`, { max: LIMITS.sectionText });
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) p.add(`${pointer}/fields`, 'must provide an array');
        else {
          if (block.fields.length > LIMITS.sectionFields) {
            p.add(`${pointer}/fields`, `must be less than ${LIMITS.sectionFields + 1} items`);
          }
          block.fields.forEach((f: unknown, i: number) =>
            checkText(p, f, `${pointer}/fields/${i}`, { max: LIMITS.sectionFieldText, required: true }),
          );
        }
      }
      if (block.text === undefined && block.fields === undefined && block.expand === undefined) {
        p.add(pointer, 'must provide text or fields');
      }
      if (block.accessory !== undefined) checkElement(p, block.accessory, `${pointer}/accessory`);
      break;
    }
    case 'header':
      checkText(p, block.text, `${pointer}/text`, { max: LIMITS.headerText, plainOnly: true, required: true });
      break;
    case 'actions':
      checkItems(p, block.elements, `${pointer}/elements`, LIMITS.actionsElements, (el, ep) =>
        checkElement(p, el, ep),
      );
      break;
    case 'context':
      checkItems(p, block.elements, `${pointer}/elements`, LIMITS.contextElements, (el, ep) => {
        if (isObject(el) && (el.type === 'plain_text' || el.type === 'mrkdwn')) {
          checkText(p, el, ep, { max: LIMITS.contextText, required: true });
        } else checkElement(p, el, ep);
      });
      break;
    case 'image':
      checkString(p, block.image_url, `${pointer}/image_url`, LIMITS.url, block.slack_file === undefined);
      checkString(p, block.alt_text, `${pointer}/alt_text`, LIMITS.imageAltText, true);
      checkText(p, block.title, `${pointer}/title`, { max: LIMITS.imageTitle, plainOnly: true });
      break;
    case 'input':
      checkText(p, block.label, `${pointer}/label`, { max: LIMITS.inputLabel, plainOnly: true, required: true });
      checkText(p, block.hint, `${pointer}/hint`, { max: LIMITS.inputHint, plainOnly: true });
      if (block.element === undefined) p.add(`${pointer}/element`, 'must provide an object');
      else checkElement(p, block.element, `${pointer}/element`);
      break;
    case 'markdown':
      checkString(p, block.text, `${pointer}/text`, LIMITS.markdownText, true);
      break;
  }
  const seen = new Set<string>();
  for (const el of elementsOf(block)) {
    if (typeof el.action_id !== 'string') continue;
    if (seen.has(el.action_id)) p.add(pointer, `duplicate action_id in block: ${el.action_id}`);
    seen.add(el.action_id);
  }
}

function checkItems(
  p: Problems,
  value: unknown,
  pointer: string,
  max: number,
  each: (item: unknown, pointer: string) => void,
): void {
  if (!Array.isArray(value)) return p.add(pointer, 'must provide an array');
  if (value.length === 0) p.add(pointer, 'must provide at least 1 item');
  if (value.length > max) p.add(pointer, `must be less than ${max + 1} items`);
  value.forEach((item, i) => each(item, `${pointer}/${i}`));
}

function checkBlocks(
  p: Problems,
  blocks: unknown,
  pointer: string,
  max: number,
  blockIds: Set<string>,
): void {
  if (blocks === undefined || blocks === null) return;
  if (!Array.isArray(blocks)) return p.add(pointer, 'must provide an array');
  if (blocks.length > max) p.add(pointer, `must be less than ${max + 1} items`);
  blocks.forEach((b, i) => checkBlock(p, b, `${pointer}/${i}`, blockIds));
}

/**
 * Checks the blocks of a message (`chat.postMessage`, `chat.update`, `chat.postEphemeral`,
 * response_url bodies): top-level `blocks` and every `attachments[].blocks`.
 */
export function validateMessage(args: JsonObject): LimitProblem[] {
  const p = new Problems();
  const blockIds = new Set<string>();
  checkBlocks(p, args.blocks, '/blocks', LIMITS.messageBlocks, blockIds);
  if (args.attachments !== undefined && args.attachments !== null) {
    if (!Array.isArray(args.attachments)) p.add('/attachments', 'must provide an array');
    else {
      if (args.attachments.length > LIMITS.messageAttachments) {
        p.add('/attachments', `must be less than ${LIMITS.messageAttachments + 1} items`);
      }
      args.attachments.forEach((a: unknown, i: number) => {
        if (!isObject(a)) return p.add(`/attachments/${i}`, 'must provide an object');
        checkBlocks(p, a.blocks, `/attachments/${i}/blocks`, LIMITS.messageBlocks, blockIds);
      });
    }
  }
  return p.list;
}

/** Checks a modal or Home tab view (`views.open/push/update/publish`, ack `response_action`). */
export function validateView(view: unknown): LimitProblem[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add('/view', 'must provide an object');
    return p.list;
  }
  const surface: Surface | undefined =
    view.type === 'modal' ? 'modal' : view.type === 'home' ? 'home' : undefined;
  if (!surface) p.add('/view/type', 'must be one of: modal, home');
  if (!Array.isArray(view.blocks)) p.add('/view/blocks', 'must provide an array');
  checkBlocks(p, view.blocks, '/view/blocks', LIMITS.viewBlocks, new Set());
  if (surface === 'modal') {
    checkText(p, view.title, '/view/title', { max: LIMITS.modalTitle, plainOnly: true, required: true });
    checkText(p, view.submit, '/view/submit', { max: LIMITS.modalSubmit, plainOnly: true });
    checkText(p, view.close, '/view/close', { max: LIMITS.modalClose, plainOnly: true });
    const hasInput =
      Array.isArray(view.blocks) && view.blocks.some((b: unknown) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) {
      p.add('/view/submit', 'must provide submit when the view contains input blocks');
    }
  } else if (surface === 'home') {
    checkText(p, view.title, '/view/title', { max: LIMITS.modalTitle, plainOnly: true });
  }
  checkString(p, view.callback_id, '/view/callback_id', LIMITS.callbackId);
  checkString(p, view.private_metadata, '/view/private_metadata', LIMITS.privateMetadata);
  checkString(p, view.external_id, '/view/external_id', LIMITS.externalId);
  const bytes = Buffer.byteLength(JSON.stringify(view), 'utf8');
  if (bytes > LIMITS.viewBytes) p.add('/view', `must be less than ${LIMITS.viewBytes + 1} bytes`);
  return p.list;
}
