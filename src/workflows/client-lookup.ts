import type { Reservation } from '../db/schema.js';
import { parseClientQuery, type ClientQuery } from '../domain/client-query.js';
import { DomainError } from '../errors.js';
import type { ReservationsRepository } from '../repositories/reservations.js';

export const STATUS_USAGE =
  '使い方: `/qrv status QRV-XXXXXX`（例: `/qrv status QRV-A1B2C3`）、または依頼者の電話番号・メールアドレス（例: `/qrv status 090-1234-5678`、`/qrv status name@example.com`）';

/** How many of a client's reservations one answer lists (one section each, within Slack's 50 blocks). */
export const CLIENT_RESERVATIONS_LIMIT = 20;

/** Reads `/qrv status`'s argument; throws BAD_STATUS_QUERY (with the usage) when it is none of ID, phone, e-mail. */
export function parseStatusQuery(text: string): ClientQuery {
  const query = parseClientQuery(text);
  if (!query) throw new DomainError('BAD_STATUS_QUERY', `予約ID・電話番号・メールアドレスの形式が正しくありません。${STATUS_USAGE}`);
  return query;
}

/** A client's reservations by phone number or e-mail, newest first (at most CLIENT_RESERVATIONS_LIMIT). */
export async function findClientReservations(
  deps: { reservations: ReservationsRepository },
  { query }: { query: Exclude<ClientQuery, { kind: 'reservation' }> },
): Promise<{ title: string; emptyHint: string; reservations: Reservation[]; more: boolean }> {
  const by = query.kind === 'phone' ? { phoneKey: query.key } : { email: query.email };
  const rows = await deps.reservations.findByClient(by, CLIENT_RESERVATIONS_LIMIT + 1);
  return {
    title: `依頼者 ${query.kind === 'phone' ? query.display : query.email} の予約`,
    emptyHint: '電話番号・メールアドレスを確認してください',
    reservations: rows.slice(0, CLIENT_RESERVATIONS_LIMIT),
    more: rows.length > CLIENT_RESERVATIONS_LIMIT,
  };
}
