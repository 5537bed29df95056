/**
 * The one way text from the database, the QRV core or a user enters Slack: escaped for mrkdwn
 * (so `<!channel>` or `<https://…|label>` stay inert) and cut to Slack's limits, marked
 * 「…（省略）」, never splitting a character (grapheme) or an `&amp;` entity.
 */

/** What marks a cut. */
export const OMITTED = '…（省略）';

/** Slack's limits (characters) for the fields fitMessage cuts. */
const SLACK_TEXT_LIMITS = {
  text: 3000,
  header: 150,
  sectionText: 3000,
  sectionField: 2000,
  contextText: 2000,
  buttonText: 75,
  messageBlocks: 50,
} as const;

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/** Escapes user-supplied text for Slack mrkdwn (&, <, >), so it cannot mention or link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters (UTF-16 units), marking the cut; work is bounded by `max`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = max >= OMITTED.length * 3 ? OMITTED : '…';
  const budget = Math.max(0, max - marker.length);
  // Only the head is segmented: a grapheme is at most a few dozen units, so look a little past it.
  let end = 0;
  for (const { index, segment } of graphemes.segment(text.slice(0, budget + 64))) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  const head = text.slice(0, end).replace(/&[a-z]{0,3}$/, '');
  return `${head}${marker}`;
}

/** Text from outside the bot, ready for mrkdwn or a message's `text`: escaped, then cut. */
export function inert(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `obj` with `key` set to `value`: the same object when nothing changes, else a shallow copy. */
function withField(obj: Json, key: string, value: unknown): Json {
  return obj[key] === value ? obj : { ...obj, [key]: value };
}

/** The array with each item mapped: the same array when no item changed. */
function mapItems(items: unknown, fit: (item: unknown) => unknown): unknown {
  if (!Array.isArray(items)) return items;
  const fitted = items.map(fit);
  return fitted.every((item, i) => item === items[i]) ? items : fitted;
}

/** A text object (`{ type, text }`) with its text cut to `max`. */
function cutText(obj: unknown, max: number): unknown {
  return isObj(obj) && typeof obj.text === 'string' ? withField(obj, 'text', truncate(obj.text, max)) : obj;
}

function fitBlock(block: unknown): unknown {
  if (!isObj(block)) return block;
  const L = SLACK_TEXT_LIMITS;
  switch (block.type) {
    case 'header':
      return withField(block, 'text', cutText(block.text, L.header));
    case 'section': {
      const text = withField(block, 'text', cutText(block.text, L.sectionText));
      return withField(text, 'fields', mapItems(block.fields, (f) => cutText(f, L.sectionField)));
    }
    case 'context':
      return withField(block, 'elements', mapItems(block.elements, (e) => cutText(e, L.contextText)));
    case 'actions':
      return withField(block, 'elements', mapItems(block.elements, (e) => (isObj(e) ? withField(e, 'text', cutText(e.text, L.buttonText)) : e)));
    default:
      return block;
  }
}

function fitBlocks(blocks: unknown): unknown {
  if (!Array.isArray(blocks)) return blocks;
  const kept =
    blocks.length > SLACK_TEXT_LIMITS.messageBlocks
      ? [...blocks.slice(0, SLACK_TEXT_LIMITS.messageBlocks - 1), { type: 'context', elements: [{ type: 'mrkdwn', text: OMITTED }] }]
      : blocks;
  return mapItems(kept, fitBlock);
}

/**
 * A last pass before a message goes to Slack: every text field of its blocks (top level and in
 * attachments), its `text` and attachment fallbacks cut to Slack's limits. Returns a new message;
 * the input is never modified, and the parts that needed no cut are shared with it (a deep copy
 * cost about a fifth of rendering an alert card, issue 15).
 */
export function fitMessage<M extends { text?: string; blocks?: unknown; attachments?: unknown }>(message: M): M {
  const copy = { ...message } as M & Json;
  if (typeof copy.text === 'string') copy.text = truncate(copy.text, SLACK_TEXT_LIMITS.text);
  copy.blocks = fitBlocks(copy.blocks);
  copy.attachments = mapItems(copy.attachments, (a) => {
    if (!isObj(a)) return a;
    const fitted = withField(a, 'blocks', fitBlocks(a.blocks));
    return typeof a.fallback === 'string' ? withField(fitted, 'fallback', truncate(a.fallback, SLACK_TEXT_LIMITS.text)) : fitted;
  });
  if (copy.blocks === undefined) delete copy.blocks;
  if (copy.attachments === undefined) delete copy.attachments;
  return copy;
}
