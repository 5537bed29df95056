/** A procedure whose reservation moved on: the alert can be closed as 対応不要. */
export const STALE_VIEWS = { close: 'qrv_close_stale' } as const;
