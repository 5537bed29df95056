import type { KnownBlock, ModalView } from '@slack/types';
import type { Shop } from '../db/schema.js';
import { checkPhone, PHONE_FORMAT_ERROR } from '../domain/phone.js';
import { DomainError } from '../errors.js';
import { CALL_OUTCOME_LABELS, type CallOutcome } from '../domain/reservation-status.js';
import { formatDateTime } from '../domain/time.js';
import type { ShopCard } from '../workflows/shops.js';
import { SHOP_ACTIONS, SHOP_FIELDS, SHOP_VIEWS } from './ids/shops.js';
import { input, modal, mrkdwn, textInput } from './procedures/blocks.js';
import { INPUT_ACTION } from './ids/procedures.js';
import { FieldErrors, readText, type FormValues, type Parsed } from './procedures/form.js';
import { escapeMrkdwn, truncate } from './text.js';

type Message = { text: string; blocks: KnownBlock[] };

/** 提携店 / 未登録店舗 / 対象外. Pure. */
export function shopState(shop: Shop): string {
  if (shop.listed) return '提携店';
  return shop.excludedAt ? '対象外（未登録店舗）' : '未登録店舗';
}

const button = (actionId: string, text: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text },
  value,
  ...(style ? { style } : {}),
});

/** `/qrv shop 渋谷`: the matching shops, unlisted first, each with カードを表示. Pure. */
export function buildShopSearch({ query, shops, more }: { query: string; shops: Shop[]; more: boolean }): Message {
  if (shops.length === 0) {
    const text = `「${escapeMrkdwn(query)}」に一致する店舗はありません。`;
    return { text, blocks: [mrkdwn(text)] };
  }
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(`店舗「${query}」（${shops.length}${more ? '件以上' : '件'}）`, 150) } }];
  for (const s of shops) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(s.name)}*（${s.id}） ${shopState(s)}\n${escapeMrkdwn(s.phone)} · ${escapeMrkdwn(s.area || 'エリア未設定')}`, 3000) },
      accessory: button(SHOP_ACTIONS.open, 'カードを表示', s.id),
    });
  }
  if (more) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: '一部のみ表示しています。検索語を絞ってください。' }] });
  return { text: `店舗「${query}」: ${shops.map((s) => `${s.name}（${s.id}）`).join('、')}`, blocks };
}

/** The shop card: phone, area, listed or not, calls by outcome; 編集, 提携店リストに追加 / 対象外 while unlisted. Pure. */
export function buildShopCard({ shop, calls }: ShopCard, timeZone: string): Message {
  const outcomes = Object.entries(calls.byOutcome)
    .map(([o, n]) => `${CALL_OUTCOME_LABELS[o as CallOutcome] ?? o} ${n}回`)
    .join(' · ');
  const excluded = shop.excludedAt ? `\n対象外: <@${shop.excludedBy ?? '?'}> ${formatDateTime(shop.excludedAt, timeZone)}` : '';
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: truncate(`*${label}*\n${value}`, 2000) });
  const elements = [button(SHOP_ACTIONS.edit, '編集', shop.id)];
  if (!shop.listed) {
    elements.push(button(SHOP_ACTIONS.promote, '提携店リストに追加', shop.id, 'primary'));
    if (!shop.excludedAt) elements.push(button(SHOP_ACTIONS.exclude, '対象外', shop.id, 'danger'));
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`店舗 ${shop.name}（${shop.id}）`, 150) } },
    {
      type: 'section',
      fields: [
        field('電話番号', escapeMrkdwn(shop.phone)),
        field('エリア', escapeMrkdwn(shop.area || '未設定')),
        field('区分', `${shopState(shop)}${excluded}`),
        field('登録日', formatDateTime(shop.createdAt, timeZone)),
        field('電話履歴', calls.total ? `${calls.total}回（予約${calls.reservations}件）\n${outcomes}` : 'なし'),
      ],
    },
    { type: 'actions', block_id: `shop_actions_${shop.id}`, elements },
  ];
  return { text: `店舗 ${shop.name}（${shop.id}）: ${shopState(shop)}`, blocks };
}

/** 編集: name, phone, area. The shop and the channel travel in private_metadata. Pure. */
export function buildShopEditModal(shop: Shop, channel: string): ModalView {
  return modal({
    callbackId: SHOP_VIEWS.edit,
    title: '店舗を編集',
    submit: '保存',
    metadata: JSON.stringify({ shopId: shop.id, channel }),
    blocks: [
      textInput(SHOP_FIELDS.name, '店名', shop.name),
      textInput(SHOP_FIELDS.phone, '電話番号', shop.phone),
      textInput(SHOP_FIELDS.area, 'エリア（区・市）', shop.area, { optional: true }),
    ],
  });
}

export function parseShopEdit(values: FormValues): Parsed<{ name: string; phone: string; area: string }> {
  const errs = new FieldErrors();
  const name = readText(values, SHOP_FIELDS.name);
  if (!name) errs.add(SHOP_FIELDS.name, '店名を入力してください');
  else if (name.length > 100) errs.add(SHOP_FIELDS.name, '店名は100文字以内にしてください');
  const phone = checkPhone(readText(values, SHOP_FIELDS.phone));
  if (!phone.valid) errs.add(SHOP_FIELDS.phone, PHONE_FORMAT_ERROR);
  const area = readText(values, SHOP_FIELDS.area);
  if (area.length > 50) errs.add(SHOP_FIELDS.area, 'エリアは50文字以内にしてください');
  return errs.result(() => ({ name, phone: phone.formatted, area }));
}

export function parseShopEditMetadata(raw: string | undefined): { shopId: string; channel: string } | undefined {
  try {
    const m = JSON.parse(raw ?? '') as { shopId?: unknown; channel?: unknown };
    return typeof m.shopId === 'string' && typeof m.channel === 'string' ? { shopId: m.shopId, channel: m.channel } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * 提携店リスト更新 in the Friday report: the unregistered shops awaiting a decision, each with
 * 提携店リストに追加 / 対象外 / カードを表示 (the answer goes to the clicking operator only). Pure.
 */
export function unlistedShopBlocks(pending: Shop[], total: number, timeZone: string): KnownBlock[] {
  const title = `*提携店リスト更新*（全店NG Aで登録した未登録店舗: ${total}件）`;
  if (pending.length === 0) return [mrkdwn(`${title}\n判断待ちの店舗はありません ✅`)];
  const blocks: KnownBlock[] = [mrkdwn(`${title}\n提携店リストに追加するか、対象外にしてください。`)];
  for (const s of pending) {
    blocks.push(mrkdwn(`*${escapeMrkdwn(s.name)}*（${s.id}） ${escapeMrkdwn(s.phone)} · ${escapeMrkdwn(s.area || 'エリア未設定')} · 登録 ${formatDateTime(s.createdAt, timeZone)}`));
    blocks.push({
      type: 'actions',
      block_id: `weekly_shop_${s.id}`,
      elements: [button(SHOP_ACTIONS.promote, '提携店リストに追加', s.id, 'primary'), button(SHOP_ACTIONS.exclude, '対象外', s.id), button(SHOP_ACTIONS.open, 'カードを表示', s.id)],
    });
  }
  if (total > pending.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `ほか ${total - pending.length}件（\`/qrv shop 店名\` で検索）` }] });
  return blocks;
}

