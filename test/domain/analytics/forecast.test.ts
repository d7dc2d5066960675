import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backtestWeekStarts,
  expectedArrivals,
  type ForecastWindows,
  forecastArrivals,
  lagQuantile,
  mondayOf,
  returnCurve,
  warehouseShares,
} from '../../../src/domain/analytics/forecast.js';
import { dayOfDate } from '../../../src/domain/calendar.js';

const W: ForecastWindows = { days: 10, historyDays: 30, maxLagDays: 6, splitDays: 14, minCurveUnits: 20 };
const AS_OF = 1000;

const units = fc.integer({ min: 0, max: 50 });
/** Deliveries on days around the as-of day, some after it (which no forecast may use). */
const deliveriesArb = fc
  .array(fc.tuple(fc.integer({ min: AS_OF - 45, max: AS_OF + 5 }), units), { maxLength: 40 })
  .map((pairs) => {
    const m = new Map<number, number>();
    for (const [d, u] of pairs) m.set(d, (m.get(d) ?? 0) + u);
    return m;
  });
const lagsArb = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: W.maxLagDays + 1, maxLength: W.maxLagDays + 1 });

describe('returnCurve', () => {
  it('measures each lag on the units delivered early enough to show it', () => {
    fc.assert(
      fc.property(deliveriesArb, lagsArb, (deliveries, arrived) => {
        const curve = returnCurve(deliveries, arrived, AS_OF, W);
        for (let k = 0; k <= W.maxLagDays; k++) {
          let exposed = 0;
          for (const [d, u] of deliveries) if (d >= AS_OF - W.historyDays && d <= AS_OF - 1 - k) exposed += u;
          expect(curve.perUnit[k]).toBeCloseTo(exposed > 0 ? arrived[k]! / exposed : 0, 12);
          if (k === W.maxLagDays) expect(curve.watchedUnits).toBe(exposed);
        }
        expect(curve.rate).toBeCloseTo(
          curve.perUnit.reduce((a, b) => a + b, 0),
          12,
        );
      }),
    );
  });

  it('gives the known curve back from a steady history', () => {
    // 100 units every day; of each day's units 10 arrive after 2 days and 5 after 4.
    const deliveries = new Map<number, number>();
    for (let d = AS_OF - 30; d < AS_OF; d++) deliveries.set(d, 100);
    const arrived = [0, 0, 10 * 28, 0, 5 * 26, 0, 0];
    const curve = returnCurve(deliveries, arrived, AS_OF, W);
    expect(curve.perUnit).toEqual([0, 0, 0.1, 0, 0.05, 0, 0]);
    expect(curve.rate).toBeCloseTo(0.15, 12);
    expect(curve.watchedUnits).toBe(2400);
    expect(lagQuantile(curve, 0.5)).toBe(2);
    expect(lagQuantile(curve, 0.9)).toBe(4);
    expect(lagQuantile(returnCurve(deliveries, [], AS_OF, W), 0.5)).toBeNull();
  });
});

describe('expectedArrivals', () => {
  it('equals the sum over every delivery and day, brute force, and is never negative', () => {
    fc.assert(
      fc.property(deliveriesArb, lagsArb, (deliveries, arrived) => {
        const curve = returnCurve(deliveries, arrived, AS_OF, W);
        const got = expectedArrivals(curve, deliveries, AS_OF, W.days);
        for (let i = 0; i < W.days; i++) {
          let want = 0;
          for (const [d, u] of deliveries) {
            const lag = AS_OF + i - d;
            if (d < AS_OF && lag >= 0 && lag <= W.maxLagDays) want += u * curve.perUnit[lag]!;
          }
          expect(got[i]).toBeCloseTo(want, 9);
          expect(got[i]).toBeGreaterThanOrEqual(0);
        }
        // Never more than what the known deliveries can still send back.
        let known = 0;
        for (const [d, u] of deliveries) if (d < AS_OF && d >= AS_OF - W.maxLagDays) known += u;
        expect(got.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(known * curve.rate + 1e-9);
      }),
    );
  });
});

describe('warehouseShares', () => {
  it('shares add up to one over the warehouses that received something', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ warehouseId: fc.constantFrom('a', 'b', null), units })), (routed) => {
        const shares = warehouseShares(routed);
        if (routed.every((r) => r.units === 0)) expect(shares).toEqual([]);
        else expect(shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 12);
        for (const s of shares) expect(s.share).toBeGreaterThan(0);
      }),
    );
  });
});

