import type { Db } from '../db/client.js';
import { isForeignKeyViolation } from '../db/errors.js';
import { alerts } from '../db/schema.js';
import { ALERT_KIND_NAMES, isAlertKind } from '../domain/alert-kinds.js';
import { RESERVATION_ID_PATTERN } from '../domain/reservation-status.js';
import { DomainError } from '../errors.js';

/**
 * Inserts one row into `alerts` exactly as the QRV core does (kind, reservation_id, details);
 * the bot notices and posts it.
 */
export async function raiseAlert(
  { db }: { db: Db },
  input: { kind: string; reservationId: string | null; detailsJson?: string },
): Promise<{ id: number }> {
  if (!isAlertKind(input.kind)) {
    throw new DomainError('BAD_ALERT_KIND', `unknown alert kind "${input.kind}"; use one of: ${ALERT_KIND_NAMES.join(', ')}`);
  }
  if (input.reservationId !== null && !RESERVATION_ID_PATTERN.test(input.reservationId)) {
    throw new DomainError('BAD_RESERVATION_ID', `reservation ID must look like QRV-A1B2C3 (or "-" for none): "${input.reservationId}"`);
  }
  if (input.kind !== 'system' && input.reservationId === null) {
    throw new DomainError('RESERVATION_REQUIRED', `a ${input.kind} alert needs a reservation ID`);
  }
  let details: Record<string, unknown> = {};
  if (input.detailsJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.detailsJson);
    } catch (error) {
      throw new DomainError('BAD_DETAILS', `--details is not valid JSON: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new DomainError('BAD_DETAILS', '--details must be a JSON object, e.g. {"severity":"critical"}');
    }
    details = parsed as Record<string, unknown>;
  }
  try {
    const [row] = await db.insert(alerts).values({ kind: input.kind, reservationId: input.reservationId, details }).returning({ id: alerts.id });
    return { id: row!.id };
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new DomainError('RESERVATION_NOT_FOUND', `no reservation ${input.reservationId} in the database`);
    }
    throw error;
  }
}