/** `/qrv shop import`: one CSV (same columns as `qrv shops import`). The channel travels in private_metadata. Pure. */
export function buildShopImportModal(channel: string): ModalView {
  return modal({
    callbackId: SHOP_VIEWS.import,
    title: '店舗CSVを取り込む',
    submit: '取り込む',
    metadata: JSON.stringify({ channel }),
    blocks: [
      mrkdwn('未登録店舗リストのCSV（見出し行: `店名,電話番号,エリア,住所`）を1つ選んでください。1行でも誤りがあれば何も取り込みません。'),
      input(SHOP_FIELDS.importFile, 'CSVファイル', { type: 'file_input', filetypes: ['csv'], max_files: 1 }),
    ],
  });
}

/** The uploaded file's download URL, or a field error. Pure. */
export function parseShopImport(values: Record<string, Record<string, { files?: Array<{ url_private_download?: string; url_private?: string }> }>>, metadata: string | undefined): Parsed<{ url: string; channel: string }> {
  const file = values[SHOP_FIELDS.importFile]?.[INPUT_ACTION]?.files?.[0];
  const url = file?.url_private_download ?? file?.url_private;
  let channel = '';
  try {
    channel = String((JSON.parse(metadata ?? '{}') as { channel?: unknown }).channel ?? '');
  } catch {
    channel = '';
  }
  if (!url) return { ok: false, errors: { [SHOP_FIELDS.importFile]: 'CSVファイルを選んでください' } };
  return { ok: true, value: { url, channel } };
}

/** 「N行目: …」 for the file input: the first few lines and how many in all (Slack shows ≤150 characters). Pure. */
export function shopImportErrors(errors: Array<{ line: number; message: string }>, shown = 3): Record<string, string> {
  const lines = errors.slice(0, shown).map((e) => `${e.line}行目: ${e.message}`);
  const more = errors.length > shown ? ` ほか${errors.length - shown}件` : '';
  return { [SHOP_FIELDS.importFile]: truncate(`誤り${errors.length}件（何も取り込んでいません）: ${lines.join(' / ')}${more}`, 150) };
}

/** After an import: 追加 N件 / 更新 M件. Pure. */
export function shopImportSummary({ added, updated, unchanged }: { added: number; updated: number; unchanged: number }): Message {
  const text = `店舗CSVを取り込みました: 追加 ${added}件 / 更新 ${updated}件${unchanged ? ` / 変更なし ${unchanged}件` : ''}`;
  return { text, blocks: [mrkdwn(`✅ ${text}`)] };
}

/**
 * The import modal after a slow submission: 取り込み中, then the result (the modal stays open until
 * closed). A failure names its cause; nothing was imported (one transaction). Pure.
 */
export function buildShopImportProgress(state: { state: 'running' } | { state: 'done'; summary: string } | { state: 'failed'; error: unknown }): ModalView {
  const failure = state.state === 'failed' ? shopImportFailure(state.error) : undefined;
  const text =
    state.state === 'running'
      ? '⏳ CSVを取り込んでいます…（このまま閉じても取り込みは続きます。終わったら結果をお知らせします）'
      : state.state === 'done'
        ? `✅ ${escapeMrkdwn(state.summary)}`
        : `⚠️ 取り込めませんでした（何も取り込んでいません）: ${escapeMrkdwn(failure ? Object.values(failure).join(' ') : '予期しないエラーが発生しました')}\nCSVを直して \`/qrv shop import\` からもう一度取り込んでください。`;
  return modal({ callbackId: SHOP_VIEWS.import, title: '店舗CSVを取り込む', blocks: [mrkdwn(text)] });
}

/** An import refused before anything was written, as the file input's field error; undefined for other failures. Pure. */
export function shopImportFailure(error: unknown): Record<string, string> | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'SHOP_CSV_INVALID') return shopImportErrors((error.details.errors ?? []) as Array<{ line: number; message: string }>);
  return { [SHOP_FIELDS.importFile]: truncate(error.userMessage, 150) };
}
