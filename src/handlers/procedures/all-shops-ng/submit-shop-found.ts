import { parseShopFound } from '../../../views/procedures/all-shops-ng/shop-found.js';
import { registerFoundShop } from '../../../workflows/all-shops-ng/found-shop.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

/** A: the shop found is registered and assigned; the payment link goes to the client by SMS. */
export async function handleShopFoundSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseShopFound, (input, { meta, userId }) => ({
    finish: () => registerFoundShop(operationDeps(deps), { ...input, alertId: meta.alertId, userId }),
  }));
}
