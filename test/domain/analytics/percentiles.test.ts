import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileCont } from '../../../src/domain/analytics/percentiles.js';

describe('percentiles', () => {
  it('interpolates as percentile_cont does', () => {
    // select percentile_cont(array[0.5, 0.9]) within group (order by v) from unnest('{1,2,3,4,10}'::float8[]) v → {3, 7.6}
    expect(percentileCont([10, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentileCont([10, 1, 3, 2, 4], 0.9)).toBeCloseTo(7.6, 12);
    expect(percentileCont([1, 2], 0.5)).toBe(1.5);
    expect(percentileCont([5], 0.9)).toBe(5);
    expect(percentileCont([], 0.5)).toBeNull();
    expect(() => percentileCont([1], 1.5)).toThrow(RangeError);
  });

  it('lies between the smallest and the largest value and grows with the fraction (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const p = percentileCont(values, q) as number;
          expect(p).toBeGreaterThanOrEqual(Math.min(...values));
          expect(p).toBeLessThanOrEqual(Math.max(...values));
          expect(percentileCont(values, Math.min(1, q + 0.1)) as number).toBeGreaterThanOrEqual(p);
        },
      ),
    );
  });
});
