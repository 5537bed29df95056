import { describe, expect, it } from 'vitest';
import { ALERT_KIND_NAMES } from '../../src/domain/alert-kinds.js';
import { isCheckViolation } from '../../src/db/errors.js';
import { useTestDatabase } from '../support/db.js';
import { coreRaisesAlert } from '../support/seed.js';

const t = useTestDatabase();

// alerts_kind_known is derived from the alert table (src/domain/alert-kinds.ts): a kind added
// there without `npm run db:generate` is refused by the migrated database, and this test fails.
describe('the alert-kind check of the migrated database', () => {
  it('accepts every kind of the alert table and refuses any other', async () => {
    for (const kind of ALERT_KIND_NAMES) await expect(coreRaisesAlert(t.database.db, kind, null)).resolves.toBeGreaterThan(0);
    const refused = await coreRaisesAlert(t.database.db, 'fax_failed', null).catch((error: unknown) => error);
    expect(isCheckViolation(refused)).toBe(true);
  });
});
