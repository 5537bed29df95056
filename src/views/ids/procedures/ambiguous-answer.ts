/** 曖昧な回答 (manual §3.4). */
export const AMBIGUOUS_ACTIONS = { ok: 'qrv_ambiguous_ok', ng: 'qrv_ambiguous_ng' } as const;
export const AMBIGUOUS_VIEWS = { ok: 'qrv_ambiguous_ok_submit', ng: 'qrv_ambiguous_ng_submit' } as const;
