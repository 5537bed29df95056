import { buildShopFoundModal } from '../../../views/procedures/all-shops-ng/shop-found.js';
import { claimShopSearch, readShopSearch } from '../../../workflows/all-shops-ng/found-shop.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, type ClickInput } from '../shared/open.js';

/** A 未登録店舗に電話: the form for the shop found (or 全て断られた → B), shown before the claim. */
export async function handleOpenShopSearch(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  const steps = { read: (input: ClickInput) => readShopSearch(deps, input), claim: (input: ClickInput) => claimShopSearch(deps, input) };
  await openProcedureForm(args, deps, steps, (ctx) => buildShopFoundModal({ ...ctx, areaHint: ctx.start.areaHint, candidates: ctx.start.candidates }));
}
