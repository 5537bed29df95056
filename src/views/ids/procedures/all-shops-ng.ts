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
} as const;

export const CLIENT_ANSWERS = { accepted: 'accepted', refused: 'refused' } as const;
