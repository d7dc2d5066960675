import { describe, expect, it } from 'vitest';
import { approximationHolds, benjaminiHochberg, isSignificant, twoProportionTest } from '../src/domain/analytics/significance.js';

describe('problem products significance', () => {
  it('does not test 1 of 30 returned against 0 of 100, where the normal approximation fails', () => {
    const subject = { units: 30, returned: 1 };
    const other = { units: 100, returned: 0 };
    // The z-test alone would call it significant at 95%: one return is not evidence.
    const z = twoProportionTest(subject, other);
    expect(z && isSignificant(z.pValue, 0.95)).toBe(true);
    expect(approximationHolds(subject, other)).toBe(false);
  });

  it('tests only with 5 units returned and every expected count at least 5', () => {
    // Pooled 10/200 = 0.05: expected returns 100 × 0.05 = 5 on each side.
    expect(approximationHolds({ units: 100, returned: 5 }, { units: 100, returned: 5 })).toBe(true);
    expect(approximationHolds({ units: 100, returned: 4 }, { units: 100, returned: 6 })).toBe(false);
    // Pooled 9/200: 100 × 0.045 = 4.5 expected on each side.
    expect(approximationHolds({ units: 100, returned: 5 }, { units: 100, returned: 4 })).toBe(false);
    expect(approximationHolds({ units: 100, returned: 30 }, { units: 920, returned: 100 })).toBe(true);
  });

  it('adjusts p-values by Benjamini–Hochberg as by hand', () => {
    // m = 5, sorted 0.001, 0.008, 0.039, 0.041, 0.27:
    //   raw × m / rank: 0.005, 0.02, 0.065, 0.05125, 0.27
    //   minimum from the top down: 0.005, 0.02, 0.05125, 0.05125, 0.27
    const q = benjaminiHochberg([0.041, 0.001, 0.27, 0.039, 0.008]);
    const want = [0.05125, 0.005, 0.27, 0.05125, 0.02];
    for (const [i, v] of want.entries()) expect(q[i]).toBeCloseTo(v, 12);
    // At 95% only the two smallest stay, where the raw values would have let four through.
    expect(q.filter((v) => isSignificant(v, 0.95))).toHaveLength(2);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
  });
});
