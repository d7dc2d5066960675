/**
 * Whether a product comes back more often than the rest of its category by more than chance: a
 * one-sided two-proportion z-test with a pooled standard error.
 *
 * H0: the product's unit return rate ≤ the rate of the rest of its category; H1: it is higher.
 * z = (p₁ − p₂) ÷ √(p̂ (1 − p̂) (1/n₁ + 1/n₂)) with p₁ = x₁/n₁ (the product), p₂ = x₂/n₂ (the rest of
 * the category) and p̂ = (x₁ + x₂)/(n₁ + n₂); the p-value is P(Z ≥ z) = 1 − Φ(z). The product is
 * significantly above its category at confidence c when p < 1 − c.
 *
 * The normal approximation fails on small counts, so a product is tested only when at least
 * MIN_RETURNED_UNITS of its units came back and every expected count under H0 (n₁p̂, n₁(1 − p̂),
 * n₂p̂, n₂(1 − p̂)) is at least MIN_EXPECTED_COUNT. Many products are tested at once, so the
 * p-values of one report are adjusted by Benjamini–Hochberg (false discovery rate) and a product is
 * listed when its adjusted value q < 1 − c.
 */

export const PROBLEM_PRODUCT_TEST_NAME =
  'one-sided two-proportion z-test (pooled), H0: product rate ≤ rest of category; tested when ≥ 5 units returned and every expected count ≥ 5; Benjamini–Hochberg across the products tested';
export const DEFAULT_CONFIDENCE = 0.95;
/** Units returned a product needs before it is tested at all. */
export const MIN_RETURNED_UNITS = 5;
/** The smallest expected count under H0, on either side, at which the normal approximation is trusted. */
export const MIN_EXPECTED_COUNT = 5;
export const DEFAULT_MIN_UNITS_SOLD = 30;

/** One side of the comparison: units sold and units of them returned. */
export interface Proportion {
  units: number;
  returned: number;
}

export interface ProportionTest {
  rate: number;
  otherRate: number;
  zScore: number;
  pValue: number;
}

/**
 * The test of `subject` (the product) against `other` (the rest of its category). Null when it
 * cannot be made: nothing sold on either side, or a pooled rate of 0 or ≥ 1, where the standard
 * error vanishes (nothing returned anywhere says nothing about the product).
 */
export function twoProportionTest(subject: Proportion, other: Proportion): ProportionTest | null {
  if (subject.units <= 0 || other.units <= 0) return null;
  const rate = subject.returned / subject.units;
  const otherRate = other.returned / other.units;
  const pooled = (subject.returned + other.returned) / (subject.units + other.units);
  if (!(pooled > 0 && pooled < 1)) return null;
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / subject.units + 1 / other.units));
  const zScore = (rate - otherRate) / standardError;
  return { rate, otherRate, zScore, pValue: upperTail(zScore) };
}

/** Whether the z-test's normal approximation may be used: enough units returned by the product and
 * every expected count under the pooled rate (returned and kept, product and rest) at least 5. */
export function approximationHolds(subject: Proportion, other: Proportion): boolean {
  if (subject.returned < MIN_RETURNED_UNITS || subject.units <= 0 || other.units <= 0) return false;
  const pooled = (subject.returned + other.returned) / (subject.units + other.units);
  return [subject.units, other.units].every((n) => n * pooled >= MIN_EXPECTED_COUNT && n * (1 - pooled) >= MIN_EXPECTED_COUNT);
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the order given: with the m p-values sorted
 * ascending, q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎ · m ÷ j, at most 1. Rejecting where q < α keeps the
 * expected share of false discoveries among those listed at most α.
 */
export function benjaminiHochberg(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1] as { p: number; i: number };
    running = Math.min(running, (p * m) / rank);
    out[i] = running;
  }
  return out;
}

/** Whether a test's p-value rejects H0 at the confidence (0 < confidence < 1). */
export function isSignificant(pValue: number, confidence: number): boolean {
  return pValue < 1 - confidence;
}

/** Φ(z): the standard normal distribution's P(Z ≤ z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(Z ≥ z) = 1 − Φ(z), computed without the cancellation of 1 − Φ for large z. */
export function upperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SERIES_LIMIT = 2.5;

/**
 * The complementary error function, accurate to about 1e-15 relative: below 2.5 from erf's series
 * erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (all terms positive, so nothing
 * cancels), above it from the continued fraction of erfc, which converges quickly there and keeps
 * the tiny tail values exact in relative terms.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), by the modified Lentz method. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
