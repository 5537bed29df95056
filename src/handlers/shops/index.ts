import { SHOP_ACTIONS, SHOP_VIEWS } from '../../views/ids/shops.js';
import { DomainError } from '../../errors.js';
import { isSlackResponseUrl } from '../errors.js';
import { ACK_WITHIN_MS, settle, within } from '../ack-budget.js';
import { downloadSlackFile } from '../../slack/files.js';
import { buildShopCard, buildShopEditModal, buildShopImportModal, buildShopImportProgress, buildShopSearch, parseShopEdit, parseShopEditMetadata, parseShopImport, shopImportFailure, shopImportSummary } from '../../views/shops.js';
import { importShops } from '../../workflows/import-shops.js';
import { changeShop, findShops, loadShopCard } from '../../workflows/shops.js';
import type { ButtonArgs } from '../alerts/types.js';
import type { Subcommand } from '../commands/index.js';
import type { HandlerDeps } from '../context.js';
import type { SubmitArgs } from '../procedures/shared/types.js';
import type { SurfaceRoutes } from '../routes.js';

/** `/qrv shop 渋谷` / `/qrv shop SHOP-105`: search, or one shop's card (only the caller sees it). */
export const shopCommand: Subcommand = async ({ args, answer, deps, client, command }) => {
  if (isShopImport(args)) {
    await client.views.open({ trigger_id: command.trigger_id, view: buildShopImportModal(command.channel_id) });
    return;
  }
  const found = await findShops(deps, args);
  await answer({ response_type: 'ephemeral', ...('card' in found ? buildShopCard(found.card, deps.config.timezone) : buildShopSearch(found)) });
};

/** `/qrv shop import`: operators only (the access guard asks commandAccess). */
export const isShopImport = (args: string): boolean => args.trim().toLowerCase() === 'import';

/**
 * The CSV submitted: downloaded and imported (all or nothing). Done within the ack budget: a bad row
 * is a field error in the modal, else the modal closes. Slower (a large file, a slow download): the
 * modal shows 取り込み中 at once and then the result, so the ack never waits past Slack's 3 s.
 */
async function handleImportSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const parsed = parseShopImport(args.view.state.values as Parameters<typeof parseShopImport>[0], args.view.private_metadata);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  const userId = args.body.user.id;
  const importing = settle(
    (async () => {
      if (!isSlackResponseUrl(parsed.value.url, deps.config.slack.apiUrl)) throw new DomainError('SLACK_FILE_DOWNLOAD', 'Slack以外のURLのファイルは取得しません。Slackでアップロードしてください。');
      const csv = await downloadSlackFile({ token: args.context.botToken ?? deps.config.slack.botToken ?? '', url: parsed.value.url });
      return importShops(deps, { csv, actor: userId });
    })(),
  );
  const early = await within(importing, ACK_WITHIN_MS);
  if (!early) await args.ack({ response_action: 'update', view: buildShopImportProgress({ state: 'running' }) });
  const done = early ?? (await importing);
  if (!done.ok) {
    const errors = shopImportFailure(done.error);
    if (early && errors) return void (await args.ack({ response_action: 'errors', errors }));
    if (early) await args.ack({ response_action: 'update', view: buildShopImportProgress({ state: 'failed', error: done.error }) });
    else await args.client.views.update({ view_id: args.view.id, view: buildShopImportProgress({ state: 'failed', error: done.error }) });
    if (!errors) throw done.error;
    return;
  }
  const summary = shopImportSummary(done.value);
  if (early) await args.ack();
  else await args.client.views.update({ view_id: args.view.id, view: buildShopImportProgress({ state: 'done', summary: summary.text }) });
  await args.client.chat.postEphemeral({ channel: parsed.value.channel, user: userId, ...summary }).catch(() => args.client.chat.postMessage({ channel: userId, ...summary }));
}

/** カードを表示 on a search result. */
async function handleOpen(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const card = await loadShopCard(deps, args.action.value ?? '');
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...buildShopCard(card, deps.config.timezone) });
}

/** 提携店リストに追加 / 対象外: the card is replaced by its new state. */
const changeHandler = (kind: 'promote' | 'exclude') => async (args: ButtonArgs, deps: HandlerDeps) => {
  await args.ack();
  const card = await changeShop(deps, { id: args.action.value ?? '', userId: args.body.user.id, change: { kind } });
  // On the card (ephemeral) the card is replaced; on the Friday report the report stays and the card goes to the clicker.
  const onCard = Boolean((args.body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral);
  await args.respond({ response_type: 'ephemeral', replace_original: onCard, ...buildShopCard(card, deps.config.timezone) });
};

/** 編集: the modal with the shop's current values. */
async function handleEdit(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const { shop } = await loadShopCard(deps, args.action.value ?? '');
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildShopEditModal(shop, args.body.channel?.id ?? deps.config.alertsChannel) });
}

/** 編集 submitted: field errors in the modal, else saved and the new card shown to the editor. */
async function handleEditSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const meta = parseShopEditMetadata(args.view.private_metadata);
  const parsed = parseShopEdit(args.view.state.values as Parameters<typeof parseShopEdit>[0]);
  if (!parsed.ok || !meta) {
    await args.ack(parsed.ok ? undefined : { response_action: 'errors', errors: parsed.errors });
    if (!meta) throw new Error('shop edit without metadata');
    return;
  }
  await args.ack();
  const userId = args.body.user.id;
  const card = await changeShop(deps, { id: meta.shopId, userId, change: { kind: 'edit', changes: parsed.value } });
  await args.client.chat.postEphemeral({ channel: meta.channel, user: userId, ...buildShopCard(card, deps.config.timezone) }).catch(async () => {
    await args.client.chat.postEphemeral({ channel: deps.config.alertsChannel, user: userId, text: `店舗 ${card.shop.id} を保存しました。` });
  });
}

export const shopRoutes: SurfaceRoutes = {
  actions: [
    [SHOP_ACTIONS.open, handleOpen],
    [SHOP_ACTIONS.edit, handleEdit],
    [SHOP_ACTIONS.promote, changeHandler('promote')],
    [SHOP_ACTIONS.exclude, changeHandler('exclude')],
  ],
  submissions: [
    [SHOP_VIEWS.edit, handleEditSubmit],
    [SHOP_VIEWS.import, handleImportSubmit],
  ],
};
