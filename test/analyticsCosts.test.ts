import { describe, expect, it } from 'vitest';
import type { AnalyticsFilters, CostsReport } from '../src/app/analytics/analyticsTypes.js';
import { costsReport, DEFAULT_HANDLING_RATE_PER_HOUR } from '../src/app/analytics/queries/costs.js';
import { bucketOf, bucketsOf, trendInterval } from '../src/domain/analytics/intervals.js';
import { percentileCont } from '../src/domain/analytics/percentiles.js';
import {
  inPeriod,
  matchesDimensions,
  overRandomWorlds,
  randomFilters,
  type World,
  worldDatabase,
  writeWorld,
} from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';
import { type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const priced = (seconds: number, rate: number) => Math.round((seconds * rate) / 3600);

/** The report computed from the rows one by one. */
function bruteForce(world: World, f: AnalyticsFilters, rate: number): CostsReport {
  const interval = trendInterval(f.from, f.to);
  const lines = world.lines.filter((l) => l.counted && inPeriod(f, l.requested_day) && matchesDimensions(f, l, true));
  const total = (pick: (l: ReturnLineFact) => number | null | undefined, of = lines) =>
    of.reduce((n, l) => n + Number(pick(l) ?? 0), 0);
  const netLoss = (of: ReturnLineFact[]) =>
    total((l) => l.refund_amount, of) +
    total((l) => l.credit_amount, of) +
    total((l) => l.label_cost_amount, of) +
    priced(
      total((l) => l.inspection_seconds, of),
      rate,
    ) -
    total((l) => l.fee_amount, of) -
    total((l) => l.recovered_amount, of);
  const returns = new Set(lines.map((l) => l.return_id)).size;
  const seconds = total((l) => l.inspection_seconds);
  const dispositions = [...new Set(lines.map((l) => l.disposition ?? ''))].map((d) => {
    const of = lines.filter((l) => (l.disposition ?? '') === d);
    return {
      disposition: d,
      units: total((l) => l.quantity, of),
      value: total((l) => l.value_amount, of),
      recovered: total((l) => l.recovered_amount, of),
    };
  });
  const inspected = lines.filter((l) => l.grade != null || l.inspection_seconds != null);
  return {
    currency: f.currency,
    interval,
    returns,
    units: total((l) => l.quantity),
    labelCost: total((l) => l.label_cost_amount),
    handlingMinutes: seconds / 60,
    handlingCost: priced(seconds, rate),
    handlingRatePerHour: rate,
    feesCharged: total((l) => l.fee_amount),
    valueReturned: total((l) => l.value_amount),
    valueRecovered: total((l) => l.recovered_amount),
    refunded: total((l) => l.refund_amount),
    creditIssued: total((l) => l.credit_amount),
    netLoss: netLoss(lines),
    costPerReturn: returns === 0 ? null : Math.round(netLoss(lines) / returns),
    byDisposition: dispositions.sort((a, b) => b.units - a.units || cmp(a.disposition, b.disposition)),
    handlingByGrade: [...new Set(inspected.map((l) => l.grade ?? ''))].sort(cmp).map((grade) => {
      const of = inspected.filter((l) => (l.grade ?? '') === grade);
      const timed = of.map((l) => l.inspection_seconds).filter((s): s is number => s != null);
      return {
        grade,
        lines: of.length,
        medianSeconds: percentileCont(timed, 0.5),
        cost: priced(
          total((l) => l.inspection_seconds, of),
          rate,
        ),
      };
    }),
    trend: bucketsOf(f.from, f.to, interval).map((period) => {
      const of = lines.filter((l) => bucketOf(l.requested_day, interval) === period);
      return {
        period,
        labelCost: total((l) => l.label_cost_amount, of),
        handlingCost: priced(
          total((l) => l.inspection_seconds, of),
          rate,
        ),
        netLoss: netLoss(of),
      };
    }),
  };
}

describe.each(DB_KINDS)('costs report (%s)', (kind) => {
  const suite = worldDatabase(kind);

  it('adds labels, handling at the hourly rate and money paid out, less fees charged and value recovered', async () => {
    const day = { requested_at: '2026-04-01T10:00:00Z' };
    await writeWorld(suite.handle.db, {
      sales: [],
      lines: [
        returnLineFact({
          ...day,
          return_id: 'ret_1',
          value_amount: 4_000,
          refund_amount: 3_500,
          label_cost_amount: 500,
          fee_amount: 500,
          grade: 'A',
          inspection_seconds: 600,
          disposition: 'restock',
          recovered_amount: 4_000,
        }),
        returnLineFact({
          ...day,
          return_id: 'ret_1',
          value_amount: 2_000,
          credit_amount: 2_000,
          grade: 'C',
          inspection_seconds: 1_200,
          disposition: 'scrap',
        }),
        returnLineFact({
          ...day,
          return_id: 'ret_2',
          value_amount: 1_000,
          refund_amount: 1_000,
          label_cost_amount: 450,
          grade: 'A',
          inspection_seconds: 300,
        }),
        returnLineFact({ ...day, return_id: 'ret_3', counted: false, label_cost_amount: 9_999 }),
      ],
    });
    const report = await costsReport(suite.ctx, { from: '2026-04-01', to: '2026-04-30', currency: 'EUR' });
    const rate = DEFAULT_HANDLING_RATE_PER_HOUR;
    // 2,100 s of inspection at 30.00 an hour: 17.50.
    expect(report).toMatchObject({
      returns: 2,
      units: 3,
      labelCost: 950,
      handlingMinutes: 35,
      handlingCost: 1_750,
      handlingRatePerHour: rate,
    });
    // 3,500 + 1,000 refunded + 2,000 credit + 950 labels + 1,750 handling − 500 fees − 4,000 recovered.
    expect(report.netLoss).toBe(4_700);
    expect(report.costPerReturn).toBe(2_350);
    expect(report.byDisposition).toEqual([
      { disposition: '', units: 1, value: 1_000, recovered: 0 },
      { disposition: 'restock', units: 1, value: 4_000, recovered: 4_000 },
      { disposition: 'scrap', units: 1, value: 2_000, recovered: 0 },
    ]);
    expect(report.handlingByGrade).toEqual([
      { grade: 'A', lines: 2, medianSeconds: 450, cost: 750 },
      { grade: 'C', lines: 1, medianSeconds: 1_200, cost: 1_000 },
    ]);
    expect(report.trend[0]).toEqual({ period: '2026-04-01', labelCost: 950, handlingCost: 1_750, netLoss: 4_700 });

    // At the shop's own rate of 60.00 an hour, handling costs twice as much.
    await suite.handle.db
      .updateTable('shop_settings')
      .set({ analytics_handling_rate: 6_000 })
      .where('id', '=', 'default')
      .execute();
    try {
      const dearer = await costsReport(suite.ctx, { from: '2026-04-01', to: '2026-04-30', currency: 'EUR' });
      expect(dearer).toMatchObject({ handlingRatePerHour: 6_000, handlingCost: 3_500, netLoss: 6_450 });
      expect(dearer.handlingByGrade.map((g) => g.cost)).toEqual([1_500, 2_000]);
    } finally {
      await suite.handle.db
        .updateTable('shop_settings')
        .set({ analytics_handling_rate: DEFAULT_HANDLING_RATE_PER_HOUR })
        .where('id', '=', 'default')
        .execute();
    }
  });

  it('agrees with a computation over the rows one by one', async () => {
    await overRandomWorlds(
      () => suite.handle.db,
      async (world, r) => {
        for (let i = 0; i < 3; i++) {
          const f = randomFilters(r);
          expect(await costsReport(suite.ctx, f)).toEqual(bruteForce(world, f, DEFAULT_HANDLING_RATE_PER_HOUR));
        }
      },
    );
  }, 120_000);
});
