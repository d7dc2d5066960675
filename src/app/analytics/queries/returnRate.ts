import { type RawBuilder, sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, RateDimension, RateFigures, ReturnRateReport } from '../analyticsTypes.js';
import { bucketExpr, factScope, jsonOf, shareOf } from '../factFilters.js';
import { countedLineConditions, idOfKey, salesRows } from '../narrowFacts.js';

/** What a row without a key (no product or category known) is called. */
export const NO_KEY_LABEL = '—';

/** The narrow facts' column each dimension groups on: an integer key of analytics_keys for an id,
 * the code itself for a country or a segment. */
const NARROW_KEY: Record<RateDimension, { column: string; keyed: boolean }> = {
  sku: { column: 'sku_key', keyed: true },
  product: { column: 'product_key', keyed: true },
  category: { column: 'category_key', keyed: true },
  channel: { column: 'channel_key', keyed: true },
  country: { column: 'country', keyed: false },
  segment: { column: 'segment', keyed: false },
};

/** A row's label: the name of what its id (`top.id`) points at, read only for the rows shown. */
function labelOf(dimension: RateDimension): RawBuilder<string> {
  switch (dimension) {
    case 'sku':
      return sql<string>`(select p.title || ' – ' || v.title from variants v join products p on p.id = v.product_id
        where v.id = ${idOfKey(sql.ref('top.vid'))})`;
    case 'product':
      return sql<string>`(select p.title from products p where p.id = top.id)`;
    case 'category':
      return sql<string>`(select c.name from categories c where c.id = top.id)`;
    case 'channel':
      return sql<string>`(select c.name from channels c where c.id = top.id)`;
    default:
      return sql<string>`top.id`;
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
 * (the sales rows, whole months from analytics_sales_months) against those of the counted return
 * lines (analytics_counted_lines) of orders placed in the period, whenever they were returned. Rows
 * per key of the dimension, most units returned first; trend per bucket of the order day.
 *
 * One statement, each table read once and grouped two ways in one pass (grouping sets): per key
 * (an integer, or a short code) and per raw day, which is cheaper than hashing text ids or
 * computing a bucket on every row. Grouping sets are not parallel, but on a year two parallel
 * passes over each table (one per grouping) cost more than this single one, and far more when the
 * cores are busy. The per-day rows (a few hundred) are then bucketed, and only the rows shown get
 * their key decoded and labelled. The total is the buckets' sum, as every row has one.
 */
export async function returnRateReport(
  ctx: AppContext,
  f: AnalyticsFilters,
  o: { dimension: RateDimension; limit: number },
): Promise<ReturnRateReport> {
  const scope = await factScope(ctx, f);
  const { column, keyed } = NARROW_KEY[o.dimension];
  // A SKU's label names its variant (one that moved to another variant: the one keyed last, i.e.
  // first seen most recently); other rows need none.
  const variant = (alias: string) => (o.dimension === 'sku' ? sql`max(${sql.ref(`${alias}.variant_key`)})` : sql`null::int`);
  // Each table is grouped on its own, so that a row feeds two sums (not four, half of them zeros)
  // and the aggregate reads the scans directly.
  const key = (alias: string) => sql.ref(`${alias}.${column}`);
  const sold = sql`select ${key('s')} as k, s.day, sum(s.units) as su, sum(s.value_amount) as sv, 0 as ru, 0 as rv,
      ${variant('s')} as vid, grouping(${key('s')}) as per_day
    from ${salesRows(scope, 'trend')} s group by grouping sets ((${key('s')}), (s.day))`;
  const returned = sql`select ${key('l')}, l.ordered_day, 0, 0, sum(l.quantity), sum(l.value_amount), ${variant('l')},
      grouping(${key('l')})
    from analytics_counted_lines l where ${countedLineConditions(scope, 'ordered', 'l')}
    group by grouping sets ((${key('l')}), (l.ordered_day))`;
  const id = keyed ? sql`coalesce(${idOfKey(sql.ref('keyed.k'))}, '')` : sql`coalesce(keyed.k, '')`;
  // Rows are ordered by units and value returned, then by id: only the rows that tie with the
  // last one shown need their id to be ordered, so only those (and the ones above) are decoded.
  const { rows } = await sql<ReportRow>`with g as (
      select per_day, k, day, sum(su) as su, sum(sv) as sv, sum(ru) as ru, sum(rv) as rv, max(vid) as vid
      from (${sold} union all ${returned}) x group by per_day, k, day
    ),
    keyed as (select k, su, sv, ru, rv, vid from g where per_day = 0),
    last_shown as (select ru, rv from keyed order by ru desc, rv desc offset ${Math.max(o.limit - 1, 0)} limit 1),
    top as (
      select * from (
        select keyed.*, ${id} as id from keyed
        where not exists (select 1 from last_shown t where (keyed.ru, keyed.rv) < (t.ru, t.rv))
      ) c order by ru desc, rv desc, id collate "C" limit ${o.limit}
    )
    select
      (select count(*)::int from keyed) as rows_total,
      (select json_agg(json_build_object('k', id, 'label', ${labelOf(o.dimension)}, 'su', su, 'sv', sv, 'ru', ru, 'rv', rv)
        order by ru desc, rv desc, id collate "C") from top) as rows,
      (select json_agg(json_build_object('b', b, 'su', su, 'sv', sv, 'ru', ru, 'rv', rv))
        from (select ${bucketExpr(sql.ref('day'), scope.interval)} as b, sum(su) as su, sum(sv) as sv, sum(ru) as ru,
            sum(rv) as rv
          from g where per_day = 1 group by 1) t) as trend`.execute(scope.db);
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
