/**
 * Nearest-rank percentile of ascending `sorted` values: the smallest value
 * with at least p % of the values at or below it. NaN when empty.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;

  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));

  return sorted[index]!;
}
