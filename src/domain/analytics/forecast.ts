/**
 * The returns forecast's math, pure: return curves per category from history, the convolution of
 * units delivered with a curve, and the split of expected arrivals over warehouses. Days are day
 * numbers (src/domain/calendar.ts: dayOfDate) in the shop's time zone. docs/analytics.md "Forecast"
 * says the same in words.
 */
import { dayDate, dayOfDate } from '../calendar.js';
import { bucketOf } from './intervals.js';

/** The forecast's windows, in days. */
export interface ForecastWindows {
  /** Days forecast from the as-of day on. */
  days: number;
  /** Days of history before the as-of day a curve is learnt from. */
  historyDays: number;
  /** The longest lag from delivery to arrival a curve holds; later arrivals are not forecast. */
  maxLagDays: number;
  /** Days before the as-of day whose arrivals tell how returns are split over warehouses. */
  splitDays: number;
  /** Units a category must have had delivered early enough to be watched over the whole curve to
   * have a curve of its own; with fewer, it takes the curve of all categories together. */
  minCurveUnits: number;
}

export const FORECAST_WINDOWS: ForecastWindows = {
  days: 28,
  historyDays: 180,
  maxLagDays: 90,
  splitDays: 56,
  minCurveUnits: 100,
};

/** Past weeks the forecast is checked against (each forecast as of that week's Monday). */
export const BACKTEST_WEEKS = 8;

/** Units per day number. */
export type UnitsByDay = ReadonlyMap<number, number>;

/** How delivered units of a category come back at a warehouse. */
export interface ReturnCurve {
  /** perUnit[k]: units that arrive k days after delivery, per unit delivered (k = 0..maxLagDays). */
  perUnit: number[];
  /** Σ perUnit: the share of delivered units that arrive back within maxLagDays. */
  rate: number;
  /** Units delivered early enough (on or before asOf − 1 − maxLagDays) to be watched for every lag. */
  watchedUnits: number;
}

/**
 * A curve learnt as of `asOf` from units delivered per day and the units that arrived per lag.
 * `arrivedByLag[k]` must count only units delivered within [asOf − historyDays, asOf − 1] that
 * arrived before `asOf`, k days after their delivery. A lag k can only have been seen for units
 * delivered by asOf − 1 − k, so perUnit[k] = arrivedByLag[k] ÷ units delivered in
 * [asOf − historyDays, asOf − 1 − k]: each lag is measured on the deliveries that had time to show it,
 * and recent deliveries whose returns are still to come do not pull the curve down.
 */
export function returnCurve(
  deliveries: UnitsByDay,
  arrivedByLag: readonly number[],
  asOf: number,
  w: Pick<ForecastWindows, 'historyDays' | 'maxLagDays'> = FORECAST_WINDOWS,
): ReturnCurve {
  const first = asOf - w.historyDays;
  // Units delivered in [first, asOf − 1 − k], built from the longest lag down: one pass over the window.
  let watched = 0;
  for (let d = first; d <= asOf - 1 - w.maxLagDays; d++) watched += deliveries.get(d) ?? 0;
  const perUnit = new Array<number>(w.maxLagDays + 1).fill(0);
  let exposed = watched;
  for (let k = w.maxLagDays; k >= 0; k--) {
    if (k < w.maxLagDays) exposed += deliveries.get(asOf - 1 - k) ?? 0;
    const arrived = arrivedByLag[k] ?? 0;
    perUnit[k] = exposed > 0 && arrived > 0 ? arrived / exposed : 0;
  }
  return { perUnit, rate: sum(perUnit), watchedUnits: watched };
}

/** The lag (days) by which a share q of a curve's returns has arrived; null for a curve with none. */
export function lagQuantile(curve: ReturnCurve, q: number): number | null {
  if (curve.rate <= 0) return null;
  let cumulative = 0;
  for (let k = 0; k < curve.perUnit.length; k++) {
    cumulative += curve.perUnit[k]!;
    // A relative tolerance: the sum of floating shares may fall a hair short of q × rate.
    if (cumulative >= q * curve.rate * (1 - 1e-12)) return k;
  }
  return curve.perUnit.length - 1;
}

/**
 * Units expected to arrive on each of `days` days from `firstDay`, from units delivered before
 * `firstDay`: expected(D) = Σ_d units(d) × perUnit[D − d]. Deliveries on or after `firstDay` are not
 * known when the forecast is made and are left out. A delivery's lags not reached yet count with the
 * curve's unconditional share, whatever already came back of it.
 */
export function expectedArrivals(curve: ReturnCurve, deliveries: UnitsByDay, firstDay: number, days: number): number[] {
  const out = new Array<number>(days).fill(0);
  const maxLag = curve.perUnit.length - 1;
  for (let d = firstDay - maxLag; d < firstDay; d++) {
    const units = deliveries.get(d) ?? 0;
    if (units <= 0) continue;
    for (let i = 0; i < days; i++) {
      const lag = firstDay + i - d;
      if (lag > maxLag) break;
      out[i]! += units * curve.perUnit[lag]!;
    }
  }
  return out;
}

