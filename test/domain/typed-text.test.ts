import { describe, expect, it } from 'vitest';
import { cleanTypedText, cutText, parseDigits } from '../../src/domain/typed-text.js';
import { truncate } from '../../src/views/text.js';

describe('typed text', () => {
  it('drops NUL and other control characters, keeps lines and tabs', () => {
    expect(cleanTypedText(' 発熱\u0000のため\u0007\r\n病院\t受診\u009B ')).toBe('発熱のため\n病院\t受診');
  });

  it('replaces a lone surrogate half (not encodable as UTF-8)', () => {
    expect(cleanTypedText('a\uD83Db')).toBe('a\uFFFDb');
    expect(cleanTypedText('👍')).toBe('👍');
  });

  it('cuts on whole characters: an emoji, a family emoji, a flag, a combining mark', () => {
    expect(cutText('ab👍', 3)).toBe('ab');
    expect(cutText('a👨‍👩‍👧', 6)).toBe('a');
    expect(cutText('🇯🇵🇯🇵', 5)).toBe('🇯🇵');
    expect(cutText('か\u3099き', 1)).toBe('');
    expect(cutText('短い', 10)).toBe('短い');
  });

  it('truncate marks the cut and never leaves half an emoji', () => {
    const cut = truncate('予約👍👍👍', 4);
    expect(cut).toBe('予約…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });

  it('numbers: plain digits only (full-width folded)', () => {
    expect(parseDigits('12000')).toBe(12000);
    expect(parseDigits('１２０００')).toBe(12000);
    for (const bad of ['0x10', '1e2', '-5', '+5', '1.5', '12,000', '', ' ', 'Infinity', '0b11', '1_000']) expect(parseDigits(bad)).toBeNull();
  });
});
