/** The largest number a 32-bit integer (PostgreSQL `integer`) holds. Inputs stored in or compared
 * with such a column (a return's value, counts) are bounded by it, so a larger one is bad input
 * rather than an overflow in the database. */
export const INT4_MAX = 2_147_483_647;

/** Splits `total` (minor units) over parts in proportion to `weights` with the largest-remainder
 * method, so the parts always add up to exactly `total`. Ties go to the earlier part. */
export function allocate(total: number, weights: number[]): number[] {
  if (!Number.isInteger(total)) throw new Error('allocate: total must be an integer amount');
  if (weights.length === 0) return [];
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) {
    // Nothing to weigh by: split evenly.
    return allocate(
      total,
      weights.map(() => 1),
    );
  }
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const exact = weights.map((w) => (abs * w) / sum);
  const floors = exact.map(Math.floor);
  let remainder = abs - floors.reduce((s, f) => s + f, 0);
  // An amount that divides exactly (zero always does) needs no ranking of what is left over.
  if (remainder === 0) return floors.map((f) => f * sign);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (remainder === 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    remainder--;
  }
  return floors.map((f) => f * sign);
}

/** Formats minor units for humans, e.g. 1999 EUR → "€19.99" in en. */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100);
}
