import { type RawBuilder, sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, RateDimension, RateFigures, ReturnRateReport } from '../analyticsTypes.js';
import { bucketExpr, factScope, jsonOf, returnLineConditions, salesDayConditions, shareOf } from '../factFilters.js';

/** The fact column each dimension groups on (the same name in both fact tables). */
export const KEY_COLUMN: Record<RateDimension, string> = {
  sku: 'sku',
  product: 'product_id',
  category: 'category_id',
  channel: 'channel_id',
  country: 'country',
  segment: 'segment',
};

/** What a row without a key (no product or category known) is called. */
export const NO_KEY_LABEL = '—';

/** A row's label: the name of what its key points at, read only for the rows shown. */
function labelOf(dimension: RateDimension): RawBuilder<string> {
  switch (dimension) {
    case 'sku':
      return sql<string>`(select p.title || ' – ' || v.title from variants v join products p on p.id = v.product_id where v.id = top.vid)`;
    case 'product':
      return sql<string>`(select p.title from products p where p.id = top.k)`;
    case 'category':
      return sql<string>`(select c.name from categories c where c.id = top.k)`;
    case 'channel':
      return sql<string>`(select c.name from channels c where c.id = top.k)`;
    default:
      return sql<string>`top.k`;
  }
}

interface Figures {
  su: number;
  sv: number;
  ru: number;
  rv: number;
}

function figures(f: Partial<Figures> | undefined): RateFigures {
  const unitsSold = Number(f?.su ?? 0);
  const unitsReturned = Number(f?.ru ?? 0);
  const valueSold = Number(f?.sv ?? 0);
  const valueReturned = Number(f?.rv ?? 0);
  return {
    unitsSold,
    unitsReturned,
    unitRate: shareOf(unitsReturned, unitsSold),
    valueSold,
    valueReturned,
    valueRate: shareOf(valueReturned, valueSold),
  };
}

interface ReportRow {
  rows: (Figures & { k: string; label: string | null })[] | string | null;
  rows_total: number | null;
  trend: (Figures & { b: string })[] | string | null;
}

/**
 * Return rate of the units ordered in the period (order day, shop time zone): units and value sold
 * (analytics_sales_days) against those of the counted return lines of orders placed in the period,
 * whenever they were returned. Rows per key of the dimension, most units returned first; trend per
 * bucket of the order day. One statement: each fact table is read once and grouped three ways
 * (per key, per bucket) by grouping sets; the total is the buckets' sum, as every row has one.
 */
export async function returnRateReport(
  ctx: AppContext,
  f: AnalyticsFilters,
  o: { dimension: RateDimension; limit: number },
): Promise<ReturnRateReport> {
  const scope = await factScope(ctx, f);
  const key = KEY_COLUMN[o.dimension];
  // A SKU's label names its variant; other rows need none, and a max over text costs.
  const variant = (alias: string) => (o.dimension === 'sku' ? sql.ref(`${alias}.variant_id`) : sql`null::text`);
  const grouped = (inner: RawBuilder<unknown>) =>
    sql`select k, b, sum(u) as u, sum(v) as v, max(vid collate "C") as vid, grouping(k) as gk, grouping(b) as gb
      from (${inner}) x group by grouping sets ((k), (b))`;
  const sold = sql`select coalesce(${sql.ref(`s.${key}`)}, '') as k, ${bucketExpr(sql.ref('s.day'), scope.interval)} as b,
      s.units as u, s.value_amount as v, ${variant('s')} as vid
    from analytics_sales_days s where ${salesDayConditions(scope, 's')}`;
  const returned = sql`select coalesce(${sql.ref(`l.${key}`)}, '') as k, ${bucketExpr(sql.ref('l.ordered_day'), scope.interval)} as b,
      l.quantity as u, l.value_amount as v, ${variant('l')} as vid
    from analytics_return_lines l where ${returnLineConditions(scope, 'ordered', 'l')} and l.counted`;
  const pair = (level: RawBuilder<unknown>, by: string) =>
    sql`select coalesce(s.${sql.raw(by)}, r.${sql.raw(by)}) as ${sql.raw(by)}, coalesce(s.u, 0) as su, coalesce(s.v, 0) as sv,
        coalesce(r.u, 0) as ru, coalesce(r.v, 0) as rv, coalesce(s.vid, r.vid) as vid
      from (select * from s where ${level}) s full join (select * from r where ${level}) r on s.${sql.raw(by)} = r.${sql.raw(by)}`;
  const { rows } = await sql<ReportRow>`with s as (${grouped(sold)}), r as (${grouped(returned)}),
    keyed as (${pair(sql`gk = 0 and gb = 1`, 'k')}),
    top as (select * from keyed order by ru desc, rv desc, k limit ${o.limit}),
    bucketed as (${pair(sql`gk = 1 and gb = 0`, 'b')})
    select
      (select count(*)::int from keyed) as rows_total,
      (select json_agg(json_build_object('k', k, 'label', ${labelOf(o.dimension)}, 'su', su, 'sv', sv, 'ru', ru, 'rv', rv)
        order by ru desc, rv desc, k) from top) as rows,
      (select json_agg(json_build_object('b', b, 'su', su, 'sv', sv, 'ru', ru, 'rv', rv)) from bucketed) as trend`.execute(
    scope.db,
  );
  const row = rows[0] as ReportRow;
  const trend = new Map(jsonOf<(Figures & { b: string })[]>(row.trend, []).map((t) => [t.b, t]));
  return {
    currency: f.currency,
    interval: scope.interval,
    total: figures(
      [...trend.values()].reduce(
        (t, b) => ({ su: t.su + Number(b.su), sv: t.sv + Number(b.sv), ru: t.ru + Number(b.ru), rv: t.rv + Number(b.rv) }),
        {
          su: 0,
          sv: 0,
          ru: 0,
          rv: 0,
        },
      ),
    ),
    dimension: o.dimension,
    rows: jsonOf<(Figures & { k: string; label: string | null })[]>(row.rows, []).map((r) => ({
      key: r.k,
      label: r.k === '' ? NO_KEY_LABEL : (r.label ?? r.k),
      ...figures(r),
    })),
    rowsTotal: Number(row.rows_total ?? 0),
    trend: bucketsOf(f.from, f.to, scope.interval).map((period) => ({ period, ...figures(trend.get(period)) })),
  };
}
