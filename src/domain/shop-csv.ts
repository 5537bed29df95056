/**
 * The list of unregistered shops (manual §3.1 手順3-A-1 「CSV未登録店舗リスト」) as a CSV file:
 * a header row naming the columns (name/店名, phone/電話番号, area/エリア, address/住所; any
 * order), then one shop per line. RFC 4180 quoting, CRLF or LF, a UTF-8 BOM. Each row is checked
 * on its own and every problem is reported with its line number. Pure.
 */
import { areaFromAddress } from './address.js';
import { checkPhone } from './phone.js';

export interface ShopRow {
  line: number;
  name: string;
  /** As stored and shown: 03-1234-5678. */
  phone: string;
  /** The column, else the ward or city of the address. */
  area: string;
}

export interface ShopCsv {
  rows: ShopRow[];
  errors: Array<{ line: number; message: string }>;
}

const COLUMNS: Record<string, 'name' | 'phone' | 'area' | 'address'> = {
  name: 'name', 店名: 'name', phone: 'phone', 電話番号: 'phone', area: 'area', エリア: 'area', address: 'address', 住所: 'address',
};

/** Records with the line each starts on (a quoted field may span lines). */
function records(text: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

export function parseShopCsv(text: string): ShopCsv {
  const [header, ...body] = records(text);
  if (!header) return { rows: [], errors: [{ line: 1, message: 'ファイルが空です（1行目に name,phone,area,address の見出しが必要です）' }] };
  const index = new Map<string, number>();
  header.fields.forEach((f, i) => {
    const column = COLUMNS[f.normalize('NFKC').trim().toLowerCase()] ?? COLUMNS[f.trim()];
    if (column && !index.has(column)) index.set(column, i);
  });
  const missing = (['name', 'phone'] as const).filter((c) => !index.has(c));
  if (missing.length) return { rows: [], errors: [{ line: header.line, message: `見出しに ${missing.join(', ')} がありません（例: name,phone,area,address）` }] };
  const rows: ShopRow[] = [];
  const errors: ShopCsv['errors'] = [];
  const seen = new Map<string, number>();
  for (const r of body) {
    const get = (c: string) => (index.has(c) ? (r.fields[index.get(c)!] ?? '').normalize('NFKC').trim() : '');
    const problems: string[] = [];
    const name = get('name');
    if (!name) problems.push('店名がありません');
    else if (name.length > 100) problems.push('店名が100文字を超えています');
    const phone = checkPhone(get('phone'));
    if (!phone.valid) problems.push(`電話番号の形式が正しくありません（${get('phone') || '空欄'}）`);
    const area = get('area') || areaFromAddress(get('address'));
    if (area.length > 50) problems.push('エリアが50文字を超えています');
    const digits = phone.formatted.replace(/\D/g, '');
    if (phone.valid && seen.has(digits)) problems.push(`電話番号が${seen.get(digits)}行目と重複しています`);
    if (problems.length) {
      errors.push({ line: r.line, message: problems.join('、') });
      continue;
    }
    seen.set(digits, r.line);
    rows.push({ line: r.line, name, phone: phone.formatted, area });
  }
  return { rows, errors };
}
