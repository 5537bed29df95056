import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import { errors } from '../errors.js';

/** What a Slack user may do: act (operator), read status and dashboard (viewer), or nothing. */
export type AccessLevel = 'operator' | 'viewer' | 'none';

/** Who may act (QRV_OPERATORS, `*`: everyone) and who may only read (QRV_VIEWERS). */
export type AccessConfig = Pick<Config, 'operators' | 'everyoneOperates' | 'viewers'>;

/**
 * The operator policy. Group members are looked up through usergroups.users.list and cached
 * for a minute.
 */
export interface OperatorPolicy {
  levelOf(userId: string): Promise<AccessLevel>;
  isOperator(userId: string): Promise<boolean>;
  /** Throws the NOT_OPERATOR domain error for anyone else. */
  assertOperator(userId: string): Promise<void>;
}

export function createOperatorPolicy({
  access,
  client,
  cacheMs = 60_000,
  now = Date.now,
}: {
  access: AccessConfig;
  client: WebClient;
  cacheMs?: number;
  now?: () => number;
}): OperatorPolicy {
  const cache = new Map<string, { members: Set<string>; at: number }>();

  async function members(group: string): Promise<Set<string>> {
    const hit = cache.get(group);
    if (hit && now() - hit.at < cacheMs) return hit.members;
    const res = await client.usergroups.users.list({ usergroup: group });
    const set = new Set(res.users ?? []);
    cache.set(group, { members: set, at: now() });
    return set;
  }

  async function listed(ids: string[], userId: string): Promise<boolean> {
    if (ids.includes(userId)) return true;
    for (const group of ids.filter((id) => id.startsWith('S'))) if ((await members(group)).has(userId)) return true;
    return false;
  }

  const policy: OperatorPolicy = {
    async levelOf(userId) {
      if (access.everyoneOperates || (await listed(access.operators, userId))) return 'operator';
      return (await listed(access.viewers, userId)) ? 'viewer' : 'none';
    },
    async isOperator(userId) {
      return (await policy.levelOf(userId)) === 'operator';
    },
    async assertOperator(userId) {
      if (!(await policy.isOperator(userId))) throw errors.notOperator();
    },
  };
  return policy;
}
