import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsFilters,
  RATE_DIMENSIONS,
  type RateDimension,
  type RateFigures,
} from '../src/app/analytics/analyticsTypes.js';
import { NO_KEY_LABEL, returnRateReport } from '../src/app/analytics/queries/returnRate.js';
import { bucketOf, bucketsOf, trendInterval } from '../src/domain/analytics/intervals.js';
import {
  inPeriod,
  matchesDimensions,
  overRandomWorlds,
  randomFilters,
  WORLD_CATEGORIES,
  type World,
  worldDatabase,
  writeWorld,
} from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';
import { returnLineFact } from './support/returnLineFacts.js';
import { salesDayFact } from './support/salesDayFacts.js';

const NOW = new Date('2026-06-15T10:00:00Z');

function figures(su: number, sv: number, ru: number, rv: number): RateFigures {
  return {
    unitsSold: su,
    unitsReturned: ru,
    unitRate: su === 0 ? null : ru / su,
    valueSold: sv,
    valueReturned: rv,
    valueRate: sv === 0 ? null : rv / sv,
  };
}

/** The column each dimension groups on, written out here rather than taken from the report. */
const KEY: Record<RateDimension, 'sku' | 'product_id' | 'category_id' | 'channel_id' | 'country' | 'segment'> = {
  sku: 'sku',
  product: 'product_id',
  category: 'category_id',
  channel: 'channel_id',
  country: 'country',
  segment: 'segment',
};

/** The names the catalogue gives keys (written before the tests). */
const LABELS: Partial<Record<RateDimension, Record<string, string>>> = {
  channel: { ch_web: 'Web shop', ch_app: 'App' },
  product: { prod_1: 'Tee' },
};

/** The report computed from the rows themselves, one by one. */
function bruteForce(world: World, f: AnalyticsFilters, dimension: RateDimension, limit: number) {
  const interval = trendInterval(f.from, f.to);
  const sales = world.sales.filter((s) => inPeriod(f, s.day) && matchesDimensions(f, s, false));
  const lines = world.lines.filter((l) => l.counted && inPeriod(f, l.ordered_day) && matchesDimensions(f, l, true));
  type Sum = { su: number; sv: number; ru: number; rv: number };
  const add = (map: Map<string, Sum>, k: string, d: Partial<Sum>) => {
    const s = map.get(k) ?? { su: 0, sv: 0, ru: 0, rv: 0 };
    s.su += d.su ?? 0;
    s.sv += d.sv ?? 0;
    s.ru += d.ru ?? 0;
    s.rv += d.rv ?? 0;
    map.set(k, s);
  };
  const byKey = new Map<string, Sum>();
  const byBucket = new Map<string, Sum>();
  const total = new Map<string, Sum>();
  for (const s of sales) {
    const d = { su: Number(s.units), sv: Number(s.value_amount) };
    add(byKey, (s[KEY[dimension]] as string | null) ?? '', d);
    add(byBucket, bucketOf(s.day, interval), d);
    add(total, '', d);
  }
  for (const l of lines) {
    const d = { ru: l.quantity, rv: Number(l.value_amount) };
    add(byKey, (l[KEY[dimension]] as string | null) ?? '', d);
    add(byBucket, bucketOf(l.ordered_day, interval), d);
    add(total, '', d);
  }
  const names = new Map<string, string>(
    dimension === 'category' ? WORLD_CATEGORIES.map((c) => [c.id, c.name]) : Object.entries(LABELS[dimension] ?? {}),
  );
  const rows = [...byKey.entries()]
    .sort(([ka, a], [kb, b]) => b.ru - a.ru || b.rv - a.rv || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, limit)
    .map(([key, s]) => ({
      key,
      label: key === '' ? NO_KEY_LABEL : (names.get(key) ?? key),
      ...figures(s.su, s.sv, s.ru, s.rv),
    }));
  const t = total.get('') ?? { su: 0, sv: 0, ru: 0, rv: 0 };
  return {
    currency: f.currency,
    interval,
    total: figures(t.su, t.sv, t.ru, t.rv),
    dimension,
    rows,
    rowsTotal: byKey.size,
    trend: bucketsOf(f.from, f.to, interval).map((period) => {
      const b = byBucket.get(period) ?? { su: 0, sv: 0, ru: 0, rv: 0 };
      return { period, ...figures(b.su, b.sv, b.ru, b.rv) };
    }),
  };
}

