import type { FakeUser } from '../fake-slack/index.js';

/** The sandbox's people: two operators and one colleague who is not an operator. */
export const SANDBOX_USERS: Array<FakeUser & { operator: boolean; role: string }> = [
  { id: 'U0SATO', name: 'sato', real_name: '佐藤', operator: true, role: 'オペレーター' },
  { id: 'U0SUZUKI', name: 'suzuki', real_name: '鈴木', operator: true, role: 'オペレーター' },
  { id: 'U0TANAKA', name: 'tanaka', real_name: '田中', operator: false, role: 'オペレーター以外' },
];

export const SANDBOX_OPERATORS = SANDBOX_USERS.filter((u) => u.operator).map((u) => u.id);

export const SANDBOX_CHANNEL = { name: 'qrv-alerts', id: 'C0QRVALERT' } as const;

export function isSandboxUser(id: unknown): id is string {
  return SANDBOX_USERS.some((u) => u.id === id);
}
