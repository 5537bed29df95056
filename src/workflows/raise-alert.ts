import type { Queryable } from '../db/client.js';
import { isForeignKeyViolation } from '../db/errors.js';
import { alerts } from '../db/schema.js';
import { parseAlertInput, type AlertInput } from '../domain/alert-input.js';
import { DomainError } from '../errors.js';

/**
 * Inserts one row into `alerts` exactly as the QRV core does (kind, reservation_id, details);
 * the bot notices and posts it. Takes the raw input (checked here) or one already checked.
 */
export async function raiseAlert(
  { db }: { db: Queryable },
  input: ({ kind: string; reservationId: string | null; detailsJson?: string } | AlertInput) & { createdAt?: Date },
): Promise<{ id: number }> {
  const { kind, reservationId, details } = 'details' in input ? input : parseAlertInput(input);
  const at = input.createdAt ? { createdAt: input.createdAt } : {};
  try {
    const [row] = await db.insert(alerts).values({ kind, reservationId, details, ...at }).returning({ id: alerts.id });
    return { id: row!.id };
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new DomainError('RESERVATION_NOT_FOUND', `no reservation ${reservationId} in the database`);
    }
    throw error;
  }
}