/** Units that arrived at a warehouse (null: not routed). */
export interface RoutedUnits {
  warehouseId: string | null;
  units: number;
}

/** Each warehouse's share of the given arrivals, in the order first seen; empty when none arrived. */
export function warehouseShares(routed: readonly RoutedUnits[]): { warehouseId: string | null; share: number }[] {
  const byWarehouse = new Map<string | null, number>();
  for (const r of routed) if (r.units > 0) byWarehouse.set(r.warehouseId, (byWarehouse.get(r.warehouseId) ?? 0) + r.units);
  const total = sum([...byWarehouse.values()]);
  return [...byWarehouse].map(([warehouseId, units]) => ({ warehouseId, share: units / total }));
}

/** What a forecast as of one day is made from; keys of the maps are category ids ('' for none). */
export interface ForecastHistory {
  asOf: number;
  /** Units delivered per category and day; days outside the windows are ignored. */
  deliveries: ReadonlyMap<string, UnitsByDay>;
  /** Per category, units arrived per lag, counted as returnCurve says for this as-of day. */
  arrivedByLag: ReadonlyMap<string, readonly number[]>;
  /** Per category, units arrived per warehouse in the split window [asOf − splitDays, asOf − 1]. */
  routed: ReadonlyMap<string, readonly RoutedUnits[]>;
}

export interface CategoryCurve extends ReturnCurve {
  categoryId: string;
  /** false: too few units watched, so the curve of all categories together stands in. */
  own: boolean;
}

export interface ForecastDay {
  day: number;
  warehouseId: string | null;
  units: number;
}

/** The forecast as of `history.asOf`: each category's curve and the units expected per day and warehouse. */
export function forecastArrivals(
  history: ForecastHistory,
  w: ForecastWindows = FORECAST_WINDOWS,
): { curves: CategoryCurve[]; days: ForecastDay[] } {
  const { asOf } = history;
  // Categories delivered within the history, or with arrivals in it: later deliveries are unknown as of asOf.
  const delivered = [...history.deliveries].filter(([, byDay]) =>
    [...byDay].some(([day, units]) => units > 0 && day >= asOf - w.historyDays && day < asOf),
  );
  const categories = [...new Set([...delivered.map(([id]) => id), ...history.arrivedByLag.keys()])].sort();
  const pooledDeliveries = new Map<number, number>();
  for (const [, byDay] of delivered) {
    for (const [day, units] of byDay) pooledDeliveries.set(day, (pooledDeliveries.get(day) ?? 0) + units);
  }
  const pooledArrived = new Array<number>(w.maxLagDays + 1).fill(0);
  for (const lags of history.arrivedByLag.values()) for (let k = 0; k <= w.maxLagDays; k++) pooledArrived[k]! += lags[k] ?? 0;
  const pooled = returnCurve(pooledDeliveries, pooledArrived, asOf, w);
  const pooledShares = warehouseShares([...history.routed.values()].flat());

  const curves: CategoryCurve[] = [];
  const byKey = new Map<string, ForecastDay>();
  for (const categoryId of categories) {
    const deliveries = history.deliveries.get(categoryId) ?? new Map<number, number>();
    const ownCurve = returnCurve(deliveries, history.arrivedByLag.get(categoryId) ?? [], asOf, w);
    const own = ownCurve.watchedUnits >= w.minCurveUnits;
    const curve = own ? ownCurve : pooled;
    curves.push({ categoryId, own, ...curve });
    const expected = expectedArrivals(curve, deliveries, asOf, w.days);
    const categoryShares = warehouseShares(history.routed.get(categoryId) ?? []);
    const shares = categoryShares.length > 0 ? categoryShares : pooledShares;
    // Nothing arrived anywhere lately: the units are expected, but where is not known.
    const split = shares.length > 0 ? shares : [{ warehouseId: null, share: 1 }];
    for (let i = 0; i < w.days; i++) {
      if (expected[i]! <= 0) continue;
      for (const { warehouseId, share } of split) {
        const key = `${i}\u0000${warehouseId ?? ''}`;
        const row = byKey.get(key) ?? { day: asOf + i, warehouseId, units: 0 };
        row.units += expected[i]! * share;
        byKey.set(key, row);
      }
    }
  }
  const days = [...byKey.values()].sort((a, b) => a.day - b.day || (a.warehouseId ?? '').localeCompare(b.warehouseId ?? ''));
  return { curves, days };
}

/** The Monday of the week a day number falls in. */
export function mondayOf(day: number): number {
  return dayOfDate(bucketOf(dayDate(day), 'week'));
}

/** The as-of days of the backtest: the Mondays of the `weeks` whole weeks before the week of `today`, latest first. */
export function backtestWeekStarts(today: number, weeks = BACKTEST_WEEKS): number[] {
  const monday = mondayOf(today);
  return Array.from({ length: weeks }, (_, i) => monday - 7 * (i + 1));
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
