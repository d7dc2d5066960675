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
import { dayDate, dayOfDate, localDate } from '../../../domain/calendar.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import { analyticsDbOf } from '../analyticsDb.js';
import type { AnalyticsFilters, ForecastReport } from '../analyticsTypes.js';
import { factScope } from '../factFilters.js';
import { arrivalsByAsOf, deliveriesByDay } from './forecastReads.js';

/** Shown for returns that arrived without a warehouse, and for the part of a forecast whose
 * warehouse is not known (nothing arrived anywhere in the split window). */
export const UNROUTED_WAREHOUSE = 'Unrouted';
/** The name of the curve of lines without a category. */
export const NO_CATEGORY = 'No category';

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

/**
 * What each forecast is made from (index 0: as of today; i ≥ 1: as of `weekStarts[i − 1]`, the
 * consecutive Mondays before this week's, latest first), and the units that arrived in each past
 * week (`actual[i]`), read in two statements (forecastReads.ts). A curve as of a day counts only lines
 * that arrived before it and were delivered within its history, so no forecast sees its own future.
 */
async function readHistories(ctx: AppContext, f: AnalyticsFilters, timezone: string, today: number, weekStarts: number[]) {
  const asOfs = [today, ...weekStarts];
  const { db, categoryIds } = await factScope(ctx, f);
  const scope = { db, f, categoryIds, timezone, today, weekStarts };
  const [arrivalRows, deliveryRows] = await Promise.all([arrivalsByAsOf(scope), deliveriesByDay(scope)]);

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