const categoryArb = fc.constantFrom('c1', 'c2', '');
const historyArb = fc.record({
  deliveries: fc.array(fc.tuple(categoryArb, deliveriesArb)),
  arrived: fc.array(fc.tuple(categoryArb, lagsArb)),
  routed: fc.array(fc.tuple(categoryArb, fc.constantFrom('w1', 'w2', null), units)),
});

describe('forecastArrivals', () => {
  it('splits each category’s expectation over warehouses without losing any, within delivered × rate', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const deliveries = new Map<string, Map<number, number>>(h.deliveries);
        const arrivedByLag = new Map(h.arrived);
        const routed = new Map<string, { warehouseId: string | null; units: number }[]>();
        for (const [c, warehouseId, u] of h.routed) routed.set(c, [...(routed.get(c) ?? []), { warehouseId, units: u }]);
        const { curves, days } = forecastArrivals({ asOf: AS_OF, deliveries, arrivedByLag, routed }, W);

        let wantTotal = 0;
        let bound = 0;
        for (const curve of curves) {
          const delivered = deliveries.get(curve.categoryId) ?? new Map<number, number>();
          wantTotal += expectedArrivals(curve, delivered, AS_OF, W.days).reduce((a, b) => a + b, 0);
          for (const [d, u] of delivered) if (d < AS_OF && d >= AS_OF - W.maxLagDays) bound += u * curve.rate;
          if (curve.own) expect(curve.watchedUnits).toBeGreaterThanOrEqual(W.minCurveUnits);
        }
        const total = days.reduce((a, d) => a + d.units, 0);
        expect(total).toBeCloseTo(wantTotal, 6);
        expect(total).toBeLessThanOrEqual(bound + 1e-6);
        for (const d of days) {
          expect(d.units).toBeGreaterThan(0);
          expect(d.day).toBeGreaterThanOrEqual(AS_OF);
          expect(d.day).toBeLessThan(AS_OF + W.days);
        }
      }),
    );
  });

  it('uses no delivery on or after its as-of day', () => {
    fc.assert(
      fc.property(historyArb, deliveriesArb, (h, later) => {
        const arrivedByLag = new Map(h.arrived);
        const before = new Map(h.deliveries.map(([c, m]) => [c, new Map([...m].filter(([d]) => d < AS_OF))]));
        const withLater = new Map(
          [...before].map(([c, m]) => [c, new Map([...m, ...[...later].filter(([d]) => d >= AS_OF)])] as const),
        );
        const a = forecastArrivals({ asOf: AS_OF, deliveries: before, arrivedByLag, routed: new Map() }, W);
        const b = forecastArrivals({ asOf: AS_OF, deliveries: withLater, arrivedByLag, routed: new Map() }, W);
        expect(b).toEqual(a);
      }),
    );
  });

  it('lends the curve of all categories to one watched too little', () => {
    const big = new Map<number, number>();
    const small = new Map<number, number>();
    for (let d = AS_OF - 30; d < AS_OF; d++) {
      big.set(d, 100);
      if (d >= AS_OF - 3) small.set(d, 5);
    }
    const { curves } = forecastArrivals(
      {
        asOf: AS_OF,
        deliveries: new Map([
          ['big', big],
          ['small', small],
        ]),
        arrivedByLag: new Map([['big', [0, 0, 280, 0, 0, 0, 0]]]),
        routed: new Map(),
      },
      W,
    );
    const [bigCurve, smallCurve] = curves;
    expect(bigCurve).toMatchObject({ categoryId: 'big', own: true });
    expect(smallCurve).toMatchObject({ categoryId: 'small', own: false });
    // The pooled curve: 280 arrived at lag 2 of the units delivered by AS_OF − 3 (28 days of 100, and 5 of the small's).
    expect(smallCurve!.perUnit[2]).toBeCloseTo(280 / 2805, 12);
  });
});

describe('backtest weeks', () => {
  it('start on the Mondays of the whole weeks before this one', () => {
    expect(mondayOf(dayOfDate('2026-06-15'))).toBe(dayOfDate('2026-06-15'));
    expect(mondayOf(dayOfDate('2026-06-21'))).toBe(dayOfDate('2026-06-15'));
    expect(backtestWeekStarts(dayOfDate('2026-06-17'), 3)).toEqual(['2026-06-08', '2026-06-01', '2026-05-25'].map(dayOfDate));
  });
});
