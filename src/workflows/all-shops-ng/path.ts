import { formatTimeRange } from '../../domain/time.js';

/**
 * The steps of 全店NG already tried in this flow (A → B → C), carried from modal to modal:
 * A: every unlisted shop refused; B: the proposed time (ISO instants) was refused by the client.
 */
export type RefusedStep = { s: 'A' } | { s: 'B'; from: string; to: string };

export function describePath(path: readonly RefusedStep[], timeZone: string): string[] {
  return path.map((step) =>
    step.s === 'A'
      ? 'A 未登録店舗に電話: 全て断られた'
      : `B 日時変更を提案（${formatTimeRange(new Date(step.from), new Date(step.to), timeZone)}）: 依頼者が拒否`,
  );
}

export function isRefusedPath(value: unknown): value is RefusedStep[] {
  return (
    Array.isArray(value) &&
    value.length <= 2 &&
    value.every(
      (s) =>
        s && typeof s === 'object' && ((s as RefusedStep).s === 'A' || ((s as RefusedStep).s === 'B' && typeof (s as { from?: unknown }).from === 'string' && typeof (s as { to?: unknown }).to === 'string')),
    )
  );
}
