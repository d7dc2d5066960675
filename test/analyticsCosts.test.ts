import { describe, expect, it } from 'vitest';
import type { AnalyticsFilters, CostsReport } from '../src/app/analytics/analyticsTypes.js';
import { costsReport, DEFAULT_HANDLING_RATE_PER_HOUR } from '../src/app/analytics/queries/costs.js';
import { bucketOf, bucketsOf, trendInterval } from '../src/domain/analytics/intervals.js';
import { percentileCont } from '../src/domain/analytics/percentiles.js';
import { allocate } from '../src/domain/money.js';
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

/**
 * The report computed from the rows one by one, from the written definition: each line's loss is
 * what went out for it (money refunded, credit issued, goods sent in exchange, its label share) less
 * what its goods brought back; fees are already kept out of what went out. Handling is priced once
 * for the period and split over buckets and grades by their seconds.
 */
function bruteForce(world: World, f: AnalyticsFilters, rate: number): CostsReport {
  const interval = trendInterval(f.from, f.to);
  const lines = world.lines.filter((l) => l.counted && inPeriod(f, l.requested_day) && matchesDimensions(f, l, true));
  const total = (pick: (l: ReturnLineFact) => number | null | undefined, of = lines) =>
    of.reduce((n, l) => n + Number(pick(l) ?? 0), 0);
  const lineLoss = (l: ReturnLineFact) =>
    Number(l.refund_amount ?? 0) +
    Number(l.credit_amount ?? 0) +
    Number(l.exchange_amount ?? 0) +
    Number(l.label_cost_amount ?? 0) -
    Number(l.recovered_amount ?? 0);
  const seconds = total((l) => l.inspection_seconds);
  const handlingCost = priced(seconds, rate);
  const periods = bucketsOf(f.from, f.to, interval);
  const linesOf = (period: string) => lines.filter((l) => bucketOf(l.requested_day, interval) === period);
  const periodHandling = allocate(
    handlingCost,
    periods.map((p) => total((l) => l.inspection_seconds, linesOf(p))),
  );
  const netLoss = total(lineLoss) + handlingCost;
  const returns = new Set(lines.map((l) => l.return_id)).size;
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
  const grades = [...new Set(inspected.map((l) => l.grade ?? ''))].sort(cmp);
  const gradeHandling = allocate(
    handlingCost,
    grades.map((g) =>
      total(
        (l) => l.inspection_seconds,
        inspected.filter((l) => (l.grade ?? '') === g),
      ),
    ),
  );
  return {
    currency: f.currency,
    interval,
    returns,
    units: total((l) => l.quantity),
    labelCost: total((l) => l.label_cost_amount),
    handlingMinutes: seconds / 60,
    handlingCost,
    handlingRatePerHour: rate,
    feesCharged: total((l) => l.fee_amount),
    valueReturned: total((l) => l.value_amount),
    valueRecovered: total((l) => l.recovered_amount),
    refunded: total((l) => l.refund_amount),
    creditIssued: total((l) => l.credit_amount),
    exchangeValue: total((l) => l.exchange_amount),
    netLoss,
    costPerReturn: returns === 0 ? null : Math.round(netLoss / returns),
    byDisposition: dispositions.sort((a, b) => b.units - a.units || cmp(a.disposition, b.disposition)),
    handlingByGrade: grades.map((grade, i) => {
      const of = inspected.filter((l) => (l.grade ?? '') === grade);
      const timed = of.map((l) => l.inspection_seconds).filter((s): s is number => s != null);
      return { grade, lines: of.length, medianSeconds: percentileCont(timed, 0.5), cost: gradeHandling[i] ?? 0 };
    }),
    trend: periods.map((period, i) => {
      const of = linesOf(period);
      const handling = periodHandling[i] ?? 0;
      return {
        period,
        labelCost: total((l) => l.label_cost_amount, of),
        handlingCost: handling,
        netLoss: of.reduce((n, l) => n + lineLoss(l), 0) + handling,
      };
    }),
  };
}

describe.each(DB_KINDS)('costs report (%s)', (kind) => {
  const suite = worldDatabase(kind);

  it('adds money and goods paid out, labels and handling, less value recovered; fees are already out of the refunds', async () => {
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
        // An exchange: the goods sent out are a cost, the item recovered a gain, and no money moves.
        returnLineFact({
          ...day,
          return_id: 'ret_4',
          value_amount: 3_000,
          exchange_amount: 3_000,
          disposition: 'restock',
          recovered_amount: 3_000,
        }),
        returnLineFact({ ...day, return_id: 'ret_3', counted: false, label_cost_amount: 9_999 }),
      ],
    });
    const report = await costsReport(suite.ctx, { from: '2026-04-01', to: '2026-04-30', currency: 'EUR' });
    const rate = DEFAULT_HANDLING_RATE_PER_HOUR;
    // 2,100 s of inspection at 30.00 an hour: 17.50.
    expect(report).toMatchObject({
      returns: 3,
      units: 4,
      labelCost: 950,
      handlingMinutes: 35,
      handlingCost: 1_750,
      handlingRatePerHour: rate,
      feesCharged: 500,
      exchangeValue: 3_000,
    });
    // 3,500 + 1,000 refunded + 2,000 credit + 3,000 exchanged + 950 labels + 1,750 handling − 7,000
    // recovered; the 500 fees were kept out of the 3,500 refund and are not taken off again.
    expect(report.netLoss).toBe(5_200);
    expect(report.costPerReturn).toBe(1_733);
    expect(report.byDisposition).toEqual([
      { disposition: 'restock', units: 2, value: 7_000, recovered: 7_000 },
      { disposition: '', units: 1, value: 1_000, recovered: 0 },
      { disposition: 'scrap', units: 1, value: 2_000, recovered: 0 },
    ]);
    expect(report.handlingByGrade).toEqual([
      { grade: 'A', lines: 2, medianSeconds: 450, cost: 750 },
      { grade: 'C', lines: 1, medianSeconds: 1_200, cost: 1_000 },
    ]);
    expect(report.trend[0]).toEqual({ period: '2026-04-01', labelCost: 950, handlingCost: 1_750, netLoss: 5_200 });

    // At the shop's own rate of 60.00 an hour, handling costs twice as much.
    await suite.handle.db
      .updateTable('shop_settings')
      .set({ analytics_handling_rate: 6_000 })
      .where('id', '=', 'default')
      .execute();
    try {
      const dearer = await costsReport(suite.ctx, { from: '2026-04-01', to: '2026-04-30', currency: 'EUR' });
      expect(dearer).toMatchObject({ handlingRatePerHour: 6_000, handlingCost: 3_500, netLoss: 6_950 });
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
          const report = await costsReport(suite.ctx, f);
          expect(report).toEqual(bruteForce(world, f, DEFAULT_HANDLING_RATE_PER_HOUR));
          // Parts shown beside their totals add up to them.
          const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          expect(sum(report.trend.map((t) => t.handlingCost))).toBe(report.handlingCost);
          expect(sum(report.trend.map((t) => t.netLoss))).toBe(report.netLoss);
          expect(sum(report.trend.map((t) => t.labelCost))).toBe(report.labelCost);
          expect(sum(report.handlingByGrade.map((g) => g.cost))).toBe(report.handlingCost);
        }
      },
    );
  }, 120_000);
});
