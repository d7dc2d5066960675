import { sql } from 'kysely';
import { bucketOf, bucketsOf } from '../../../domain/analytics/intervals.js';
import { allocate } from '../../../domain/money.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, CostsReport } from '../analyticsTypes.js';
import { factScope, numberOf as n } from '../factFilters.js';
import { countedLineConditions } from '../narrowFacts.js';

/** What an hour of inspection costs when the shop has not said (minor units). */
export const DEFAULT_HANDLING_RATE_PER_HOUR = 3000;

/** The shop's handling rate per hour. Read through the row as JSON so the report also runs on a
 * database whose settings predate the column (a read replica lagging a migration behind). */
export const handlingRateSql = sql<number>`coalesce((select (to_jsonb(s) ->> 'analytics_handling_rate')::int
    from shop_settings s where s.id = 'default'), ${DEFAULT_HANDLING_RATE_PER_HOUR})`;

/** Inspection seconds priced at the hourly rate, rounded to whole minor units. */
export const handlingCostOf = (seconds: number, ratePerHour: number) => Math.round((seconds * ratePerHour) / 3600);

interface Sums {
  units: number;
  label: number;
  seconds: number;
  fees: number;
  value: number;
  recovered: number;
  refunded: number;
  credit: number;
  exchanged: number;
}
const SUMS: (keyof Sums)[] = ['units', 'label', 'seconds', 'fees', 'value', 'recovered', 'refunded', 'credit', 'exchanged'];

/** The sums of a disposition's lines of a day. */
interface DayGroup extends Sums {
  disposition: string | null;
  day: string;
}

/** How many lines have one grade and inspection time, either of which may be null. */
interface GradeGroup {
  grade: string | null;
  s: number | null;
  c: number;
}

const emptySums = (): Sums => ({
  units: 0,
  label: 0,
  seconds: 0,
  fees: 0,
  value: 0,
  recovered: 0,
  refunded: 0,
  credit: 0,
  exchanged: 0,
});

function addTo(into: Sums, from: Sums): void {
  for (const key of SUMS) into[key] += n(from[key]);
}

/** Net loss from its integer parts and the handling cost already rounded for the same lines.
 * Refunds and credit are paid net of the fees charged (src/domain/refund.ts), so the fees are not
 * subtracted again; an exchange's goods sent are a cost like money paid out. */
const netLossOf = (s: Sums, handling: number) => s.refunded + s.credit + s.exchanged + s.label + handling - s.recovered;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The lines per inspection time of each grade; null and empty grades are one grade, ''. */
function timesPerGrade(rows: readonly GradeGroup[]): Map<string, Map<number | null, number>> {
  const byGrade = new Map<string, Map<number | null, number>>();
  for (const g of rows) {
    if (g.grade === null && g.s === null) continue;
    const times = byGrade.get(g.grade ?? '') ?? new Map<number | null, number>();
    times.set(g.s, (times.get(g.s) ?? 0) + n(g.c));
    byGrade.set(g.grade ?? '', times);
  }
  return byGrade;
}

/** A grade's inspected lines: how many, their seconds, and the median of those timed as
 * percentile_cont(0.5) interpolates it, from the counts of lines per inspection time. */
function gradeFigures(times: Map<number | null, number>): { lines: number; seconds: number; median: number | null } {
  let lines = 0;
  let seconds = 0;
  const timed: [number, number][] = [];
  for (const [s, c] of times) {
    lines += c;
    if (s === null) continue;
    seconds += s * c;
    timed.push([s, c]);
  }
  timed.sort((a, b) => a[0] - b[0]);
  const count = timed.reduce((sum, [, c]) => sum + c, 0);
  if (count === 0) return { lines, seconds, median: null };
  const position = 0.5 * (count - 1);
  const at = (i: number) => {
    let before = 0;
    for (const [s, c] of timed) {
      if (i < before + c) return s;
      before += c;
    }
    return 0;
  };
  const below = at(Math.floor(position));
  return { lines, seconds, median: below + (position - Math.floor(position)) * (at(Math.ceil(position)) - below) };
}

