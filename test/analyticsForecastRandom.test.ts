import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilters } from '../src/app/analytics/analyticsTypes.js';
import { forecastReport } from '../src/app/analytics/queries/forecast.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { addDays } from '../src/domain/calendar.js';
import { seeded } from './support/analyticsWorld.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import {
  type Arrival,
  at,
  type BruteFilters,
  bruteActual,
  bruteForecast,
  type Delivery,
  insertForecastCatalogue,
  insertForecastFacts,
} from './support/forecastFacts.js';
import { testContext } from './support/testContext.js';

const TODAY = '2026-06-17';
const NOW = new Date('2026-06-17T10:00:00Z');
const FIRST_DAY = addDays(TODAY, -260);
const BASE: AnalyticsFilters = { from: '2026-01-01', to: '2026-12-31', currency: 'EUR' };
/** Filters and the categories each takes in (a category with those below it). */
const CASES: { filters: Partial<AnalyticsFilters>; brute: BruteFilters }[] = [
  { filters: {}, brute: {} },
  { filters: { channelId: 'ch_web' }, brute: { channelId: 'ch_web' } },
  { filters: { country: 'BE' }, brute: { country: 'BE' } },
  { filters: { categoryId: 'cat_shoes' }, brute: { categoryIds: ['cat_shoes', 'cat_boots'] } },
  { filters: { warehouseId: 'wh_gent' }, brute: { warehouseId: 'wh_gent' } },
  {
    filters: { categoryId: 'cat_bags', warehouseId: 'wh_tilburg' },
    brute: { categoryIds: ['cat_bags'], warehouseId: 'wh_tilburg' },
  },
];

/** Random deliveries and their returns: busy, quiet and uncategorised lines, lags up to past the
 * curve's end, arrivals at any hour (today's too), some not arrived, some not routed. */
function randomShop(seed: number): { deliveries: Delivery[]; arrivals: Arrival[] } {
  const r = seeded(seed);
  const categories = [
    { id: 'cat_shoes', chance: 0.6, max: 12 },
    { id: 'cat_boots', chance: 0.4, max: 6 },
    { id: 'cat_bags', chance: 0.05, max: 2 },
    { id: '', chance: 0.3, max: 4 },
  ];
  const deliveries: Delivery[] = [];
  const arrivals: Arrival[] = [];
  for (let day = FIRST_DAY; day < TODAY; day = addDays(day, 1)) {
    for (const c of categories) {
      if (r.next() > c.chance) continue;
      const d = {
        day,
        categoryId: c.id,
        channelId: r.pick(['ch_web', 'ch_shop']),
        country: r.pick(['NL', 'BE']),
        units: r.int(1, c.max),
      };
      deliveries.push(d);
      for (let n = r.int(0, 2); n > 0; n--) {
        const lag = r.int(0, 100);
        const arrival = addDays(day, lag);
        const hour = r.int(0, 22) + r.next() * 0.9;
        const arrived = arrival < TODAY || (arrival === TODAY && hour < 11);
        arrivals.push({
          categoryId: c.id === '' ? null : c.id,
          channelId: d.channelId,
          country: d.country,
          warehouseId: r.pick(['wh_tilburg', 'wh_gent', 'wh_gent', null]),
          deliveredAt: at(day, r.int(0, 22) + r.next() * 0.9),
          receivedAt: arrived && r.next() > 0.1 ? at(arrival, hour) : null,
          units: r.int(1, 3),
        });
      }
    }
  }
  return { deliveries, arrivals };
}

const lagQuantile = (perUnit: number[], q: number) => {
  const rate = perUnit.reduce((t, p) => t + p, 0);
  if (rate <= 0) return null;
  let cumulative = 0;
  for (let k = 0; k < perUnit.length; k++) {
    cumulative += perUnit[k]!;
    if (cumulative >= q * rate * (1 - 1e-12)) return k;
  }
  return perUnit.length - 1;
};

describe.each(DB_KINDS)('returns forecast against brute force over random facts (%s)', (kind) => {
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

  it('every figure equals the definition computed row by row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        await handle.db.deleteFrom('analytics_return_lines').execute();
        await handle.db.deleteFrom('analytics_delivery_days').execute();
        const { deliveries, arrivals } = randomShop(seed);
        await insertForecastFacts(handle.db, deliveries, arrivals);

        for (const { filters, brute } of CASES) {
          const report = await forecastReport(ctx, { ...BASE, ...filters });
          const want = bruteForecast(TODAY, 28, deliveries, arrivals, brute);
          const got = new Map(report.days.map((d) => [`${d.day}|${d.warehouseId ?? ''}`, d.expectedUnits]));
          expect([...got.keys()].sort()).toEqual([...want.days.keys()].sort());
          for (const [key, units] of want.days) expect(Math.abs(got.get(key)! - units)).toBeLessThanOrEqual(0.006);

          expect(report.curves.map((c) => c.categoryId ?? '').sort()).toEqual([...want.curves.keys()].sort());
          for (const curve of report.curves) {
            const perUnit = want.curves.get(curve.categoryId ?? '')!;
            expect(curve.returnRate).toBeCloseTo(
              perUnit.reduce((t, p) => t + p, 0),
              9,
            );
            expect([curve.p50LagDays, curve.p90LagDays]).toEqual([lagQuantile(perUnit, 0.5), lagQuantile(perUnit, 0.9)]);
          }

          expect(report.backtest).toHaveLength(8);
          for (const week of report.backtest) {
            const past = bruteForecast(week.weekStart, 7, deliveries, arrivals, brute);
            const forecast = [...past.days.values()].reduce((t, u) => t + u, 0);
            expect(Math.abs(week.forecastUnits - forecast)).toBeLessThanOrEqual(0.006);
            expect(week.actualUnits).toBe(bruteActual(week.weekStart, arrivals, brute));
          }
        }
      }),
      { numRuns: 3 },
    );
  });
});
