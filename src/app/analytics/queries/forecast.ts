import { sql } from 'kysely';
import {
  BACKTEST_WEEKS,
  backtestWeekStarts,
  FORECAST_WINDOWS,
  type ForecastHistory,
  forecastArrivals,
  lagQuantile,
  type RoutedUnits,
} from '../../../domain/analytics/forecast.js';
import { dayDate, dayOfDate, localDate, startOfLocalDay } from '../../../domain/calendar.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import { analyticsDbOf } from '../analyticsDb.js';
import type { AnalyticsFilters, ForecastReport } from '../analyticsTypes.js';
import { factScope } from '../factFilters.js';

/** Shown for returns that arrived without a warehouse, and for the part of a forecast whose
 * warehouse is not known (nothing arrived anywhere in the split window). */
export const UNROUTED_WAREHOUSE = 'Unrouted';
/** The name of the curve of lines without a category. */
export const NO_CATEGORY = 'No category';

type ArrivalRow = {
  kind: 'lag' | 'routed' | 'actual';
  i: number;
  category_id: string;
  warehouse_id: string | null;
  n: number;
  units: number;
};

/**
 * Returns expected per warehouse per day for the 28 days from today, from units delivered before
 * today and each category's return curve, and the forecasts of the past 8 weeks against what arrived.
 * Filters: channel, country and category narrow deliveries and returns alike; the warehouse keeps its
 * share only. from/to do not apply (the forecast is always as of today), nor do product and segment
 * (deliveries are kept per category, channel and country); units of every currency count.
 */
export async function forecastReport(ctx: AppContext, f: AnalyticsFilters): Promise<ForecastReport> {
  const w = FORECAST_WINDOWS;
  const { timezone } = await getShopSettingsCached(ctx.caches, ctx.db);
  const today = dayOfDate(localDate(ctx.now(), timezone));
  const weekStarts = backtestWeekStarts(today, BACKTEST_WEEKS);
  // Index 0: the forecast as of today; 1..8: as of each past week's Monday, latest first.
  const { histories, actual } = await readHistories(ctx, f, timezone, today, weekStarts);

  const onlyWarehouse = (warehouseId: string | null) => f.warehouseId === undefined || warehouseId === f.warehouseId;
  const [current, ...past] = histories.map((history, i) => forecastArrivals(history, i === 0 ? w : { ...w, days: 7 }));
  const forecastDays = current!.days.filter((d) => onlyWarehouse(d.warehouseId));
  const names = await namesOf(
    ctx,
    current!.curves.map((c) => c.categoryId).filter((id) => id !== ''),
    forecastDays.some((d) => d.warehouseId !== null),
  );
  return {
    asOf: dayDate(today),
    days: forecastDays.map((d) => ({
      day: dayDate(d.day),
      warehouseId: d.warehouseId,
      warehouse: d.warehouseId === null ? UNROUTED_WAREHOUSE : (names.warehouses.get(d.warehouseId) ?? d.warehouseId),
      expectedUnits: roundUnits(d.units),
    })),
    backtest: past
      .map((forecast, i) => ({
        weekStart: dayDate(weekStarts[i]!),
        forecastUnits: roundUnits(forecast.days.filter((d) => onlyWarehouse(d.warehouseId)).reduce((t, d) => t + d.units, 0)),
        actualUnits: actual[i + 1]!,
      }))
      .reverse(),
    curves: current!.curves
      .map((c) => ({
        categoryId: c.categoryId === '' ? null : c.categoryId,
        category: c.categoryId === '' ? NO_CATEGORY : (names.categories.get(c.categoryId) ?? c.categoryId),
        returnRate: c.rate,
        p50LagDays: lagQuantile(c, 0.5),
        p90LagDays: lagQuantile(c, 0.9),
      }))
      .sort((a, b) => a.category.localeCompare(b.category)),
  };
}

/** The filters deliveries and return lines share (same column names in both fact tables): channel,
 * country, and the category with every category below it. */
function sharedFilters(f: AnalyticsFilters, categoryIds: string[] | null) {
  const conditions = [sql`true`];
  if (f.channelId !== undefined) conditions.push(sql`channel_id = ${f.channelId}`);
  if (f.country !== undefined) conditions.push(sql`country = ${f.country}`);
  if (categoryIds !== null)
    conditions.push(categoryIds.length === 0 ? sql`false` : sql`coalesce(category_id, '') in (${sql.join(categoryIds)})`);
  return sql.join(conditions, sql` and `);
}

/**
 * What each forecast is made from (index 0: as of today; i ≥ 1: as of `weekStarts[i − 1]`, the
 * consecutive Mondays before this week's, latest first), and the units that arrived in each past
 * week (`actual[i]`), read in two statements: one pass over the lines that arrived since the oldest
 * history day (units per lag for each curve, per warehouse for each split, per past week for the
 * backtest), and the units delivered per day and category. A curve as of a day counts only lines that
 * arrived before it and were delivered within its history, so no forecast sees its own future.
 */
