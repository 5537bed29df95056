import { describe, expect, it } from 'vitest';
import { formatProblem, LIMITS, validateMessage, validateView } from '../../src/fake-slack/limits.js';

const section = (text: string, extra: object = {}) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...extra });
const button = (action_id: string, text = 'OK', extra: object = {}) => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text },
  ...extra,
});
const messages = (args: object) => validateMessage(args).map(formatProblem);
const views = (view: unknown) => validateView(view).map(formatProblem);
const modal = (extra: object = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'タイトル' },
  blocks: [section('hi')],
  ...extra,
});

describe('validateMessage', () => {
  it('accepts a typical alert message with a colour bar attachment', () => {
    expect(
      messages({
        text: 'fallback',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: '全店NG' } }],
        attachments: [{ color: '#FF0000', blocks: [section('詳細'), { type: 'actions', elements: [button('a'), button('b')] }] }],
      }),
    ).toEqual([]);
  });

  it('limits blocks to 50 at the top level and inside each attachment', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(messages({ blocks })).toEqual(['must be less than 51 items [json-pointer:/blocks]']);
    expect(messages({ blocks: blocks.slice(0, 50) })).toEqual([]);
    expect(messages({ attachments: [{ blocks }] })).toEqual([
      'must be less than 51 items [json-pointer:/attachments/0/blocks]',
    ]);
  });

  it('checks section text and fields', () => {
    expect(messages({ blocks: [section('x'.repeat(3000))] })).toEqual([]);
    expect(messages({ blocks: [section('x'.repeat(3001))] })).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const field = (t: string) => ({ type: 'mrkdwn', text: t });
    expect(
      messages({ blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => field('a')) }] }),
    ).toEqual(['must be less than 11 items [json-pointer:/blocks/0/fields]']);
    expect(messages({ blocks: [{ type: 'section', fields: [field('y'.repeat(2001))] }] })).toEqual([
      'must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
    ]);
    expect(messages({ blocks: [section('')] })).toEqual([
      'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(messages({ blocks: [section('😀'.repeat(3000))] })).toEqual([]);
  });

  it('requires plain_text in headers and buttons, with their lengths', () => {
    expect(messages({ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: '*x*' } }] })).toEqual([
      'must be plain_text (mrkdwn is not allowed here) [json-pointer:/blocks/0/text/type]',
    ]);
    expect(messages({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })).toEqual([
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const actions = (el: object) => ({ blocks: [{ type: 'actions', elements: [el] }] });
    expect(messages(actions(button('a', 'b'.repeat(76))))).toEqual([
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ]);
    expect(messages(actions({ ...button('a'), text: { type: 'mrkdwn', text: 'b' } }))).toHaveLength(1);
    expect(messages(actions(button('a', 'ok', { value: 'v'.repeat(2001) })))).toEqual([
      'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ]);
    expect(messages(actions(button('a', 'ok', { url: `https://x/${'u'.repeat(3000)}` })))).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]',
    ]);
    expect(messages(actions(button('a'.repeat(256))))).toEqual([
      'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
    ]);
  });

  it('rejects duplicate action_ids in a block and duplicate block_ids in a message', () => {
    expect(messages({ blocks: [{ type: 'actions', elements: [button('same'), button('same')] }] })).toEqual([
      'duplicate action_id in block: same [json-pointer:/blocks/0]',
    ]);
    // The same action_id in two different blocks is fine.
    expect(
      messages({ blocks: [{ type: 'actions', elements: [button('a')] }, { type: 'actions', elements: [button('a')] }] }),
    ).toEqual([]);
    expect(
      messages({ blocks: [section('a', { block_id: 'b1' })], attachments: [{ blocks: [section('b', { block_id: 'b1' })] }] }),
    ).toEqual(['duplicate block_id: b1 [json-pointer:/attachments/0/blocks/0/block_id]']);
    expect(messages({ blocks: [section('a', { block_id: 'b'.repeat(256) })] })).toEqual([
      'must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    ]);
  });

  it('rejects unknown block types and malformed blocks', () => {
    expect(messages({ blocks: [{ type: 'sektion' }] })).toEqual([
      'unsupported block type: sektion [json-pointer:/blocks/0/type]',
    ]);
    expect(messages({ blocks: 'not json' })).toEqual(['must provide an array [json-pointer:/blocks]']);
    expect(messages({ blocks: [{ type: 'section' }] })).toEqual(['must provide text or fields [json-pointer:/blocks/0]']);
  });

  it('checks selects and confirm dialogs', () => {
    const option = (v: string) => ({ text: { type: 'plain_text', text: v }, value: v });
    const select = {
      type: 'static_select',
      action_id: 's',
      placeholder: { type: 'plain_text', text: '選択' },
      options: Array.from({ length: 101 }, (_, i) => option(String(i))),
    };
    expect(messages({ blocks: [{ type: 'actions', elements: [select] }] })).toEqual([
      'must be less than 101 items [json-pointer:/blocks/0/elements/0/options]',
    ]);
    const confirm = {
      title: { type: 'plain_text', text: 't'.repeat(101) },
      text: { type: 'mrkdwn', text: 'ok?' },
      confirm: { type: 'plain_text', text: 'はい' },
      deny: { type: 'plain_text', text: 'いいえ' },
    };
    expect(messages({ blocks: [{ type: 'actions', elements: [button('a', 'x', { confirm })] }] })).toEqual([
      'must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]',
    ]);
  });
});

