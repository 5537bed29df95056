/** Whole minutes from `from` to `to` (所要時間 as measured); 0 without a start. */
export function elapsedMinutes(from: Date | null, to: Date): number {
  return from ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000)) : 0;
}
