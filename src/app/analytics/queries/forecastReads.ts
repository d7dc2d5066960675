import { sql } from 'kysely';
import type { RetourDb } from '../../../db/connection.js';
import { FORECAST_WINDOWS } from '../../../domain/analytics/forecast.js';
import { dayDate, startOfLocalDay } from '../../../domain/calendar.js';
import type { AnalyticsFilters } from '../analyticsTypes.js';

/** The forecast's two reads over the fact tables (see forecastReport). */

export type ArrivalRow = {
  kind: 'lag' | 'routed' | 'actual';
  i: number;
  category_id: string;
  warehouse_id: string | null;
  n: number;
  units: number;
};

/** The filters deliveries and return lines share (same column names in both fact tables): channel,
 * country, and the category with every category below it. */
export function sharedFilters(f: AnalyticsFilters, categoryIds: string[] | null) {
  const conditions = [sql`true`];
  if (f.channelId !== undefined) conditions.push(sql`channel_id = ${f.channelId}`);
  if (f.country !== undefined) conditions.push(sql`country = ${f.country}`);
  if (categoryIds !== null)
    conditions.push(categoryIds.length === 0 ? sql`false` : sql`coalesce(category_id, '') in (${sql.join(categoryIds)})`);
  return sql.join(conditions, sql` and `);
}

export interface ForecastReadScope {
  db: RetourDb;
  f: AnalyticsFilters;
  /** The filtered category and those below it; null without a category filter. */
  categoryIds: string[] | null;
  timezone: string;
  today: number;
  /** Consecutive Mondays before this week's, latest first. */
  weekStarts: number[];
}

/**
 * Units that arrived, as rows: 'lag' (as-of index i, category, lag n: the units counted in the curve as
 * of that day), 'routed' (i, category, warehouse: arrivals in its split window) and 'actual' (i ≥ 1:
 * arrivals in the week from that Monday, at the filtered warehouse). As-of index 0 is today, i ≥ 1
 * `weekStarts[i − 1]`. One pass over the lines received since the oldest history day.
 */
export function arrivalsByAsOf(scope: ForecastReadScope) {
  const { db, f, timezone, today, weekStarts } = scope;
  const w = FORECAST_WINDOWS;
  const asOfs = [today, ...weekStarts];
  const oldest = Math.min(...asOfs) - w.historyDays;
  const filters = sharedFilters(f, scope.categoryIds);
  const asOfValues = sql.join(asOfs.map((day, i) => sql`(${sql.lit(i)}, ${sql.lit(dayDate(day))}::date)`));
  const warehouseOnly = f.warehouseId !== undefined ? sql`s.warehouse_id = ${f.warehouseId}` : sql`true`;
  // Backtest as-of i (1..weeks) is the Monday M0 − 7i. A line delivered on d and received on r counts
  // in the curve as of A when r < A and d ≥ A − history: for Mondays, i from ceil((M0 − history − d) / 7)
  // to ceil((M0 − r) / 7) − 1 (integer ceil of x / 7 as (x + 7006) / 7 − 1000, exact for |x| < 7000
  // days). The lines are summed once into those ranges, and once per receipt day for the splits and
  // the weeks' arrivals (those since the oldest split window only); just these few sums are spread over
  // the as-of days. The lines are read once and summed both ways in one pass (hashed grouping sets:
  // one hash table per set; the lag set is the one without a warehouse). The sums are materialized,
  // so the lag filter is not pushed under them, where the planner misjudged the rows and sorted them.
  // A line's local days are looked up among the local midnights from `first` to today (a binary
  // search, width_bucket) rather than converted through the time zone twice per line, which cost
  // more than reading the lines. Received days are all inside; a delivery before `first` reads as
  // `first − 1` and one from today on as today, which leaves it as it was: its lag is above the
  // longest or below zero either way, and the curves count neither. (`offset 0` keeps `arrived` a
  // subquery of its own, so each line's days are looked up once, not in every sum's key.)
  const m0 = sql.lit(dayDate(weekStarts[0]! + 7));
  const todayLit = sql.lit(dayDate(today));
  const history = sql.lit(w.historyDays);
  const first = oldest - w.maxLagDays - 1;
  const dayBefore = sql.lit(dayDate(first - 1));
  return sql<ArrivalRow>`
    with as_of(i, day) as (values ${asOfValues}),
    midnights(starts) as (
      select array_agg((${dayBefore}::date + k)::timestamp at time zone ${timezone} order by k)
      from generate_series(1, ${sql.lit(today - first + 1)}) k
    ),
    arrived as (
      select coalesce(category_id, '') as category_id, warehouse_id, quantity,
        ${dayBefore}::date + width_bucket(delivered_at, (select starts from midnights)) as dd,
        ${dayBefore}::date + width_bucket(received_at, (select starts from midnights)) as rd
      from analytics_return_lines
      where received_at >= ${startOfLocalDay(dayDate(oldest), timezone)}
        and received_at < ${startOfLocalDay(dayDate(today), timezone)}
        and ${filters}
      offset 0
    ),
    sums as materialized (
      select grouping(warehouse_id) as lag_set, category_id, warehouse_id, rd, n, for_today, lo, hi,
        sum(quantity)::int8 as units
      from (
        select category_id, warehouse_id, quantity, rd, rd - dd as n,
          rd < ${todayLit}::date and dd >= ${todayLit}::date - ${history} as for_today,
          greatest(1, (${m0}::date - ${history} - dd + 7006) / 7 - 1000) as lo,
          least(${sql.lit(weekStarts.length)}, (${m0}::date - rd + 7006) / 7 - 1001) as hi
        from arrived
      ) l
      group by grouping sets ((category_id, n, for_today, lo, hi), (category_id, warehouse_id, rd))
    ),
    by_lag as (select * from sums where lag_set = 1),
    by_day as (select * from sums where lag_set = 0 and rd >= ${sql.lit(dayDate(Math.min(...asOfs) - w.splitDays))}::date)
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
}

/** Units delivered per day and category from the oldest history day to yesterday. */
export function deliveriesByDay(scope: ForecastReadScope) {
  const { db, today, weekStarts } = scope;
  const oldest = Math.min(today, ...weekStarts) - FORECAST_WINDOWS.historyDays;
  return sql<{ day: string; category_id: string; units: number }>`
    select day::text as day, category_id, sum(units)::int8 as units
    from analytics_delivery_days
    where day >= ${dayDate(oldest)}::date and day < ${dayDate(today)}::date and ${sharedFilters(scope.f, scope.categoryIds)}
    group by day, category_id`.execute(db);
}
