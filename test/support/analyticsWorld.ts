import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import type { AnalyticsFilters, RESOLUTIONS_REPORTED } from '../../src/app/analytics/analyticsTypes.js';
import type { AppContext } from '../../src/app/kernel/context.js';
import type { DbHandle, RetourDb } from '../../src/db/connection.js';
import { addDays } from '../../src/domain/calendar.js';
import { createTestDb, type DbKind } from './databases.js';
import { insertReturnLineFacts, type ReturnLineFact, returnLineFact } from './returnLineFacts.js';
import { insertSalesDayFacts, type SalesDayFact, salesDayFact } from './salesDayFacts.js';
import { testContext } from './testContext.js';

/** Random analytics facts for property tests: sales days and return lines over a small catalogue,
 * drawn from a seed, and the filters a dashboard may be asked with. The brute-force side of a test
 * reads the same rows through `matches`. */

/** A small seeded generator (mulberry32), so a failing case is replayed from its seed. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Random = ReturnType<typeof seeded>;

/** Categories: cat_a with a child cat_b (and its child cat_c), and cat_d on its own. */
export const WORLD_CATEGORIES = [
  { id: 'cat_a', parent_id: null, code: 'a', name: 'Clothing' },
  { id: 'cat_b', parent_id: 'cat_a', code: 'b', name: 'Tops' },
  { id: 'cat_c', parent_id: 'cat_b', code: 'c', name: 'Shirts' },
  { id: 'cat_d', parent_id: null, code: 'd', name: 'Shoes' },
];
/** Which categories a filter on each takes in (itself and below). */
export const WORLD_SCOPES: Record<string, string[]> = {
  cat_a: ['cat_a', 'cat_b', 'cat_c'],
  cat_b: ['cat_b', 'cat_c'],
  cat_c: ['cat_c'],
  cat_d: ['cat_d'],
};
/** Each SKU's product and category (null: a line of something no longer in the catalogue). */
export const WORLD_SKUS: { sku: string; product: string | null; category: string | null }[] = [
  { sku: 'SKU-1', product: 'prod_1', category: 'cat_a' },
  { sku: 'SKU-2', product: 'prod_1', category: 'cat_a' },
  { sku: 'SKU-3', product: 'prod_2', category: 'cat_b' },
  { sku: 'SKU-4', product: 'prod_3', category: 'cat_c' },
  { sku: 'SKU-5', product: 'prod_4', category: 'cat_d' },
  { sku: 'SKU-6', product: null, category: null },
];
export const WORLD = {
  channels: ['ch_app', 'ch_web'],
  countries: ['BE', 'DE', 'NL'],
  segments: ['new', 'vip'],
  currencies: ['EUR', 'EUR', 'EUR', 'SEK'],
  warehouses: ['wh_1', 'wh_2', null],
  reasons: [
    { id: 'rsn_small', code: 'too_small', controllable: true },
    { id: 'rsn_damaged', code: 'damaged', controllable: true },
    { id: 'rsn_mind', code: 'changed_mind', controllable: false },
    { id: null, code: null, controllable: null },
  ],
  words: ['small', 'tight', 'colour', 'late', 'broken', 'nice'],
  resolutions: ['refund', 'store_credit', 'exchange', 'replacement', 'repair', 'keep'],
  grades: ['A', 'B', 'C', null],
  dispositions: ['restock', 'refurbish', 'scrap', null],
  /** The days facts fall on. */
  first: '2026-01-01',
  days: 120,
};

export interface World {
  sales: SalesDayFact[];
  lines: ReturnLineFact[];
}

