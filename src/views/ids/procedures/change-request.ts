/** 変更依頼 (manual §3.5). */
export const CHANGE_ACTIONS = { accept: 'qrv_change_accept', reject: 'qrv_change_reject' } as const;
export const CHANGE_VIEWS = { accept: 'qrv_change_accept_submit', reject: 'qrv_change_reject_submit' } as const;
export const CHANGE_FIELDS = { service: 'new_service' } as const;
