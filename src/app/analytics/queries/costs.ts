import { sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import { allocate } from '../../../domain/money.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, CostsReport } from '../analyticsTypes.js';
import { bucketExpr, factScope, jsonOf, numberOf as n, returnLineConditions } from '../factFilters.js';

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

interface Row {
  rate: number;
  total: Sums | string | null;
  dispositions: { d: string; units: number; value: number; recovered: number }[] | string | null;
  grades: { g: string; lines: number; median: number | null; seconds: number }[] | string | null;
  trend: (Omit<Sums, 'returns'> & { b: string })[] | string | null;
}

/** The sums every figure is made of; returns are counted only in all (a distinct count sorts). */
const sums = sql`sum(quantity) as units, sum(label_cost_amount) as label,
  coalesce(sum(inspection_seconds), 0) as seconds, sum(fee_amount) as fees, sum(value_amount) as value,
  sum(recovered_amount) as recovered, sum(refund_amount) as refunded, sum(credit_amount) as credit,
  sum(exchange_amount) as exchanged`;

/** Net loss from its integer parts and the handling cost already rounded for the same lines.
 * Refunds and credit are paid net of the fees charged (src/domain/refund.ts), so the fees are not
 * subtracted again; an exchange's goods sent are a cost like money paid out. */
const netLossOf = (s: Partial<Sums>, handling: number) =>
  n(s.refunded) + n(s.credit) + n(s.exchanged) + n(s.label) + handling - n(s.recovered);

/**
 * What returns cost, over the counted return lines requested in the period: carrier labels,
 * handling (inspection time at the shop's hourly rate, per grade where recorded), fees charged to
 * the shopper, value recovered per disposition, money and goods paid out, and the net loss. One
 * statement. Rounding: the one inexact figure, handling, is rounded once for the whole period and
 * shared over the trend's buckets and over the grades by largest remainder of their seconds, so the
 * parts shown add up to the totals shown (docs/analytics.md, "Cost per return").
 */
export async function costsReport(ctx: AppContext, f: AnalyticsFilters): Promise<CostsReport> {
  const scope = await factScope(ctx, f);
  const { rows } = await sql<Row>`with l as (
      select l.return_id, l.quantity, l.value_amount, l.label_cost_amount, l.inspection_seconds, l.fee_amount,
        l.recovered_amount, l.refund_amount, l.credit_amount, l.exchange_amount, l.disposition, l.grade, ${bucketExpr(sql.ref('l.requested_day'), scope.interval)} as b
      from analytics_return_lines l
      where ${returnLineConditions(scope, 'requested', 'l')} and l.counted
    )
    select ${handlingRateSql} as rate,
      (select row_to_json(x) from (select count(distinct return_id)::int as returns, ${sums} from l) x) as total,
      (select json_agg(row_to_json(x) order by x.units desc, x.d) from (
        select coalesce(disposition, '') as d, sum(quantity) as units, sum(value_amount) as value,
          sum(recovered_amount) as recovered from l group by 1) x) as dispositions,
      (select json_agg(row_to_json(x) order by x.g) from (
        select coalesce(grade, '') as g, count(*)::int as lines,
          percentile_cont(0.5) within group (order by inspection_seconds) as median,
          coalesce(sum(inspection_seconds), 0) as seconds
        from l where grade is not null or inspection_seconds is not null group by 1) x) as grades,
      (select json_agg(row_to_json(x)) from (select b, ${sums} from l group by b) x) as trend`.execute(scope.db);
  const row = rows[0] as Row;
  const rate = Number(row.rate);
  const total = jsonOf<Partial<Sums>>(row.total, {});
  const returns = n(total.returns);
  const handlingCost = handlingCostOf(n(total.seconds), rate);
  const netLoss = netLossOf(total, handlingCost);
  const trendRows = new Map(jsonOf<Exclude<Row['trend'], string | null>>(row.trend, []).map((t) => [t.b, t]));
  const periods = bucketsOf(f.from, f.to, scope.interval).map((period) => ({
    period,
    t: (trendRows.get(period) ?? {}) as Partial<Sums>,
  }));
  const trendHandling = allocate(
    handlingCost,
    periods.map((p) => n(p.t.seconds)),
  );
  const grades = jsonOf<Exclude<Row['grades'], string | null>>(row.grades, []);
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
    byDisposition: jsonOf<Exclude<Row['dispositions'], string | null>>(row.dispositions, []).map((d) => ({
      disposition: d.d,
      units: n(d.units),
      value: n(d.value),
      recovered: n(d.recovered),
    })),
    handlingByGrade: grades.map((g, i) => ({
      grade: g.g,
      lines: n(g.lines),
      medianSeconds: g.median === null ? null : Number(g.median),
      cost: gradeHandling[i] ?? 0,
    })),
    trend: periods.map(({ period, t }, i) => {
      const handling = trendHandling[i] ?? 0;
      return { period, labelCost: n(t.label), handlingCost: handling, netLoss: netLossOf(t, handling) };
    }),
  };
}
