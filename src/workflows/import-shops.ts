import type { Db } from '../db/client.js';
import { parseShopCsv } from '../domain/shop-csv.js';
import { DomainError } from '../errors.js';
import { createRepositories } from '../repositories/index.js';

/**
 * `qrv shops import <file.csv>`: the unregistered-shop list. Nothing is written unless every row
 * is valid (the errors name their lines). In one transaction: a phone number already known
 * updates that shop's name and area (listed or not, it stays so); a new one is registered as an
 * unlisted shop (listed = false) under the next SHOP-NNN. Importing the same file twice adds nothing.
 */
export async function importShops({ db }: { db: Db }, { csv, actor }: { csv: string; actor: string }): Promise<{ added: number; updated: number; unchanged: number }> {
  const { rows, errors } = parseShopCsv(csv);
  if (errors.length) {
    throw new DomainError('SHOP_CSV_INVALID', `CSVに誤りがあります（何も取り込んでいません）:\n${errors.map((e) => `${e.line}行目: ${e.message}`).join('\n')}`, { errors });
  }
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const counts = { added: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const known = await repos.shops.findByPhone(row.phone);
      if (!known) {
        const shop = await repos.shops.register({ name: row.name, phone: row.phone, area: row.area });
        await repos.history.append({ actor, action: 'shop.imported', reservationId: null, alertId: null, before: null, after: { id: shop.id, name: shop.name, phone: shop.phone, area: shop.area } });
        counts.added++;
      } else if (known.name !== row.name || (row.area && known.area !== row.area)) {
        const area = row.area || known.area;
        await repos.shops.update(known.id, { name: row.name, area });
        await repos.history.append({ actor, action: 'shop.imported', reservationId: null, alertId: null, before: { id: known.id, name: known.name, area: known.area }, after: { id: known.id, name: row.name, area } });
        counts.updated++;
      } else counts.unchanged++;
    }
    return counts;
  });
}
