import { DomainError } from '../errors.js';
import { ALERT_KIND_NAMES, isAlertKind, type AlertKind } from './alert-kinds.js';
import { RESERVATION_ID_PATTERN } from './reservation-status.js';

export interface AlertInput {
  kind: AlertKind;
  reservationId: string | null;
  details: Record<string, unknown>;
}

/**
 * Checks an alert as the QRV core (or `qrv alert`) gives it: a known kind, a reservation ID
 * (none only for `system`) and details as a JSON object. No database needed, so the command
 * line refuses a mistyped kind before opening one.
 */
export function parseAlertInput(input: { kind: string; reservationId: string | null; detailsJson?: string }): AlertInput {
  if (!isAlertKind(input.kind)) {
    throw new DomainError('BAD_ALERT_KIND', `unknown alert kind "${input.kind}"; use one of: ${ALERT_KIND_NAMES.join(', ')}`);
  }
  if (input.reservationId !== null && !RESERVATION_ID_PATTERN.test(input.reservationId)) {
    throw new DomainError('BAD_RESERVATION_ID', `reservation ID must look like QRV-A1B2C3 (or "-" for none): "${input.reservationId}"`);
  }
  if (input.kind !== 'system' && input.kind !== 'inquiry' && input.reservationId === null) {
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
  return { kind: input.kind, reservationId: input.reservationId, details };
}
