/**
 * `numerator / denominator`, rounded to 3 decimals; null when either side
 * was not measured or the denominator is zero.
 */
export function ratio(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
): number | null {
  if (numerator === null || numerator === undefined) return null;
  if (denominator === null || denominator === undefined) return null;
  if (denominator === 0) return null;

  return Math.round((numerator / denominator) * 1000) / 1000;
}
