import { describe, expect, it } from 'vitest';
import { ADDRESS_SCAN_CHARS, areaFromAddress } from '../../src/domain/address.js';

describe('areaFromAddress', () => {
  it.each([
    ['東京都渋谷区道玄坂1-2-3', '渋谷区'],
    ['京都府京都市中京区河原町通1', '京都市'],
    ['神奈川県横浜市西区みなとみらい2-3-1', '横浜市'],
    ['北海道札幌市中央区北1条西2丁目', '札幌市'],
    ['大阪府大阪市北区梅田1丁目', '大阪市'],
    ['渋谷区道玄坂2-10-7', '渋谷区'],
    ['', ''],
    ['住所不明', ''],
  ])('%s → %s', (address, area) => expect(areaFromAddress(address)).toBe(area));

  it('hostile input: a 150,000-character address is answered from its first 200 characters only', () => {
    // The old pattern /(?:都|道|府|県)(.+?[区市町村])/ was quadratic on this input (10–22 s).
    const hostile = '都'.repeat(150_000);
    expect(areaFromAddress(hostile)).toBe('');
    expect(areaFromAddress(`東京都渋谷区${'都'.repeat(150_000)}`)).toBe('渋谷区');
    // What lies beyond the scanned prefix cannot change the answer: the work is bounded by it.
    const prefix = '都'.repeat(ADDRESS_SCAN_CHARS);
    expect(areaFromAddress(`${prefix}東京都渋谷区`)).toBe('');
  });
});
