import type { ModalView } from '@slack/types';
import type { Shop } from '../../../db/schema.js';
import {
  ALL_SHOPS_NG_ACTIONS,
  ALL_SHOPS_NG_FIELDS as F,
  ALL_SHOPS_NG_VIEWS,
  CANDIDATE_CALL_OUTCOMES as O,
  candidateCallBlockId,
  shopIdOfCandidateCall,
  type CandidateCallOutcome,
} from '../../ids/procedures/all-shops-ng.js';
import type { RecordInput } from '../../../workflows/operation/finish.js';
import { escapeMrkdwn } from '../../text.js';
import { amountInput, input, modal, mrkdwn, option, plain, reservationSummary, textInput } from '../blocks.js';
import { metadataOf, recordOf, type FormContext } from '../context.js';
import { FieldErrors, readOption, readText, type FlowMetadata, type FormValues, type Parsed } from '../form.js';
import { readAmount, readPhone, readRecord } from '../parse.js';
import { cutText } from '../../../domain/typed-text.js';

/** Manual §3.1 手順3-A: the shop found (店舗名, 電話番号, エリア), or 全て断られた → B. Pure. */
export function buildShopFoundModal(ctx: FormContext & { areaHint: string; candidates?: Shop[] }): ModalView {
  const r = ctx.start.reservation;
  return modal({
    callbackId: ALL_SHOPS_NG_VIEWS.shopFound,
    title: 'A 未登録店舗に電話',
    submit: '登録して決済リンク送信',
    metadata: metadataOf(ctx),
    blocks: [
      reservationSummary(r, ctx.timeZone),
      mrkdwn('CSVに未登録の店舗に電話し、予約内容を伝えてください。'),
      ...candidateBlocks(ctx.candidates ?? [], ctx.areaHint),
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '全て断られた場合は、B 日時変更を提案へ進みます。' },
        accessory: { type: 'button', action_id: ALL_SHOPS_NG_ACTIONS.allRefused, text: plain('全て断られた → B'), value: String(ctx.start.alert.id) },
      },
      { type: 'divider' },
      mrkdwn('*対応可能な店舗が見つかった場合*'),
      textInput(F.shopName, '店舗名', null, { placeholder: '例: 〇〇マッサージ店' }),
      textInput(F.shopPhone, '電話番号', null, { placeholder: '例: 03-1234-5678' }),
      textInput(F.shopArea, 'エリア', ctx.areaHint || null, { placeholder: '例: 渋谷' }),
      ...amountInput(r.amountJpy, 'この店舗での金額。決済リンクはこの金額で作成します。'),
      mrkdwn(`送信すると店舗を登録（未登録店舗）して予約に割り当て、ステータスを calling_success にし、決済リンクを依頼者（${escapeMrkdwn(r.clientPhone)}）にSMSで送信します。`),
      ...recordOf(ctx),
    ],
  });
}

/** 候補: unregistered shops of the area not yet called for this reservation (name, ID, phone). Pure. */
function candidateBlocks(candidates: Shop[], area: string) {
  if (candidates.length === 0) return [mrkdwn(`*候補（未登録店舗リスト${area ? `、${escapeMrkdwn(area)}` : ''}）*\nこのエリアでまだ電話していない候補はありません。`)];
  const lines = candidates.map((s) => `• ${escapeMrkdwn(s.name)}（${s.id}） ${escapeMrkdwn(s.phone)}${s.area ? ` · ${escapeMrkdwn(s.area)}` : ''}`);
  const key = area.replace(/[区市町村]$/, '');
  const filled = key !== '' && candidates.some((s) => !s.area.includes(key));
  return [
    mrkdwn(`*候補（未登録店舗リスト${area ? `、${escapeMrkdwn(area)}${filled ? '＋近隣エリア' : ''}` : ''}、未架電）*\n${lines.join('\n')}`),
    ...candidates.map((s) =>
      input(
        candidateCallBlockId(s.id),
        cutText(`${s.name}（${s.id}）への電話`, 2000),
        { type: 'static_select', placeholder: plain('結果を選択'), options: CALL_OPTIONS },
        { optional: true },
      ),
    ),
  ];
}

/** 電話した候補の結果 (OK / NG / 不在); unselected candidates are not recorded. */
const CALL_OPTIONS = [option(O.ok, 'OK'), option(O.ng, 'NG'), option(O.absent, '不在')];
const CALL_VALUES = new Set<string>(Object.values(O));

/** The 候補 calls ticked in the form (shop ID and outcome), in form order. */
export function readCandidateCalls(values: FormValues): Array<{ shopId: string; outcome: CandidateCallOutcome }> {
  const calls: Array<{ shopId: string; outcome: CandidateCallOutcome }> = [];
  for (const blockId of Object.keys(values)) {
    const shopId = shopIdOfCandidateCall(blockId);
    const outcome = readOption(values, blockId);
    if (shopId && outcome && CALL_VALUES.has(outcome)) calls.push({ shopId, outcome: outcome as CandidateCallOutcome });
  }
  return calls;
}

export interface ShopFoundInput {
  shop: { name: string; phone: string; area: string };
  amountJpy: number;
  record: RecordInput;
  calls: Array<{ shopId: string; outcome: CandidateCallOutcome }>;
}

export function parseShopFound(values: FormValues, meta: FlowMetadata): Parsed<ShopFoundInput> {
  const errs = new FieldErrors();
  const name = readText(values, F.shopName);
  if (!name) errs.add(F.shopName, '店舗名を入力してください');
  if (name.length > 100) errs.add(F.shopName, '店舗名は100文字以内で入力してください');
  const phone = readPhone(values, F.shopPhone, { mobile: false }, errs);
  const area = cutText(readText(values, F.shopArea), 50);
  const amountJpy = readAmount(values, errs, meta);
  const record = readRecord(values, meta, errs);
  return errs.result(() => ({ shop: { name, phone, area }, amountJpy, record, calls: readCandidateCalls(values) }));
}
