import { buildRescheduleModal } from '../../../views/procedures/all-shops-ng/reschedule.js';
import { decodeMetadata, openedAtOf, type FormValues } from '../../../views/procedures/form.js';
import { readCandidateCalls } from '../../../views/procedures/all-shops-ng/shop-found.js';
import { startOperation } from '../../../workflows/operation/start.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { refusalModal } from '../shared/refusal.js';

/** 全て断られた in the A modal: the same modal becomes B 日時変更を提案 (manual 手順3-A 4 → 手順3-B). */
export async function handleAllRefused(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  const view = args.body.view!;
  const meta = decodeMetadata(view.private_metadata);
  const start = await startOperation(deps, { alertId: meta.alertId, userId, kinds: ['all_shops_ng'], openedAt: openedAtOf(meta) }).catch(async (error: unknown) => {
    await args.client.views.update({ view_id: view.id, view: refusalModal(error, { alertId: meta.alertId, channel: meta.channel }) });
    throw error;
  });
  const next = buildRescheduleModal({ start, timeZone: deps.config.timezone, channel: meta.channel }, [...(meta.path ?? []), { s: 'A' }], readCandidateCalls(view.state.values as FormValues));
  await args.client.views.update({ view_id: view.id, hash: view.hash, view: next });
}
