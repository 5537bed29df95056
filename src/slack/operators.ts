import type { WebClient } from '@slack/web-api';
import { errors } from '../errors.js';

/**
 * Who may act (QRV_OPERATORS): user IDs, and members of user groups (looked up through
 * usergroups.users.list, cached for a minute). Empty configuration: everyone in the channel.
 */
export interface OperatorPolicy {
  isOperator(userId: string): Promise<boolean>;
  /** Throws the NOT_OPERATOR domain error for anyone else. */
  assertOperator(userId: string): Promise<void>;
}

export function createOperatorPolicy({
  operators,
  client,
  cacheMs = 60_000,
  now = Date.now,
}: {
  operators: string[];
  client: WebClient;
  cacheMs?: number;
  now?: () => number;
}): OperatorPolicy {
  const users = new Set(operators.filter((id) => !id.startsWith('S')));
  const groups = operators.filter((id) => id.startsWith('S'));
  const cache = new Map<string, { members: Set<string>; at: number }>();

  async function members(group: string): Promise<Set<string>> {
    const hit = cache.get(group);
    if (hit && now() - hit.at < cacheMs) return hit.members;
    const res = await client.usergroups.users.list({ usergroup: group });
    const set = new Set(res.users ?? []);
    cache.set(group, { members: set, at: now() });
    return set;
  }

  const policy: OperatorPolicy = {
    async isOperator(userId) {
      if (operators.length === 0 || users.has(userId)) return true;
      for (const group of groups) if ((await members(group)).has(userId)) return true;
      return false;
    },
    async assertOperator(userId) {
      if (!(await policy.isOperator(userId))) throw errors.notOperator();
    },
  };
  return policy;
}