async function readHistories(ctx: AppContext, f: AnalyticsFilters, timezone: string, today: number, weekStarts: number[]) {
  const w = FORECAST_WINDOWS;
  const asOfs = [today, ...weekStarts];
  const oldest = Math.min(...asOfs) - w.historyDays;
  const { db, categoryIds } = await factScope(ctx, f);
  const filters = sharedFilters(f, categoryIds);
  const asOfValues = sql.join(asOfs.map((day, i) => sql`(${sql.lit(i)}, ${sql.lit(dayDate(day))}::date)`));
  const warehouseOnly = f.warehouseId !== undefined ? sql`s.warehouse_id = ${f.warehouseId}` : sql`true`;
  // Backtest as-of i (1..weeks) is the Monday M0 − 7i. A line delivered on d and received on r counts
  // in the curve as of A when r < A and d ≥ A − history: for Mondays, i from ceil((M0 − history − d) / 7)
  // to ceil((M0 − r) / 7) − 1 (integer ceil of x / 7 as (x + 7006) / 7 − 1000, exact for |x| < 7000
  // days). The lines are summed once into those ranges, and once per receipt day for the splits and
  // the weeks' arrivals; only these few sums are spread over the as-of days. Two hash aggregations
  // over the lines read the fastest here (grouping sets sort them).
  const m0 = sql.lit(dayDate(weekStarts[0]! + 7));
  const todayLit = sql.lit(dayDate(today));
  const history = sql.lit(w.historyDays);
  const arrivals = sql<ArrivalRow>`
    with as_of(i, day) as (values ${asOfValues}),
    arrived as not materialized (
      select coalesce(category_id, '') as category_id, warehouse_id, quantity,
        (delivered_at at time zone ${timezone})::date as dd,
        (received_at at time zone ${timezone})::date as rd
      from analytics_return_lines
      where received_at >= ${startOfLocalDay(dayDate(oldest), timezone)}
        and received_at < ${startOfLocalDay(dayDate(today), timezone)}
        and ${filters}
    ),
    by_lag as (
      select category_id, rd - dd as n,
        rd < ${todayLit}::date and dd >= ${todayLit}::date - ${history} as for_today,
        greatest(1, (${m0}::date - ${history} - dd + 7006) / 7 - 1000) as lo,
        least(${sql.lit(weekStarts.length)}, (${m0}::date - rd + 7006) / 7 - 1001) as hi,
        sum(quantity)::int8 as units
      from arrived
      group by 1, 2, 3, 4, 5
    ),
    by_day as (
      select category_id, warehouse_id, rd, sum(quantity)::int8 as units
      from arrived
      group by 1, 2, 3
    )
    select 'lag' as kind, a.i, s.category_id, null::text as warehouse_id, s.n, sum(s.units)::int8 as units
    from by_lag s join as_of a on case when a.i = 0 then s.for_today else a.i between s.lo and s.hi end
    where s.n between 0 and ${sql.lit(w.maxLagDays)}
    group by a.i, s.category_id, s.n
    union all
    select 'routed', a.i, s.category_id, s.warehouse_id, 0, sum(s.units)::int8
    from by_day s join as_of a on s.rd >= a.day - ${sql.lit(w.splitDays)} and s.rd < a.day
    group by a.i, s.category_id, s.warehouse_id
    union all
    select 'actual', a.i, '', null, 0, sum(s.units)::int8
    from by_day s join as_of a on a.i > 0 and s.rd >= a.day and s.rd < a.day + 7
    where ${warehouseOnly}
    group by a.i`.execute(db);
  const deliveries = sql<{ day: string; category_id: string; units: number }>`
    select day::text as day, category_id, sum(units)::int8 as units
    from analytics_delivery_days
    where day >= ${dayDate(oldest)}::date and day < ${dayDate(today)}::date and ${filters}
    group by day, category_id`.execute(db);
  const [arrivalRows, deliveryRows] = await Promise.all([arrivals, deliveries]);

  const deliveredByCategory = new Map<string, Map<number, number>>();
  for (const row of deliveryRows.rows) {
    const byDay = deliveredByCategory.get(row.category_id) ?? new Map<number, number>();
    byDay.set(dayOfDate(row.day), Number(row.units));
    deliveredByCategory.set(row.category_id, byDay);
  }
  const lags = asOfs.map(() => new Map<string, number[]>());
  const routed = asOfs.map(() => new Map<string, RoutedUnits[]>());
  const actual = asOfs.map(() => 0);
  for (const row of arrivalRows.rows) {
    const units = Number(row.units);
    if (row.kind === 'lag') {
      const byLag = lags[row.i]!.get(row.category_id) ?? [];
      byLag[row.n] = units;
      lags[row.i]!.set(row.category_id, byLag);
    } else if (row.kind === 'routed') {
      const of = routed[row.i]!;
      of.set(row.category_id, [...(of.get(row.category_id) ?? []), { warehouseId: row.warehouse_id, units }]);
    } else actual[row.i] = units;
  }
  const histories: ForecastHistory[] = asOfs.map((asOf, i) => ({
    asOf,
    deliveries: deliveredByCategory,
    arrivedByLag: lags[i]!,
    routed: routed[i]!,
  }));
  return { histories, actual };
}

/** Units to two decimals: an expectation, not a count, but no more digits than a chart shows. */
function roundUnits(units: number): number {
  return Math.round(units * 100) / 100;
}

async function namesOf(ctx: AppContext, categoryIds: string[], warehouses: boolean) {
  const db = analyticsDbOf(ctx);
  const rows = await sql<{ kind: 'category' | 'warehouse'; id: string; name: string }>`
    select 'category' as kind, id, name from categories where id = any(${categoryIds}::text[])
    union all
    select 'warehouse', id, name from warehouses where ${warehouses ? sql`true` : sql`false`}`.execute(db);
  const out = { categories: new Map<string, string>(), warehouses: new Map<string, string>() };
  for (const row of rows.rows) (row.kind === 'category' ? out.categories : out.warehouses).set(row.id, row.name);
  return out;
}