/**
 * What returns cost, over the counted return lines requested in the period
 * (analytics_counted_lines): carrier labels, handling (inspection time at the shop's hourly rate,
 * per grade where recorded), fees charged to the shopper, value recovered per disposition, money and
 * goods paid out, and the net loss. Three statements, run side by side on the pool's connections:
 * - the returns, as a distinct count of the lines' integer return keys (a sort of integers: there
 *   are almost as many returns as lines, so hashing or a parallel partial grouping costs more);
 * - the lines per grade and inspection time (a few thousand groups), each grade's exact median,
 *   percentile_cont's, read here from its counts per time instead of sorting the lines;
 * - the sums per disposition and day, folded here per disposition, per trend bucket and in all.
 * The first two read only keys the period's index holds (migration 0045), so a year's wide lines
 * are read once, and the three share the two cores.
 * Rounding: the one inexact figure, handling, is rounded once for the whole period and shared over
 * the trend's buckets and over the grades by largest remainder of their seconds, so the parts shown
 * add up to the totals shown (docs/analytics.md, "Cost per return").
 */
export async function costsReport(ctx: AppContext, f: AnalyticsFilters): Promise<CostsReport> {
  const scope = await factScope(ctx, f);
  const lines = sql`from analytics_counted_lines l where ${countedLineConditions(scope, 'requested', 'l')}`;
  const [counted, graded, days] = await Promise.all([
    sql<{ rate: number; returns: number }>`select ${handlingRateSql} as rate,
        (select count(distinct l.return_key)::int ${lines}) as returns`.execute(scope.db),
    sql<GradeGroup>`select l.grade, l.inspection_seconds as s, count(*)::int as c
      ${lines} group by l.grade, l.inspection_seconds`.execute(scope.db),
    sql<DayGroup>`select l.disposition, l.requested_day::text as day, sum(l.quantity) as units,
        sum(l.label_cost_amount) as label, sum(l.inspection_seconds) as seconds, sum(l.fee_amount) as fees,
        sum(l.value_amount) as value, sum(l.recovered_amount) as recovered, sum(l.refund_amount) as refunded,
        sum(l.credit_amount) as credit, sum(l.exchange_amount) as exchanged
      ${lines} group by l.disposition, l.requested_day`.execute(scope.db),
  ]);
  const rate = Number(counted.rows[0]?.rate ?? DEFAULT_HANDLING_RATE_PER_HOUR);
  const returns = n(counted.rows[0]?.returns);
  const total = emptySums();
  const byDisposition = new Map<string, Sums>();
  const byBucket = new Map<string, Sums>();
  // Null and empty dispositions are one, ''.
  const byGrade = timesPerGrade(graded.rows);
  for (const g of days.rows) {
    addTo(total, g);
    const d = g.disposition ?? '';
    const perDisposition = byDisposition.get(d) ?? emptySums();
    addTo(perDisposition, g);
    byDisposition.set(d, perDisposition);
    const b = bucketOf(g.day, scope.interval);
    const perBucket = byBucket.get(b) ?? emptySums();
    addTo(perBucket, g);
    byBucket.set(b, perBucket);
  }
  const handlingCost = handlingCostOf(total.seconds, rate);
  const netLoss = netLossOf(total, handlingCost);
  const periods = bucketsOf(f.from, f.to, scope.interval).map((period) => ({ period, t: byBucket.get(period) ?? emptySums() }));
  const trendHandling = allocate(
    handlingCost,
    periods.map((p) => p.t.seconds),
  );
  const grades = [...byGrade.keys()].sort(cmp).map((grade) => ({ grade, ...gradeFigures(byGrade.get(grade) ?? new Map()) }));
  const gradeHandling = allocate(
    handlingCost,
    grades.map((g) => g.seconds),
  );
  return {
    currency: f.currency,
    interval: scope.interval,
    returns,
    units: total.units,
    labelCost: total.label,
    handlingMinutes: total.seconds / 60,
    handlingCost,
    handlingRatePerHour: rate,
    feesCharged: total.fees,
    valueReturned: total.value,
    valueRecovered: total.recovered,
    refunded: total.refunded,
    creditIssued: total.credit,
    exchangeValue: total.exchanged,
    netLoss,
    costPerReturn: returns === 0 ? null : Math.round(netLoss / returns),
    byDisposition: [...byDisposition]
      .map(([disposition, d]) => ({ disposition, units: d.units, value: d.value, recovered: d.recovered }))
      .sort((a, b) => b.units - a.units || cmp(a.disposition, b.disposition)),
    handlingByGrade: grades.map((g, i) => ({
      grade: g.grade,
      lines: g.lines,
      medianSeconds: g.median,
      cost: gradeHandling[i] ?? 0,
    })),
    trend: periods.map(({ period, t }, i) => {
      const handling = trendHandling[i] ?? 0;
      return { period, labelCost: t.label, handlingCost: handling, netLoss: netLossOf(t, handling) };
    }),
  };
}
