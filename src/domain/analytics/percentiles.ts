/**
 * Percentiles the way PostgreSQL's `percentile_cont` computes them, so a figure the database
 * answers and one worked out here from the same values agree to the last digit that matters.
 * The dashboards compute p50/p90 in SQL (one pass over the facts); this is the reference the
 * tests hold them to.
 */

/**
 * The continuous percentile `fraction` (0..1) of `values`: sort them, take the position
 * `fraction × (n − 1)` and interpolate linearly between the two values either side of it.
 * Null when there are no values, as `percentile_cont` over no rows.
 */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`a percentile's fraction is 0..1, not ${fraction}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  // PostgreSQL interpolates as first + (position − below) × (second − first).
  return low + (position - below) * (high - low);
}
