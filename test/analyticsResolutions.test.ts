import { describe, expect, it } from 'vitest';
import { type AnalyticsFilters, RESOLUTIONS_REPORTED, type ResolutionsReport } from '../src/app/analytics/analyticsTypes.js';
import { resolutionsReport } from '../src/app/analytics/queries/resolutions.js';
import { bucketOf, bucketsOf, trendInterval } from '../src/domain/analytics/intervals.js';
import {
  inPeriod,
  matchesDimensions,
  overRandomWorlds,
  randomFilters,
  reportedResolutionOf,
  type World,
  worldDatabase,
  writeWorld,
} from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';
import { type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';

const resolutionOf = reportedResolutionOf;

/** The report computed from the rows one by one. */
function bruteForce(world: World, f: AnalyticsFilters): ResolutionsReport {
  const interval = trendInterval(f.from, f.to);
  const lines = world.lines.filter((l) => l.counted && inPeriod(f, l.requested_day) && matchesDimensions(f, l, true));
  const total = (pick: (l: ReturnLineFact) => number | undefined, of = lines) => of.reduce((n, l) => n + Number(pick(l) ?? 0), 0);
  const units = total((l) => l.quantity);
  const value = total((l) => l.value_amount);
  const creditSpent = total((l) => l.credit_spent_amount);
  const exchangeValue = total((l) => l.exchange_amount);
  return {
    currency: f.currency,
    interval,
    byResolution: RESOLUTIONS_REPORTED.map((resolution) => {
      const of = lines.filter((l) => resolutionOf(l) === resolution);
      return {
        resolution,
        returns: new Set(of.map((l) => l.return_id)).size,
        units: total((l) => l.quantity, of),
        value: total((l) => l.value_amount, of),
        share: units === 0 ? 0 : total((l) => l.quantity, of) / units,
      };
    }),
    refunded: total((l) => l.refund_amount),
    creditIssued: total((l) => l.credit_amount),
    creditSpent,
    exchangeValue,
    revenueRetained: creditSpent + exchangeValue,
    retainedShare: value === 0 ? null : (creditSpent + exchangeValue) / value,
    bonusCost: total((l) => l.bonus_amount),
    trend: bucketsOf(f.from, f.to, interval).map((period) => {
      const of = lines.filter((l) => bucketOf(l.requested_day, interval) === period);
      const unitsOf = (r: string) =>
        total(
          (l) => l.quantity,
          of.filter((l) => resolutionOf(l) === r),
        );
      return { period, refund: unitsOf('refund'), store_credit: unitsOf('store_credit'), exchange: unitsOf('exchange') };
    }),
  };
}

describe.each(DB_KINDS)('resolutions report (%s)', (kind) => {
  const suite = worldDatabase(kind);

  it('counts refunds, credit and exchanges as granted (else as asked), and the revenue exchanges and spent credit kept', async () => {
    const day = { requested_at: '2026-04-01T10:00:00Z' };
    await writeWorld(suite.handle.db, {
      sales: [],
      lines: [
        returnLineFact({ ...day, return_id: 'ret_1', requested_resolution: 'refund', value_amount: 4_000, refund_amount: 4_000 }),
        // Asked for a refund, granted credit with a bonus; half of it spent since.
        returnLineFact({
          ...day,
          return_id: 'ret_1',
          requested_resolution: 'refund',
          granted_resolution: 'store_credit',
          value_amount: 2_000,
          credit_amount: 2_200,
          bonus_amount: 200,
          credit_spent_amount: 1_100,
        }),
        returnLineFact({
          ...day,
          return_id: 'ret_2',
          requested_resolution: 'replacement',
          quantity: 2,
          value_amount: 3_000,
          exchange_amount: 3_000,
        }),
        returnLineFact({ ...day, return_id: 'ret_3', requested_resolution: 'keep', value_amount: 1_000, refund_amount: 1_000 }),
        // Rejected: left out.
        returnLineFact({ ...day, return_id: 'ret_4', counted: false, refund_amount: 9_999 }),
      ],
    });
    const report = await resolutionsReport(suite.ctx, { from: '2026-04-01', to: '2026-04-30', currency: 'EUR' });
    expect(report.byResolution).toEqual([
      { resolution: 'refund', returns: 1, units: 1, value: 4_000, share: 0.2 },
      { resolution: 'store_credit', returns: 1, units: 1, value: 2_000, share: 0.2 },
      { resolution: 'exchange', returns: 1, units: 2, value: 3_000, share: 0.4 },
      { resolution: 'repair', returns: 0, units: 0, value: 0, share: 0 },
      { resolution: 'other', returns: 1, units: 1, value: 1_000, share: 0.2 },
    ]);
    expect(report).toMatchObject({
      refunded: 5_000,
      creditIssued: 2_200,
      creditSpent: 1_100,
      exchangeValue: 3_000,
      revenueRetained: 4_100,
      retainedShare: 4_100 / 10_000,
      bonusCost: 200,
    });
    expect(report.trend[0]).toEqual({ period: '2026-04-01', refund: 1, store_credit: 1, exchange: 2 });
    expect(report.trend).toHaveLength(30);
  });

  it('agrees with a computation over the rows one by one', async () => {
    await overRandomWorlds(
      () => suite.handle.db,
      async (world, r) => {
        for (let i = 0; i < 3; i++) {
          const f = randomFilters(r);
          expect(await resolutionsReport(suite.ctx, f)).toEqual(bruteForce(world, f));
        }
      },
    );
  }, 120_000);
});