describe.each(DB_KINDS)('return rate report (%s)', (kind) => {
  const suite = worldDatabase(kind, NOW);
  beforeAll(async () => {
    await suite.handle.db
      .insertInto('channels')
      .values([
        { id: 'ch_web', code: 'web', name: 'Web shop', kind: 'webshop' },
        { id: 'ch_app', code: 'app', name: 'App', kind: 'other' },
      ])
      .execute();
    await suite.handle.db
      .insertInto('products')
      .values([{ id: 'prod_1', handle: 'tee', title: 'Tee', tags: '[]', category_id: 'cat_b' }])
      .execute();
    await suite.handle.db
      .insertInto('variants')
      .values({ id: 'var_1', product_id: 'prod_1', sku: 'SKU-1', title: 'M', price_amount: 1000, currency: 'EUR', options: '{}' })
      .execute();
  });

  it('sets units and value returned of orders placed in the period against those sold, per key and per week', async () => {
    const world: World = {
      sales: [
        salesDayFact({
          day: '2026-03-02',
          sku: 'SKU-1',
          variant_id: 'var_1',
          units: 10,
          value_amount: 10_000,
          category_id: 'cat_b',
        }),
        salesDayFact({
          day: '2026-03-09',
          sku: 'SKU-1',
          variant_id: 'var_1',
          units: 10,
          value_amount: 10_000,
          channel_id: 'ch_app',
          category_id: 'cat_b',
        }),
        salesDayFact({ day: '2026-03-10', sku: 'SKU-2', product_id: 'prod_2', units: 5, value_amount: 2_500 }),
        // Before the period, and another currency: left out.
        salesDayFact({ day: '2026-02-28', sku: 'SKU-1', units: 99, value_amount: 99_000 }),
        salesDayFact({ day: '2026-03-02', sku: 'SKU-1', currency: 'SEK', units: 99, value_amount: 99_000 }),
      ],
      lines: [
        // Ordered in the period, returned after it: counts.
        returnLineFact({
          ordered_at: '2026-03-02T10:00:00Z',
          requested_at: '2026-05-01T10:00:00Z',
          sku: 'SKU-1',
          variant_id: 'var_1',
          category_id: 'cat_b',
          quantity: 2,
          value_amount: 2_000,
        }),
        returnLineFact({
          ordered_at: '2026-03-09T10:00:00Z',
          sku: 'SKU-1',
          variant_id: 'var_1',
          category_id: 'cat_b',
          channel_id: 'ch_app',
          quantity: 1,
          value_amount: 1_000,
        }),
        returnLineFact({
          ordered_at: '2026-03-10T10:00:00Z',
          sku: 'SKU-2',
          product_id: 'prod_2',
          quantity: 1,
          value_amount: 500,
        }),
        // Rejected, ordered before the period: left out.
        returnLineFact({ ordered_at: '2026-03-10T10:00:00Z', sku: 'SKU-2', counted: false }),
        returnLineFact({ ordered_at: '2026-02-27T10:00:00Z', sku: 'SKU-2' }),
      ],
    };
    await writeWorld(suite.handle.db, world);
    const f = { from: '2026-03-01', to: '2026-04-15', currency: 'EUR' };
    const report = await returnRateReport(suite.ctx, f, { dimension: 'sku', limit: 10 });
    expect(report.interval).toBe('week');
    expect(report.total).toEqual(figures(25, 22_500, 4, 3_500));
    expect(report.rows).toEqual([
      { key: 'SKU-1', label: 'Tee – M', ...figures(20, 20_000, 3, 3_000) },
      { key: 'SKU-2', label: 'SKU-2', ...figures(5, 2_500, 1, 500) },
    ]);
    expect(report.rowsTotal).toBe(2);
    // Weeks from Monday 23 February (the week 1 March falls in) to Monday 13 April.
    expect(report.trend.map((t) => t.period)).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
      '2026-04-06',
      '2026-04-13',
    ]);
    expect(report.trend[1]).toEqual({ period: '2026-03-02', ...figures(10, 10_000, 2, 2_000) });
    expect(report.trend[2]).toEqual({ period: '2026-03-09', ...figures(15, 12_500, 2, 1_500) });
    expect(report.trend[0]).toEqual({ period: '2026-02-23', ...figures(0, 0, 0, 0) });

    const channels = await returnRateReport(suite.ctx, f, { dimension: 'channel', limit: 1 });
    expect(channels.rows).toEqual([{ key: 'ch_web', label: 'Web shop', ...figures(15, 12_500, 3, 2_500) }]);
    expect(channels.rowsTotal).toBe(2);
    // Category cat_a takes in cat_b below it, where SKU-1's facts are; SKU-2's have cat_1, outside.
    const category = await returnRateReport(suite.ctx, { ...f, categoryId: 'cat_a' }, { dimension: 'product', limit: 10 });
    expect(category.total).toEqual(figures(20, 20_000, 3, 3_000));
    expect(category.rows).toEqual([{ key: 'prod_1', label: 'Tee', ...figures(20, 20_000, 3, 3_000) }]);
  });

  it('agrees with a computation over the rows one by one', async () => {
    await overRandomWorlds(
      () => suite.handle.db,
      async (world, r) => {
        const dimension = r.pick([...RATE_DIMENSIONS]);
        for (let i = 0; i < 3; i++) {
          const f = randomFilters(r);
          const limit = r.pick([1, 3, 50]);
          expect(await returnRateReport(suite.ctx, f, { dimension, limit })).toEqual(bruteForce(world, f, dimension, limit));
        }
      },
    );
  }, 120_000);
});
