import type { Insertable } from 'kysely';
import type { RetourDb } from '../../src/db/connection.js';
import type { AnalyticsDeliveryDaysTable, AnalyticsReturnLinesTable } from '../../src/db/schema/analytics.js';
import { FORECAST_WINDOWS } from '../../src/domain/analytics/forecast.js';
import { addDays, dayDate, dayOfDate, localDate, startOfLocalDay } from '../../src/domain/calendar.js';

/** Facts the returns forecast reads (deliveries per day, return lines with their delivery and
 * arrival), a brute-force forecast over them straight from the definition, and their writers. */

export const TZ = 'Europe/Amsterdam';

export interface Delivery {
  day: string;
  categoryId: string;
  channelId: string;
  country: string;
  units: number;
}

export interface Arrival {
  categoryId: string | null;
  channelId: string;
  country: string;
  warehouseId: string | null;
  deliveredAt: Date;
  /** null: not arrived (yet). */
  receivedAt: Date | null;
  units: number;
}

/** An instant `hours` after the start of a local day. */
export const at = (day: string, hours = 12) => new Date(startOfLocalDay(day, TZ).getTime() + hours * 3_600_000);

let made = 0;

/** The categories (shoes with boots below it, and bags) and warehouses (Tilburg, Gent) the facts name. */
export async function insertForecastCatalogue(db: RetourDb): Promise<void> {
  await db
    .insertInto('categories')
    .values([
      { id: 'cat_shoes', parent_id: null, code: 'shoes', name: 'Shoes' },
      { id: 'cat_boots', parent_id: 'cat_shoes', code: 'boots', name: 'Boots' },
      { id: 'cat_bags', parent_id: null, code: 'bags', name: 'Bags' },
    ])
    .execute();
  const address = { line1: 'Dock 1', city: 'Tilburg', postalCode: '5000 AA', country: 'NL' };
  await db
    .insertInto('warehouses')
    .values([
      { id: 'wh_tilburg', code: 'TIL', name: 'Tilburg', address: JSON.stringify(address) as never },
      { id: 'wh_gent', code: 'GNT', name: 'Gent', address: JSON.stringify({ ...address, city: 'Gent' }) as never },
    ])
    .execute();
}

export async function insertForecastFacts(db: RetourDb, deliveries: Delivery[], arrivals: Arrival[]): Promise<void> {
  const summed = new Map<string, Insertable<AnalyticsDeliveryDaysTable>>();
  for (const d of deliveries) {
    const key = [d.day, d.categoryId, d.channelId, d.country].join('|');
    const row = summed.get(key);
    if (row) row.units = Number(row.units) + d.units;
    else
      summed.set(key, {
        day: d.day,
        category_id: d.categoryId,
        channel_id: d.channelId,
        country: d.country,
        units: d.units,
        lines: 1,
      });
  }
  const deliveryRows = [...summed.values()];
  for (let i = 0; i < deliveryRows.length; i += 500)
    await db
      .insertInto('analytics_delivery_days')
      .values(deliveryRows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['day', 'category_id', 'channel_id', 'country']).doUpdateSet((eb) => ({
          units: eb('analytics_delivery_days.units', '+', eb.ref('excluded.units')),
        })),
      )
      .execute();
  const lines = arrivals.map((a) => returnLine(a));
  for (let i = 0; i < lines.length; i += 500)
    await db
      .insertInto('analytics_return_lines')
      .values(lines.slice(i, i + 500))
      .execute();
}

function returnLine(a: Arrival): Insertable<AnalyticsReturnLinesTable> {
  made++;
  const orderedAt = new Date(a.deliveredAt.getTime() - 2 * 86_400_000);
  const requestedAt = a.receivedAt ? new Date((a.deliveredAt.getTime() + a.receivedAt.getTime()) / 2) : a.deliveredAt;
  return {
    return_line_id: `rl_fc_${made}`,
    return_id: `ret_fc_${made}`,
    return_number: `R-F${made}`,
    order_id: `ord_fc_${made}`,
    order_line_id: `ol_fc_${made}`,
    customer_id: `cus_fc_${made}`,
    channel_id: a.channelId,
    country: a.country,
    segment: 'standard',
    currency: 'EUR',
    sku: 'SKU-F',
    category_id: a.categoryId,
    warehouse_id: a.warehouseId,
    ordered_at: orderedAt,
    ordered_day: localDate(orderedAt, TZ),
    delivered_at: a.deliveredAt,
    requested_at: requestedAt,
    requested_day: localDate(requestedAt, TZ),
    received_at: a.receivedAt,
    status: a.receivedAt ? 'received' : 'approved',
    acceptance: 'accepted',
    counted: true,
    quantity: a.units,
    value_amount: 1_000 * a.units,
    requested_resolution: 'refund',
  };
}

export interface BruteFilters {
  channelId?: string;
  country?: string;
  categoryIds?: string[];
  warehouseId?: string;
}

