import type { Db } from '../db/client.js';
import type { Shop } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { DomainError } from '../errors.js';
import { createRepositories } from '../repositories/index.js';

export const SHOP_USAGE = '使い方: `/qrv shop 渋谷`（店名・エリアで検索）、`/qrv shop SHOP-105`（店舗カード）';
const SHOP_ID = /^SHOP-[0-9]{3,}$/;
const SEARCH_LIMIT = 15;

export interface ShopCard {
  shop: Shop;
  calls: { total: number; reservations: number; byOutcome: Record<string, number> };
}

const shopNotFound = (id: string) => new DomainError('SHOP_NOT_FOUND', `店舗が見つかりません: ${id}`, { id });

/** `/qrv shop <ID | 店名・エリア>`: one shop's card, or the shops whose name or area contains the text. */
export async function findShops({ db }: { db: Db }, text: string): Promise<{ card: ShopCard } | { query: string; shops: Shop[]; more: boolean }> {
  const query = text.normalize('NFKC').trim();
  if (!query) throw new DomainError('BAD_SHOP_QUERY', `店名・エリア・店舗IDを入力してください。${SHOP_USAGE}`);
  if (query.length > 100) throw new DomainError('BAD_SHOP_QUERY', `検索語は100文字以内にしてください。${SHOP_USAGE}`);
  if (SHOP_ID.test(query.toUpperCase())) return { card: await loadShopCard({ db }, query.toUpperCase()) };
  const rows = await createRepositories({ db }).shops.search(query, SEARCH_LIMIT + 1);
  return { query, shops: rows.slice(0, SEARCH_LIMIT), more: rows.length > SEARCH_LIMIT };
}

export async function loadShopCard({ db }: { db: Db }, id: string): Promise<ShopCard> {
  const repos = createRepositories({ db });
  const shop = await repos.shops.findById(id);
  if (!shop) throw shopNotFound(id);
  return { shop, calls: await repos.shops.callCounts(id) };
}

type Change = { kind: 'edit'; changes: Pick<Shop, 'name' | 'phone' | 'area'> } | { kind: 'promote' } | { kind: 'exclude' };

/** 編集 / 提携店リストに追加 / 対象外: one compare-and-set in a transaction, with its history entry. */
export async function changeShop({ db, clock }: { db: Db; clock: Clock }, { id, userId, change }: { id: string; userId: string; change: Change }): Promise<ShopCard> {
  await db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const before = await repos.shops.findById(id);
    if (!before) throw shopNotFound(id);
    let after: Shop | undefined;
    if (change.kind === 'edit') {
      const other = await repos.shops.findByPhone(change.changes.phone);
      if (other && other.id !== id) throw new DomainError('SHOP_PHONE_TAKEN', `この電話番号は ${other.name}（${other.id}）で登録済みです。`);
      after = await repos.shops.update(id, change.changes);
    } else if (change.kind === 'promote') {
      after = await repos.shops.promote(id);
      if (!after) throw new DomainError('SHOP_ALREADY_LISTED', `${before.name}（${id}）はすでに提携店リストに登録されています。`);
    } else {
      after = await repos.shops.exclude({ id, userId, at: clock.now() });
      if (!after) throw new DomainError('SHOP_NOT_EXCLUDABLE', `${before.name}（${id}）は${before.listed ? '提携店リストに登録済み' : 'すでに対象外'}です。`);
    }
    const pick = (s: Shop) => ({ name: s.name, phone: s.phone, area: s.area, listed: s.listed, excluded: s.excludedAt !== null });
    await repos.history.append({ actor: userId, action: `shop.${change.kind}`, reservationId: null, alertId: null, before: { id, ...pick(before) }, after: { id, ...pick(after!) } });
  });
  return loadShopCard({ db }, id);
}
