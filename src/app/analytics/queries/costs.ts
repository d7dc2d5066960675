import { sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import { allocate } from '../../../domain/money.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, CostsReport } from '../analyticsTypes.js';
import { bucketExpr, factScope, jsonOf, numberOf as n } from '../factFilters.js';
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
  returns: number;
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

/** A row of the sums folded from the lines grouped by disposition and day: `set` says which
 * folding it belongs to (grouping() of disposition and bucket). */
interface Folded extends Omit<Sums, 'returns'> {
  set: number;
  d: string | null;
  b: string | null;
}

/** A grade's inspected lines: how many, their seconds, and the times either side of the middle of
 * those timed (equal for an odd count). */
interface Graded {
  g: string;
  lines: number;
  seconds: number;
  timed: number | null;
  below: number | null;
  above: number | null;
}

interface Row {
  rate: number;
  returns: number;
  folded: Folded[] | string | null;
  grades: Graded[] | string | null;
}

/** The sums every figure is made of, over rows that already carry them under these names. */
const sums = sql`sum(units) as units, sum(label) as label, coalesce(sum(seconds), 0) as seconds, sum(fees) as fees,
  sum(value) as value, sum(recovered) as recovered, sum(refunded) as refunded, sum(credit) as credit,
  sum(exchanged) as exchanged`;

/** Net loss from its integer parts and the handling cost already rounded for the same lines.
 * Refunds and credit are paid net of the fees charged (src/domain/refund.ts), so the fees are not
 * subtracted again; an exchange's goods sent are a cost like money paid out. */
const netLossOf = (s: Partial<Sums>, handling: number) =>
  n(s.refunded) + n(s.credit) + n(s.exchanged) + n(s.label) + handling - n(s.recovered);

/** The median as percentile_cont(0.5) interpolates it, from the values either side of the middle
 * of a grade's timed lines. */
function medianOf(g: Graded): number | null {
  if (n(g.timed) === 0) return null;
  const position = 0.5 * (n(g.timed) - 1);
  return n(g.below) + (position - Math.floor(position)) * (n(g.above) - n(g.below));
}

const GROUPED_BY_DISPOSITION = 1;
const GROUPED_BY_BUCKET = 2;
const GROUPED_IN_ALL = 3;

/**
 * What returns cost, over the counted return lines requested in the period
 * (analytics_counted_lines): carrier labels, handling (inspection time at the shop's hourly rate,
 * per grade where recorded), fees charged to the shopper, value recovered per disposition, money and
 * goods paid out, and the net loss. One statement of three passes over the period's lines:
 * - the sums grouped by disposition and day (a few thousand groups, hashed in parallel), folded per
 *   disposition, per trend bucket and in all on that small result, so the bucket is computed per
 *   group, not per line;
 * - the lines graded or timed counted per grade and inspection time (a few thousand groups, hashed
 *   in parallel): each grade's lines and seconds, and its exact median, percentile_cont's, from the
 *   times either side of the middle picked by running counts instead of sorting the lines;
 * - the returns, as a distinct count of the lines' integer return keys (a sort of integers; there
 *   are almost as many returns as lines, so no parallel partial grouping pays).
 * Rounding: the one inexact figure, handling, is rounded once for the whole period and shared over
 * the trend's buckets and over the grades by largest remainder of their seconds, so the parts shown
 * add up to the totals shown (docs/analytics.md, "Cost per return").
 */
export async function costsReport(ctx: AppContext, f: AnalyticsFilters): Promise<CostsReport> {
  const scope = await factScope(ctx, f);
  const lines = sql`from analytics_counted_lines l where ${countedLineConditions(scope, 'requested', 'l')}`;
  const { rows } = await sql<Row>`select ${handlingRateSql} as rate,
      (select count(distinct l.return_key)::int ${lines}) as returns,
      (select json_agg(x order by x.units desc, x.d) from (
        select grouping(d, b) as set, d, b, ${sums}
        from (select coalesce(g.disposition, '') as d, ${bucketExpr(sql.ref('g.requested_day'), scope.interval)} as b, g.*
          from (select l.disposition, l.requested_day, sum(l.quantity) as units, sum(l.label_cost_amount) as label,
              sum(l.inspection_seconds) as seconds, sum(l.fee_amount) as fees, sum(l.value_amount) as value,
              sum(l.recovered_amount) as recovered, sum(l.refund_amount) as refunded, sum(l.credit_amount) as credit,
              sum(l.exchange_amount) as exchanged
            ${lines} group by 1, 2) g) g
        group by grouping sets ((d), (b), ())) x) as folded,
      (select json_agg(x order by x.g) from (
        select g, sum(c) as lines, coalesce(sum(s * c), 0) as seconds, max(timed) as timed,
          min(s) filter (where before <= floor((timed - 1) / 2.0) and floor((timed - 1) / 2.0) < upto) as below,
          min(s) filter (where before <= ceil((timed - 1) / 2.0) and ceil((timed - 1) / 2.0) < upto) as above
        from (select g, s, c, sum(c) over w - c as before, sum(c) over w as upto,
              sum(c) filter (where s is not null) over (partition by g) as timed
            from (select coalesce(l.grade, '') as g, l.inspection_seconds as s, count(*) as c ${lines}
                and (l.grade is not null or l.inspection_seconds is not null) group by 1, 2) h
            window w as (partition by g order by s)) h
        group by g) x) as grades`.execute(scope.db);
  const row = rows[0] as Row;
  const rate = Number(row.rate);
  const folded = jsonOf<Folded[]>(row.folded, []);
  const of = (set: number) => folded.filter((r) => r.set === set);
  const total: Partial<Sums> = of(GROUPED_IN_ALL)[0] ?? {};
  const returns = n(row.returns);
  const handlingCost = handlingCostOf(n(total.seconds), rate);
  const netLoss = netLossOf(total, handlingCost);
  const trendRows = new Map(of(GROUPED_BY_BUCKET).map((t) => [t.b, t]));
  const periods = bucketsOf(f.from, f.to, scope.interval).map((period) => ({
    period,
    t: (trendRows.get(period) ?? {}) as Partial<Sums>,
  }));
  const trendHandling = allocate(
    handlingCost,
    periods.map((p) => n(p.t.seconds)),
  );
  const grades = jsonOf<Graded[]>(row.grades, []);
  const gradeHandling = allocate(
    handlingCost,
    grades.map((g) => n(g.seconds)),
  );
  return {
    currency: f.currency,
    interval: scope.interval,
    returns,
    units: n(total.units),
    labelCost: n(total.label),
    handlingMinutes: n(total.seconds) / 60,
    handlingCost,
    handlingRatePerHour: rate,
    feesCharged: n(total.fees),
    valueReturned: n(total.value),
    valueRecovered: n(total.recovered),
    refunded: n(total.refunded),
    creditIssued: n(total.credit),
    exchangeValue: n(total.exchanged),
    netLoss,
    costPerReturn: returns === 0 ? null : Math.round(netLoss / returns),
    byDisposition: of(GROUPED_BY_DISPOSITION).map((d) => ({
      disposition: d.d ?? '',
      units: n(d.units),
      value: n(d.value),
      recovered: n(d.recovered),
    })),
    handlingByGrade: grades.map((g, i) => ({
      grade: g.g,
      lines: n(g.lines),
      medianSeconds: medianOf(g),
      cost: gradeHandling[i] ?? 0,
    })),
    trend: periods.map(({ period, t }, i) => {
      const handling = trendHandling[i] ?? 0;
      return { period, labelCost: n(t.label), handlingCost: handling, netLoss: netLossOf(t, handling) };
    }),
  };
}