/** Writes the categories (with their parents) the world's facts refer to. */
export async function insertWorldCategories(db: RetourDb): Promise<void> {
  await db
    .insertInto('categories')
    .values(WORLD_CATEGORIES)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

/** A random world of about `size` return lines, with sales days behind them. */
export function randomWorld(r: Random, size = 60): World {
  const sales: SalesDayFact[] = [];
  for (let i = 0; i < size; i++) {
    const s = r.pick(WORLD_SKUS);
    sales.push(
      salesDayFact({
        day: addDays(WORLD.first, r.int(0, WORLD.days - 1)),
        currency: r.pick(WORLD.currencies),
        sku: s.sku,
        product_id: s.product,
        category_id: s.category,
        channel_id: r.pick(WORLD.channels),
        country: r.pick(WORLD.countries),
        segment: r.pick(WORLD.segments),
        units: r.int(1, 20),
        value_amount: r.int(100, 50_000),
        lines: 1,
      }),
    );
  }
  const lines: ReturnLineFact[] = [];
  const returns = Math.max(1, Math.floor(size / 2));
  for (let n = 0; n < returns; n++) {
    const orderedDay = addDays(WORLD.first, r.int(0, WORLD.days - 1));
    const requestedDay = addDays(orderedDay, r.int(0, 30));
    const base = {
      return_id: `ret_w${n}`,
      return_number: `R-${n}`,
      currency: r.pick(WORLD.currencies),
      channel_id: r.pick(WORLD.channels),
      country: r.pick(WORLD.countries),
      segment: r.pick(WORLD.segments),
      warehouse_id: r.pick(WORLD.warehouses),
      status: r.pick(['requested', 'approved', 'completed']),
      ordered_at: at(orderedDay, 10),
      ordered_day: orderedDay,
      requested_at: at(requestedDay, r.int(0, 23)),
      requested_day: requestedDay,
      withdrawal_at: r.chance(0.3) ? at(addDays(requestedDay, -r.int(0, 2)), 8) : null,
    };
    const count = r.int(1, 3);
    for (let k = 0; k < count; k++) {
      const s = r.pick(WORLD_SKUS);
      const reason = r.pick(WORLD.reasons);
      const words = r.chance(0.5) ? Array.from({ length: r.int(1, 4) }, () => r.pick(WORLD.words)) : [];
      const value = r.int(100, 20_000);
      const granted = r.chance(0.7) ? r.pick(WORLD.resolutions) : null;
      const grade = r.pick(WORLD.grades);
      lines.push(
        returnLineFact({
          ...base,
          sku: s.sku,
          product_id: s.product,
          category_id: s.category,
          variant_id: null,
          counted: r.chance(0.85),
          quantity: r.int(1, 3),
          value_amount: value,
          reason_id: reason.id,
          reason_code: reason.code,
          controllable: reason.controllable,
          comment: words.length > 0 ? words.join(' ') : null,
          comment_words: words,
          requested_resolution: r.pick(WORLD.resolutions),
          granted_resolution: granted,
          keep_item: r.chance(0.15),
          refunded_at: r.chance(0.6) ? at(addDays(requestedDay, r.int(0, 25)), r.int(0, 23)) : null,
          grade,
          disposition: r.pick(WORLD.dispositions),
          inspection_seconds: grade !== null && r.chance(0.8) ? r.int(30, 1_800) : null,
          recovered_amount: r.int(0, value),
          refund_amount: r.chance(0.5) ? r.int(0, value) : 0,
          credit_amount: r.chance(0.3) ? r.int(0, value) : 0,
          credit_spent_amount: r.chance(0.3) ? r.int(0, value) : 0,
          exchange_amount: r.chance(0.3) ? r.int(0, value) : 0,
          bonus_amount: r.chance(0.2) ? r.int(0, 1_000) : 0,
          label_cost_amount: r.chance(0.7) ? r.int(0, 800) : 0,
          fee_amount: r.chance(0.3) ? r.int(0, 500) : 0,
        }),
      );
    }
  }
  return { sales, lines };
}

/** Random filters over the world: a period inside it, and now and then a dimension. */
export function randomFilters(r: Random): AnalyticsFilters {
  const from = addDays(WORLD.first, r.int(-5, WORLD.days - 10));
  const to = addDays(from, r.pick([0, 6, 20, 45, 100, 200]));
  const f: AnalyticsFilters = { from, to, currency: r.chance(0.85) ? 'EUR' : 'SEK' };
  if (r.chance(0.2)) f.channelId = r.pick(WORLD.channels);
  if (r.chance(0.2)) f.country = r.pick(WORLD.countries);
  if (r.chance(0.2)) f.categoryId = r.pick([...Object.keys(WORLD_SCOPES), 'cat_unknown']);
  if (r.chance(0.15)) f.productId = r.pick(['prod_1', 'prod_2', 'prod_4']);
  if (r.chance(0.2)) f.segment = r.pick(WORLD.segments);
  if (r.chance(0.2)) f.warehouseId = r.pick(['wh_1', 'wh_2']);
  return f;
}

const REPORTED: Record<string, (typeof RESOLUTIONS_REPORTED)[number]> = {
  refund: 'refund',
  store_credit: 'store_credit',
  exchange: 'exchange',
  replacement: 'exchange',
  repair: 'repair',
};
/** A line's resolution as the dashboards report it: granted, else asked; a replacement is an exchange. */
export const reportedResolutionOf = (l: ReturnLineFact) => REPORTED[l.granted_resolution ?? l.requested_resolution] ?? 'other';

/** Whether a fact passes the filters' dimensions (not the period), as the queries judge it. */
export function matchesDimensions(
  f: AnalyticsFilters,
  row: {
    currency: string;
    channel_id: string;
    country: string;
    category_id?: string | null;
    product_id?: string | null;
    segment: string;
    warehouse_id?: string | null;
  },
  withWarehouse: boolean,
): boolean {
  if (row.currency !== f.currency) return false;
  if (f.channelId !== undefined && row.channel_id !== f.channelId) return false;
  if (f.country !== undefined && row.country !== f.country) return false;
  if (f.categoryId !== undefined && !(WORLD_SCOPES[f.categoryId] ?? []).includes(row.category_id ?? '')) return false;
  if (f.productId !== undefined && row.product_id !== f.productId) return false;
  if (f.segment !== undefined && row.segment !== f.segment) return false;
  if (withWarehouse && f.warehouseId !== undefined && row.warehouse_id !== f.warehouseId) return false;
  return true;
}

export const inPeriod = (f: AnalyticsFilters, day: string) => day >= f.from && day <= f.to;

/** Replaces every fact with the world's. */
export async function writeWorld(db: RetourDb, world: World): Promise<void> {
  await db.deleteFrom('analytics_return_lines').execute();
  await db.deleteFrom('analytics_sales_days').execute();
  await insertReturnLineFacts(db, world.lines);
  await insertSalesDayFacts(db, world.sales);
}

/** A suite's database (of one kind) with the world's categories, and a context over it whose
 * clock stands at `now`; read them inside the tests. */
export function worldDatabase(kind: DbKind, now = new Date('2026-06-15T10:00:00Z')): { handle: DbHandle; ctx: AppContext } {
  const suite = {} as { handle: DbHandle; ctx: AppContext };
  beforeAll(async () => {
    suite.handle = await createTestDb(kind);
    suite.ctx = testContext(suite.handle.db, { now: () => now });
    await insertWorldCategories(suite.handle.db);
  });
  afterAll(() => suite.handle?.close());
  return suite;
}

/** Writes 25 random worlds of 5–80 return lines in turn and runs `check` on each (with the
 * generator, to draw filters from); a failure names the seed that replays it. */
export async function overRandomWorlds(db: () => RetourDb, check: (world: World, r: Random) => Promise<void>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.integer(), async (seed) => {
      const r = seeded(seed);
      const world = randomWorld(r, r.int(5, 80));
      await writeWorld(db(), world);
      await check(world, r);
    }),
    { numRuns: 25 },
  );
}
