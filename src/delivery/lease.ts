import type { Db } from '../db/client.js';
import { createRepositories } from '../repositories/index.js';

/**
 * A row's lease while it is being delivered, renewed every third of it while the deliverer works:
 * a row still `sending` past its lease belongs to a bot that died mid-send (retried by
 * DeliveryJobs within ~10 s of the lease running out).
 */
export const DELIVERY_LEASE_MS = 30_000;

/** Runs `work` while renewing the row's lease; a renewal that fails is tried again at the next beat. */
export async function whileLeased<T>(deps: { db: Db; leaseMs: number }, row: { kind: 'message' | 'refund'; id: number }, work: () => Promise<T>): Promise<T> {
  const outbox = createRepositories({ db: deps.db }).outbox;
  const beat = setInterval(() => void outbox.renewLease({ ...row, leaseMs: deps.leaseMs }).catch(() => {}), Math.max(1000, deps.leaseMs / 3));
  beat.unref();
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
