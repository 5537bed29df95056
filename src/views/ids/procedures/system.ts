/** System alerts: 確認済み, one click (the incident itself is manual §7). */
export const SYSTEM_ACTIONS = { acknowledge: 'qrv_system_ack' } as const;
