import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyticsFilters } from '../src/app/analytics/analyticsTypes.js';
import { forecastReport } from '../src/app/analytics/queries/forecast.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { addDays } from '../src/domain/calendar.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { type Arrival, at, type Delivery, insertForecastCatalogue, insertForecastFacts } from './support/forecastFacts.js';
import { testContext } from './support/testContext.js';

// A Wednesday: the backtest's weeks start on the eight Mondays from 2026-06-08 back to 2026-04-20.
const TODAY = '2026-06-17';
const NOW = new Date('2026-06-17T10:00:00Z');
const FILTERS: AnalyticsFilters = { from: '2026-01-01', to: '2026-12-31', currency: 'EUR' };
const WEEK_STARTS = [
  '2026-04-20',
  '2026-04-27',
  '2026-05-04',
  '2026-05-11',
  '2026-05-18',
  '2026-05-25',
  '2026-06-01',
  '2026-06-08',
];
/** Far enough back for the oldest backtest week's 180 days of history. */
const FIRST_DAY = addDays(WEEK_STARTS[0]!, -200);

function daysFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) out.push(day);
  return out;
}

/**
 * A steady shop: 100 shoes delivered every day; of each day's, 10 arrive at Tilburg 3 days later
 * and 5 at Gent 7 days later. Its curve: 0.1 at lag 3, 0.05 at lag 7 (rate 0.15).
 */
function steadyShop(): { deliveries: Delivery[]; arrivals: Arrival[] } {
  const deliveries: Delivery[] = [];
  const arrivals: Arrival[] = [];
  for (const day of daysFrom(FIRST_DAY, addDays(TODAY, -1))) {
    deliveries.push({ day, categoryId: 'cat_shoes', channelId: 'ch_web', country: 'NL', units: 100 });
    const base = { categoryId: 'cat_shoes', channelId: 'ch_web', country: 'NL', deliveredAt: at(day, 9) };
    // Arrivals at half past midnight: still the day before in UTC, not in the shop's time zone.
    for (const [lag, units, warehouseId] of [
      [3, 10, 'wh_tilburg'],
      [7, 5, 'wh_gent'],
    ] as const) {
      const arrival = addDays(day, lag);
      if (arrival < TODAY) arrivals.push({ ...base, warehouseId, units, receivedAt: at(arrival, 0.5) });
    }
  }
  return { deliveries, arrivals };
}

