import { describe, expect, it } from 'vitest';
import { isHttpUrl } from '../../src/domain/incident-timeline.js';

describe('isHttpUrl (the report link of 提出済み)', () => {
  it('accepts absolute http(s) links only', () => {
    for (const ok of ['https://wiki.example.jp/postmortem/12', 'http://docs.internal:8080/a?b=c#d', 'https://docs.google.com/document/d/abc/edit']) expect(isHttpUrl(ok)).toBe(true);
    for (const bad of ['', 'wiki/postmortem', 'javascript:alert(1)', 'ftp://example.jp/x', 'mailto:a@example.jp', 'https://', 'https://exa mple.jp/x', '//example.jp/x']) {
      expect(isHttpUrl(bad)).toBe(false);
    }
  });
});
