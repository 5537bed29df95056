import { describe, expect, it } from 'vitest';
import { alerts, incidents } from '../../src/db/schema.js';
import { createIncidentAlertsRepository } from '../../src/repositories/incident-alerts.js';
import { useTestDatabase } from '../support/db.js';

const t = useTestDatabase();
const at = (iso: string) => new Date(iso);

describe('incident_alerts: the related-alert note is claimed once, taken over after the lease, never after it was noted', () => {
  it('claim, lease, noted, release', async () => {
    const db = t.database.db;
    const [incident] = await db.insert(incidents).values({ summary: 'DB障害', actor: 'U0SATO', commander: 'U0SATO', severity: 'critical', createdAt: at('2026-11-30T00:00:00Z') }).returning();
    const [alert] = await db.insert(alerts).values({ kind: 'system', createdAt: at('2026-11-30T00:05:00Z') }).returning();
    const repo = createIncidentAlertsRepository({ db });
    const key = { incidentId: incident!.id, alertId: alert!.id, leaseMinutes: 5 };

    const both = await Promise.all([repo.claim({ ...key, at: at('2026-11-30T00:06:00Z') }), repo.claim({ ...key, at: at('2026-11-30T00:06:00Z') })]);
    expect(both.sort()).toEqual([false, true]); // two instances at once: one claim
    expect(await repo.claim({ ...key, at: at('2026-11-30T00:10:59Z') })).toBe(false); // within the lease
    expect(await repo.claim({ ...key, at: at('2026-11-30T00:11:00Z') })).toBe(true); // the first instance died: taken over
    await repo.markNoted({ ...key, at: at('2026-11-30T00:11:01Z') });
    expect(await repo.claim({ ...key, at: at('2026-11-30T01:00:00Z') })).toBe(false);
    await repo.release(key); // a noted row is kept
    expect(await repo.claim({ ...key, at: at('2026-11-30T02:00:00Z') })).toBe(false);
  });
});