describe.each(DB_KINDS)('returns forecast (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;

  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => NOW });
    await insertForecastCatalogue(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.deleteFrom('analytics_return_lines').execute();
    await handle.db.deleteFrom('analytics_delivery_days').execute();
  });

  it('forecasts a known curve exactly, per warehouse, with its backtest', async () => {
    const { deliveries, arrivals } = steadyShop();
    await insertForecastFacts(handle.db, deliveries, arrivals);

    const report = await forecastReport(ctx, FILTERS);
    expect(report.asOf).toBe(TODAY);
    expect(report.curves).toEqual([
      { categoryId: 'cat_shoes', category: 'Shoes', returnRate: expect.closeTo(0.15, 12), p50LagDays: 3, p90LagDays: 7 },
    ]);
    // Split 2 : 1 (10 a day at Tilburg, 5 at Gent lately). Lag 3 reaches today + 0..2 from deliveries
    // before today, lag 7 today + 0..6; later days wait for deliveries not known yet.
    const expected = [15, 15, 15, 5, 5, 5, 5];
    expect(report.days).toEqual(
      expected.flatMap((units, i) => [
        { day: addDays(TODAY, i), warehouseId: 'wh_gent', warehouse: 'Gent', expectedUnits: Math.round((units * 100) / 3) / 100 },
        {
          day: addDays(TODAY, i),
          warehouseId: 'wh_tilburg',
          warehouse: 'Tilburg',
          expectedUnits: Math.round((units * 200) / 3) / 100,
        },
      ]),
    );
    // Each week: 65 forecast from the deliveries before its Monday; 105 came (70 + 35), the rest
    // from deliveries within the week, which no forecast made on its Monday can know.
    expect(report.backtest).toEqual(WEEK_STARTS.map((weekStart) => ({ weekStart, forecastUnits: 65, actualUnits: 105 })));

    const tilburg = await forecastReport(ctx, { ...FILTERS, warehouseId: 'wh_tilburg' });
    expect(tilburg.days.every((d) => d.warehouseId === 'wh_tilburg')).toBe(true);
    expect(tilburg.days.reduce((t, d) => t + d.expectedUnits, 0)).toBeCloseTo((65 * 2) / 3, 1);
    expect(tilburg.backtest[0]).toEqual({ weekStart: WEEK_STARTS[0], forecastUnits: 43.33, actualUnits: 70 });
    // The curve is the category's wherever its returns go.
    expect(tilburg.curves[0]!.returnRate).toBeCloseTo(0.15, 12);
  });

  it('takes channel, country and a category with those below it; none of them matching gives nothing', async () => {
    const { deliveries, arrivals } = steadyShop();
    // Boots (below shoes), sold in Belgium only.
    const boots = deliveries.map((d) => ({ ...d, categoryId: 'cat_boots', country: 'BE' }));
    const bootArrivals = arrivals.map((a) => ({ ...a, categoryId: 'cat_boots', country: 'BE', units: a.units * 2 }));
    await insertForecastFacts(handle.db, [...deliveries, ...boots], [...arrivals, ...bootArrivals]);

    const belgium = await forecastReport(ctx, { ...FILTERS, country: 'BE' });
    expect(belgium.curves.map((c) => [c.category, c.returnRate])).toEqual([['Boots', expect.closeTo(0.3, 12)]]);
    const shoes = await forecastReport(ctx, { ...FILTERS, categoryId: 'cat_shoes' });
    expect(shoes.curves.map((c) => c.category)).toEqual(['Boots', 'Shoes']);
    const bags = await forecastReport(ctx, { ...FILTERS, categoryId: 'cat_bags' });
    const otherChannel = await forecastReport(ctx, { ...FILTERS, channelId: 'ch_shop' });
    for (const empty of [bags, otherChannel]) {
      expect(empty.days).toEqual([]);
      expect(empty.curves).toEqual([]);
      expect(empty.backtest.every((b) => b.forecastUnits === 0 && b.actualUnits === 0)).toBe(true);
    }
  });

  it('makes each backtest week from what was known on its Monday only', async () => {
    const { deliveries, arrivals } = steadyShop();
    await insertForecastFacts(handle.db, deliveries, arrivals);
    const before = await forecastReport(ctx, FILTERS);

    // Then, from the third week's Monday on: many more deliveries, returns of older deliveries
    // arriving, and returns of the new ones, all routed to Gent.
    const from = WEEK_STARTS[2]!;
    const later = daysFrom(from, addDays(TODAY, -1));
    const lateDeliveries = later.map((day) => ({ day, categoryId: 'cat_shoes', channelId: 'ch_web', country: 'NL', units: 400 }));
    const lateArrivals: Arrival[] = [
      ...later.map((day) => ({
        categoryId: 'cat_shoes',
        channelId: 'ch_web',
        country: 'NL',
        warehouseId: 'wh_gent',
        deliveredAt: at(addDays(from, -2), 8),
        receivedAt: at(day, 0.5),
        units: 30,
      })),
      ...later
        .filter((day) => addDays(day, 1) < TODAY)
        .map((day) => ({
          categoryId: 'cat_shoes',
          channelId: 'ch_web',
          country: 'NL',
          warehouseId: 'wh_gent',
          deliveredAt: at(day, 8),
          receivedAt: at(addDays(day, 1), 8),
          units: 50,
        })),
    ];
    await insertForecastFacts(handle.db, lateDeliveries, lateArrivals);
    const after = await forecastReport(ctx, FILTERS);

    for (let i = 0; i < WEEK_STARTS.length; i++) {
      if (WEEK_STARTS[i]! <= from) expect(after.backtest[i]!.forecastUnits).toBe(before.backtest[i]!.forecastUnits);
      else expect(after.backtest[i]!.forecastUnits).not.toBe(before.backtest[i]!.forecastUnits);
      const arrived = lateArrivals.filter((a) => a.receivedAt! >= at(WEEK_STARTS[i]!, 0)).length > 0;
      expect(after.backtest[i]!.actualUnits > before.backtest[i]!.actualUnits).toBe(WEEK_STARTS[i]! >= from && arrived);
    }
    expect(after.curves[0]!.returnRate).not.toBeCloseTo(before.curves[0]!.returnRate, 6);
  });
});