/**
 * The forecast as of `asOf` for `days` days, straight from the definition over the raw facts: per
 * category, perUnit(k) = units that arrived before asOf, k days after a delivery within the history,
 * ÷ units delivered within the history by asOf − 1 − k; the pooled curve when fewer than the minimum
 * were delivered by asOf − 1 − maxLag; expected(D) = Σ deliveries before asOf × perUnit(D − d); split
 * by the category's (else all) arrivals per warehouse in the split window. Keyed 'day|warehouse'.
 */
export function bruteForecast(asOf: string, days: number, deliveries: Delivery[], arrivals: Arrival[], f: BruteFilters) {
  const w = FORECAST_WINDOWS;
  const A = dayOfDate(asOf);
  const keep = (r: { channelId: string; country: string; categoryId: string | null }) =>
    (f.channelId === undefined || r.channelId === f.channelId) &&
    (f.country === undefined || r.country === f.country) &&
    (f.categoryIds === undefined || f.categoryIds.includes(r.categoryId ?? ''));
  const ds = deliveries.filter(keep).map((d) => ({ ...d, n: dayOfDate(d.day) }));
  const as = arrivals.filter(keep).map((a) => ({
    category: a.categoryId ?? '',
    warehouseId: a.warehouseId,
    units: a.units,
    d: dayOfDate(localDate(a.deliveredAt, TZ)),
    r: a.receivedAt ? dayOfDate(localDate(a.receivedAt, TZ)) : null,
  }));
  const curveOf = (category: string | null) => {
    const mine = <T extends { category?: string; categoryId?: string }>(x: T) =>
      category === null || (x.category ?? x.categoryId) === category;
    const perUnit: number[] = [];
    for (let k = 0; k <= w.maxLagDays; k++) {
      const exposed = ds.filter((d) => mine(d) && d.n >= A - w.historyDays && d.n <= A - 1 - k).reduce((t, d) => t + d.units, 0);
      const back = as
        .filter((a) => mine(a) && a.r !== null && a.r < A && a.d >= A - w.historyDays && a.r - a.d === k)
        .reduce((t, a) => t + a.units, 0);
      perUnit.push(exposed > 0 ? back / exposed : 0);
    }
    const watched = ds
      .filter((d) => mine(d) && d.n >= A - w.historyDays && d.n <= A - 1 - w.maxLagDays)
      .reduce((t, d) => t + d.units, 0);
    return { perUnit, watched };
  };
  const sharesOf = (category: string | null) => {
    const by = new Map<string | null, number>();
    for (const a of as)
      if ((category === null || a.category === category) && a.r !== null && a.r >= A - w.splitDays && a.r < A && a.units > 0)
        by.set(a.warehouseId, (by.get(a.warehouseId) ?? 0) + a.units);
    const total = [...by.values()].reduce((t, u) => t + u, 0);
    return [...by].map(([warehouseId, units]) => ({ warehouseId, share: units / total }));
  };
  const pooled = curveOf(null);
  const categories = new Set([
    ...ds.filter((d) => d.units > 0 && d.n >= A - w.historyDays && d.n < A).map((d) => d.categoryId),
    ...as
      .filter((a) => a.r !== null && a.r < A && a.d >= A - w.historyDays && a.r - a.d >= 0 && a.r - a.d <= w.maxLagDays)
      .map((a) => a.category),
  ]);
  const out = new Map<string, number>();
  const curves = new Map<string, number[]>();
  for (const category of categories) {
    const own = curveOf(category);
    const curve = own.watched >= w.minCurveUnits ? own : pooled;
    curves.set(category, curve.perUnit);
    let shares = sharesOf(category);
    if (shares.length === 0) shares = sharesOf(null);
    if (shares.length === 0) shares = [{ warehouseId: null, share: 1 }];
    for (let i = 0; i < days; i++) {
      let expected = 0;
      for (const d of ds) {
        const lag = A + i - d.n;
        if (d.categoryId === category && d.n < A && lag >= 0 && lag <= w.maxLagDays) expected += d.units * curve.perUnit[lag]!;
      }
      if (expected <= 0) continue;
      for (const { warehouseId, share } of shares) {
        if (f.warehouseId !== undefined && warehouseId !== f.warehouseId) continue;
        const key = `${dayDate(A + i)}|${warehouseId ?? ''}`;
        out.set(key, (out.get(key) ?? 0) + expected * share);
      }
    }
  }
  return { days: out, curves };
}

/** Units that arrived in the week from `weekStart`, as filtered. */
export function bruteActual(weekStart: string, arrivals: Arrival[], f: BruteFilters): number {
  const end = addDays(weekStart, 7);
  return arrivals
    .filter(
      (a) =>
        a.receivedAt !== null &&
        (f.channelId === undefined || a.channelId === f.channelId) &&
        (f.country === undefined || a.country === f.country) &&
        (f.categoryIds === undefined || f.categoryIds.includes(a.categoryId ?? '')) &&
        (f.warehouseId === undefined || a.warehouseId === f.warehouseId),
    )
    .filter((a) => {
      const day = localDate(a.receivedAt!, TZ);
      return day >= weekStart && day < end;
    })
    .reduce((t, a) => t + a.units, 0);
}
