import type { KnownBlock } from '@slack/types';

const USAGE_LINES = [
  '`/qrv status QRV-XXXXXX` — 予約の詳細（ステータス、電話履歴、アラート、履歴）',
  '`/qrv status 090-1234-5678` / `/qrv status name@example.com` — 依頼者の予約一覧（新しい順、カードを表示）',
  '`/qrv logs QRV-XXXXXX` / `/qrv logs errors [1h]` / `/qrv logs 14:00-15:00` — ログ検索（`/qrv logs help` で詳細）',
  '`/qrv dashboard` — ダッシュボード（日次・週次確認項目、異常値）',
  '`/qrv queue` — 対応待ちの通知（未対応・対応中・自分の担当、優先度と期限の順）',
  '`/qrv tomorrow` — 明日の予約（特別な対応が必要なものから全件）',
  '`/qrv inquiry [QRV-XXXXXX] 内容` — 問い合わせを記録',
  '`/qrv shop 渋谷` / `/qrv shop SHOP-105` — 店舗の検索・カード（編集、提携店リストに追加、対象外）',
  '`/qrv incident declare 緊急|高 タイトル` — インシデントを宣言（マニュアル§7のタイムライン）',
  '`/qrv incident link インシデント番号 アラート番号` — アラートをインシデントのタイムラインに記録',
  '`/qrv incident 内容` — インシデントを記録',
  '`/qrv help` — この使い方',
];

/** `/qrv help` and any input the bot does not understand. Pure. */
export function buildHelpMessage(notice?: string): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: notice } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*QRV ops bot の使い方*\n${USAGE_LINES.join('\n')}` } });
  return { text: `${notice ? `${notice}\n` : ''}${USAGE_LINES.join('\n')}`, blocks };
}

