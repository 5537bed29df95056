import { SHOP_ACTIONS, SHOP_VIEWS } from '../../views/ids/shops.js';
import { DomainError } from '../../errors.js';
import { isSlackResponseUrl } from '../errors.js';
import { downloadSlackFile } from '../../slack/files.js';
import { buildShopCard, buildShopEditModal, buildShopImportModal, buildShopSearch, parseShopEdit, parseShopEditMetadata, parseShopImport, shopImportFailure, shopImportSummary } from '../../views/shops.js';
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

/** The CSV submitted: downloaded and imported before the ack, so a bad row stays a field error and nothing is written. */
async function handleImportSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const parsed = parseShopImport(args.view.state.values as Parameters<typeof parseShopImport>[0], args.view.private_metadata);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  const userId = args.body.user.id;
  let counts;
  try {
    if (!isSlackResponseUrl(parsed.value.url, deps.config.slack.apiUrl)) throw new DomainError('SLACK_FILE_DOWNLOAD', 'Slack以外のURLのファイルは取得しません。Slackでアップロードしてください。');
    const csv = await downloadSlackFile({ token: args.context.botToken ?? deps.config.slack.botToken ?? '', url: parsed.value.url });
    counts = await importShops(deps, { csv, actor: userId });
  } catch (error) {
    const errors = shopImportFailure(error);
    if (!errors) throw error;
    return void (await args.ack({ response_action: 'errors', errors }));
  }
  await args.ack();
  const summary = shopImportSummary(counts);
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
