/** 全店NG (manual §3.1): A → B → C. Declared once; builders and registration import these. */
export const ALL_SHOPS_NG_ACTIONS = {
  /** Alert button A 未登録店舗に電話. */
  shopSearch: 'qrv_all_ng_a',
  /** Alert button B 日時変更を提案. */
  reschedule: 'qrv_all_ng_b',
  /** Alert button C キャンセル処理. */
  cancel: 'qrv_all_ng_c',
  /** In the A modal: 全て断られた → B. */
  allRefused: 'qrv_all_ng_a_refused',
} as const;

export const ALL_SHOPS_NG_VIEWS = {
  shopFound: 'qrv_all_ng_a_submit',
  reschedule: 'qrv_all_ng_b_submit',
  cancel: 'qrv_all_ng_c_submit',
} as const;

/** Input block ids (field errors are keyed by them). */
export const ALL_SHOPS_NG_FIELDS = {
  shopName: 'shop_name',
  shopPhone: 'shop_phone',
  shopArea: 'shop_area',
  answer: 'client_answer',
  consent: 'client_consent',
  /** One optional select per 候補 shop: block_id `candidate_call:<SHOP-ID>` (see candidateCallBlockId). */
  candidateCall: 'candidate_call',
} as const;

/** The block_id of a 候補's call result select; parsed back by shopIdOfCandidateCall. */
export const candidateCallBlockId = (shopId: string): string => `${ALL_SHOPS_NG_FIELDS.candidateCall}:${shopId}`;
export const shopIdOfCandidateCall = (blockId: string): string | undefined => {
  const m = /^candidate_call:(SHOP-[0-9]{3,})$/.exec(blockId);
  return m?.[1];
};

/** What a 候補's call gave (call_attempts.outcome values): OK / NG / 不在. */
export const CANDIDATE_CALL_OUTCOMES = { ok: 'ok', ng: 'ng', absent: 'no_answer' } as const;
export type CandidateCallOutcome = (typeof CANDIDATE_CALL_OUTCOMES)[keyof typeof CANDIDATE_CALL_OUTCOMES];

export const CLIENT_ANSWERS = { accepted: 'accepted', refused: 'refused' } as const;
