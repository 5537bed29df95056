/**
 * What an operator types, made safe to store and to cut: PostgreSQL refuses U+0000 in text, other
 * control characters garble Slack and the logs, and a cut through an emoji leaves half of it.
 */

// C0 and C1 controls except tab and line feed (kept: notes have lines).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// A surrogate half without its partner cannot be encoded as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Typed text without NUL and other control characters (CR LF → LF), trimmed. */
export function cleanTypedText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD').trim();
}

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/** The longest start of `text` within `max` UTF-16 units that ends on a whole character (grapheme). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** Plain decimal digits only (after full-width folding): no sign, point, exponent or hex. */
export function parseDigits(text: string): number | null {
  const folded = text.normalize('NFKC').trim();
  return /^[0-9]{1,15}$/.test(folded) ? Number(folded) : null;
}
