import type { Alert, OutboundMessage, PaymentLink, Refund } from '../db/schema.js';
import { isProviderError } from '../ports/index.js';

/** Japanese for the operator when the port says so (ProviderError), else the error's message. */
export const errorText = (error: unknown): string => (isProviderError(error) ? error.messageJa : ((error as Error)?.message ?? String(error)));
/** Unknown errors (a bug, the database) are worth another try; a ProviderError says. */
export const isRetryable = (error: unknown): boolean => (isProviderError(error) ? error.retryable : true);

/** What one try of one outbox row came to. `retry`: failed for now, try again later (the job throws). */
export type RowOutcome = 'sent' | 'failed' | 'retry' | 'skipped';

/** The alert left 送信中 with this row (src/delivery/outcome.ts): ✅ 完了, or 要再対応 when `failed`. */
export interface SettledAlert {
  alert: Alert;
  failed: boolean;
}

/**
 * A row reached its end (sent, given up, refunded, refund failed): the operator hears of it in the
 * alert's thread; when it was the alert's last row, `settled` says what the alert became.
 */
export type DeliveryEvent =
  | { kind: 'message'; message: OutboundMessage; link?: PaymentLink; settled?: SettledAlert }
  | { kind: 'refund'; refund: Refund; error?: string; reservationStatus: string; statusMoved: boolean; settled?: SettledAlert };

/** Implemented by src/slack (domain code never imports Slack). */
export interface DeliveryNotifier {
  finished(event: DeliveryEvent): Promise<void>;
}

export const silentNotifier: DeliveryNotifier = { finished: async () => {} };

/** What the bot's handlers use after a procedure's commit: durable jobs for every pending outbox row. */
export interface Delivery {
  /** Enqueues a job per pending row (of one alert, or all); returns how many rows were due. */
  enqueue(filter?: { alertId?: number; incidentId?: number }): Promise<number>;
}
