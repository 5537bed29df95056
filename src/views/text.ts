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

function cutText(obj: unknown, max: number): void {
  if (isObj(obj) && typeof obj.text === 'string') obj.text = truncate(obj.text, max);
}

function fitBlocks(blocks: unknown): unknown {
  if (!Array.isArray(blocks)) return blocks;
  const kept = blocks.length > SLACK_TEXT_LIMITS.messageBlocks ? blocks.slice(0, SLACK_TEXT_LIMITS.messageBlocks - 1) : blocks;
  if (kept !== blocks) kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: OMITTED }] });
  for (const block of kept) {
    if (!isObj(block)) continue;
    if (block.type === 'header') cutText(block.text, SLACK_TEXT_LIMITS.header);
    if (block.type === 'section') {
      cutText(block.text, SLACK_TEXT_LIMITS.sectionText);
      if (Array.isArray(block.fields)) for (const f of block.fields) cutText(f, SLACK_TEXT_LIMITS.sectionField);
    }
    if (block.type === 'context' && Array.isArray(block.elements)) for (const e of block.elements) cutText(e, SLACK_TEXT_LIMITS.contextText);
    if (block.type === 'actions' && Array.isArray(block.elements)) for (const e of block.elements) if (isObj(e)) cutText(e.text, SLACK_TEXT_LIMITS.buttonText);
  }
  return kept;
}

/**
 * A last pass before a message goes to Slack: every text field of its blocks (top level and in
 * attachments), its `text` and attachment fallbacks cut to Slack's limits. Returns a copy.
 */
export function fitMessage<M extends { text?: string; blocks?: unknown; attachments?: unknown }>(message: M): M {
  const copy = structuredClone(message) as M & Json;
  if (typeof copy.text === 'string') copy.text = truncate(copy.text, SLACK_TEXT_LIMITS.text);
  copy.blocks = fitBlocks(copy.blocks);
  if (Array.isArray(copy.attachments)) {
    for (const a of copy.attachments) {
      if (!isObj(a)) continue;
      a.blocks = fitBlocks(a.blocks);
      if (typeof a.fallback === 'string') a.fallback = truncate(a.fallback, SLACK_TEXT_LIMITS.text);
    }
  }
  if (copy.blocks === undefined) delete copy.blocks;
  return copy;
}