describe('validateView', () => {
  it('accepts a modal with inputs and a submit button', () => {
    expect(
      views(
        modal({
          callback_id: 'create',
          submit: { type: 'plain_text', text: '送信' },
          close: { type: 'plain_text', text: 'キャンセル' },
          blocks: [
            {
              type: 'input',
              block_id: 'name',
              label: { type: 'plain_text', text: '店舗名' },
              element: { type: 'plain_text_input', action_id: 'value' },
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('limits title, submit, close to 24 plain_text characters', () => {
    const long = { type: 'plain_text', text: 'x'.repeat(25) };
    expect(views(modal({ title: long, submit: long, close: long }))).toEqual([
      'must be less than 25 characters [json-pointer:/view/title/text]',
      'must be less than 25 characters [json-pointer:/view/submit/text]',
      'must be less than 25 characters [json-pointer:/view/close/text]',
    ]);
    expect(views(modal({ title: { type: 'mrkdwn', text: 'x' } }))).toEqual([
      'must be plain_text (mrkdwn is not allowed here) [json-pointer:/view/title/type]',
    ]);
    expect(views({ type: 'modal', blocks: [] })).toEqual(['must provide an object [json-pointer:/view/title]']);
  });

  it('limits blocks to 100 and checks ids and metadata', () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(views(modal({ blocks }))).toEqual(['must be less than 101 items [json-pointer:/view/blocks]']);
    expect(views({ type: 'home', blocks: blocks.slice(0, 100) })).toEqual([]);
    expect(views(modal({ callback_id: 'c'.repeat(256), private_metadata: 'm'.repeat(3001) }))).toEqual([
      'must be less than 256 characters [json-pointer:/view/callback_id]',
      'must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ]);
    expect(views(modal({ blocks: [section('a', { block_id: 'x' }), section('b', { block_id: 'x' })] }))).toEqual([
      'duplicate block_id: x [json-pointer:/view/blocks/1/block_id]',
    ]);
  });

  it('requires submit when the modal has input blocks', () => {
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'L' },
      element: { type: 'plain_text_input', action_id: 'v' },
    };
    expect(views(modal({ blocks: [input] }))).toEqual([
      'must provide submit when the view contains input blocks [json-pointer:/view/submit]',
    ]);
  });

  it('rejects a non-object or unknown view type', () => {
    expect(views(null)).toEqual(['must provide an object [json-pointer:/view]']);
    expect(views({ type: 'dialog', blocks: [] })).toEqual(['must be one of: modal, home [json-pointer:/view/type]']);
  });

  it('exposes the limit table', () => {
    expect(LIMITS.messageBlocks).toBe(50);
    expect(LIMITS.viewBlocks).toBe(100);
    expect(LIMITS.modalTitle).toBe(24);
  });
});
