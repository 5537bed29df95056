import { describe, expect, it } from 'vitest';
import { neighbourAreas } from '../../src/domain/neighbour-areas.js';

describe('neighbourAreas', () => {
  it('gives the wards next to a ward, with or without 区, and none for an unknown area', () => {
    expect(neighbourAreas('渋谷')).toEqual(['港', '新宿', '目黒', '世田谷', '中野']);
    expect(neighbourAreas('渋谷区')).toEqual(neighbourAreas('渋谷'));
    expect(neighbourAreas('恵比寿')).toEqual([]);
  });
});
