/**
 * The area (区市町村) of a Japanese address, e.g. 東京都渋谷区道玄坂1-2-3 → 渋谷区. Bounded work on
 * any input: only the first ADDRESS_SCAN_CHARS characters are read, and the pattern has no
 * unbounded or nested quantifier, and it is anchored at the start (prefecture, then at most 20
 * characters up to the area).
 */
export const ADDRESS_SCAN_CHARS = 200;

const AREA = /^\s*(?:東京都|北海道|大阪府|京都府|[^\s\d]{2,3}?県)?\s*([^\s\d]{1,20}?[区市町村])/;

export function areaFromAddress(address: string): string {
  return AREA.exec(address.slice(0, ADDRESS_SCAN_CHARS))?.[1] ?? '';
}
