import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, isSignificant, normalCdf, twoProportionTest, upperTail } from '../../../src/domain/analytics/significance.js';

// Reference values from a double-precision erfc (C's libm, through Python's math.erfc).
const ERFC: [number, number][] = [
  [0, 1],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [2, 0.004677734981047266],
  [2.4999, 0.0004071699003334519],
  [2.5, 0.0004069520174449589],
  [3, 2.209049699858544e-5],
  [4, 1.541725790028002e-8],
  [5, 1.5374597944280351e-12],
  [6, 2.1519736712498913e-17],
];

describe('normal distribution', () => {
  it('gives erfc to well within 1e-7, relative as well as absolute', () => {
    for (const [x, expected] of ERFC) {
      expect(Math.abs(erfc(x) - expected)).toBeLessThan(1e-12);
      expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-10);
      expect(Math.abs(erfc(-x) - (2 - expected))).toBeLessThan(1e-12);
    }
  });

  it('gives the textbook values of Φ', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(1.6448536269514722)).toBeCloseTo(0.95, 12);
    expect(normalCdf(2.3263478740408408)).toBeCloseTo(0.99, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(upperTail(6) / 9.865876450377e-10).toBeCloseTo(1, 10);
  });

  it('is a distribution: increasing from 0 to 1, and Φ(z) + Φ(−z) = 1 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (z, step) => {
        expect(normalCdf(z)).toBeGreaterThanOrEqual(0);
        expect(normalCdf(z)).toBeLessThanOrEqual(1);
        expect(normalCdf(z + step)).toBeGreaterThanOrEqual(normalCdf(z));
        expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 14);
      }),
    );
  });
});

describe('problem product test', () => {
  it('computes the pooled two-proportion z-test of a worked example', () => {
    // 30 of 100 returned against 100 of 900 in the rest of the category: p̂ = 130/1000 = 0.13,
    // SE = √(0.13 · 0.87 · (1/100 + 1/900)) = 0.0354495, z = (0.3 − 0.1111...) / SE = 5.328394,
    const test = twoProportionTest({ units: 100, returned: 30 }, { units: 900, returned: 100 });
    expect(test?.rate).toBe(0.3);
    expect(test?.otherRate).toBeCloseTo(1 / 9, 15);
    const se = Math.sqrt(0.13 * 0.87 * (1 / 100 + 1 / 900));
    expect(test?.zScore).toBeCloseTo((0.3 - 1 / 9) / se, 12);
    expect(test?.zScore).toBeCloseTo(5.328394, 5);
    expect(test?.pValue).toBeCloseTo(4.954239e-8, 13);
    expect(isSignificant(test?.pValue ?? 1, 0.95)).toBe(true);
  });

  it('is one-sided: a product below its category is never significant', () => {
    const test = twoProportionTest({ units: 100, returned: 2 }, { units: 900, returned: 200 });
    expect(test?.zScore).toBeLessThan(0);
    expect(test?.pValue).toBeGreaterThan(0.5);
    expect(isSignificant(test?.pValue ?? 1, 0.95)).toBe(false);
  });

  it('holds the boundary of the confidence: z of 1.6449 is just significant at 95 %, 1.64 is not', () => {
    expect(isSignificant(upperTail(1.6449), 0.95)).toBe(true);
    expect(isSignificant(upperTail(1.64), 0.95)).toBe(false);
    expect(isSignificant(upperTail(2.3), 0.99)).toBe(false);
    expect(isSignificant(upperTail(2.33), 0.99)).toBe(true);
  });

  it('makes no test where there is nothing to compare', () => {
    expect(twoProportionTest({ units: 50, returned: 5 }, { units: 0, returned: 0 })).toBeNull();
    expect(twoProportionTest({ units: 0, returned: 0 }, { units: 50, returned: 5 })).toBeNull();
    expect(twoProportionTest({ units: 50, returned: 0 }, { units: 50, returned: 0 })).toBeNull();
    expect(twoProportionTest({ units: 50, returned: 50 }, { units: 50, returned: 50 })).toBeNull();
  });
});
