import { describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/fake-slack/limits.js';
import { escapeMrkdwn, fitMessage, inert, OMITTED, truncate } from '../../src/views/text.js';

describe('Slack text: escaped and cut', () => {
  it('escapes what could mention or link', () => {
    expect(escapeMrkdwn('<!channel> & <https://evil.example|Stripe>')).toBe('&lt;!channel&gt; &amp; &lt;https://evil.example|Stripe&gt;');
  });

  it.each([
    ['short text is kept', 'あいう', 10, 'あいう'],
    ['a cut is marked', 'あ'.repeat(100), 20, `${'あ'.repeat(20 - OMITTED.length)}${OMITTED}`],
    ['an emoji family is never split', `${'a'.repeat(11)}👨‍👩‍👧‍👦tail`, 20, `${'a'.repeat(11)}${OMITTED}`],
    ['a flag is never split', `${'a'.repeat(12)}🇯🇵zzzzz`, 20, `${'a'.repeat(12)}${OMITTED}`],
    ['a tiny limit gets a short mark', 'abcdefgh', 4, 'abc…'],
  ])('%s', (_name, text, max, expected) => {
    const out = truncate(text, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });

  it('never leaves half an entity after escaping', () => {
    const out = inert(`${'x'.repeat(12)}<<<<`, 20);
    expect(out).toBe(`${'x'.repeat(12)}${OMITTED}`);
    expect(inert(`${'x'.repeat(11)}<<<<`, 20)).toBe(`${'x'.repeat(11)}&lt;${OMITTED}`);
    expect(out).not.toMatch(/&[a-z]*…/);
  });

  it('fitMessage cuts every field of a 1 MB message so Slack accepts it', () => {
    const huge = 'あ'.repeat(1_000_000);
    const message = {
      text: huge,
      attachments: [
        {
          fallback: huge,
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: huge } },
            { type: 'section', text: { type: 'mrkdwn', text: huge }, fields: [{ type: 'mrkdwn', text: huge }] },
            { type: 'context', elements: [{ type: 'mrkdwn', text: huge }] },
            { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: huge } }] },
            ...Array.from({ length: 60 }, () => ({ type: 'divider' })),
          ],
        },
      ],
    };
    const before = structuredClone(message);
    const fitted = fitMessage(message);
    expect(validateMessage(fitted)).toEqual([]);
    expect(fitted.text!.endsWith(OMITTED)).toBe(true);
    expect(fitted.attachments[0]!.blocks).toHaveLength(50);
    expect(fitted.attachments[0]!.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: OMITTED }] });
    // The message it was given is left as it was, every nested field included.
    expect(message).toEqual(before);
  });

  it('fitMessage shares what needs no cut with the message it was given, and cuts only the rest', () => {
    const long = 'い'.repeat(2_500);
    const actions = { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: '担当する' } }] };
    const header = { type: 'header', text: { type: 'plain_text', text: '全店NG QRV-A1B2C3' } };
    const message = { text: '全店NG', blocks: [header, { type: 'section', text: { type: 'mrkdwn', text: 'ok' }, fields: [{ type: 'mrkdwn', text: long }] }, actions] };
    const fitted = fitMessage(message);
    expect(fitted).not.toBe(message);
    expect(fitted.blocks[0]).toBe(header);
    expect(fitted.blocks[2]).toBe(actions);
    expect(fitted.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'ok' }, fields: [{ type: 'mrkdwn', text: `${'い'.repeat(2_000 - OMITTED.length)}${OMITTED}` }] });
    expect((message.blocks[1] as { fields: Array<{ text: string }> }).fields[0]!.text).toBe(long);
    expect(fitMessage({ text: '全店NG' })).toEqual({ text: '全店NG' });
  });
});
