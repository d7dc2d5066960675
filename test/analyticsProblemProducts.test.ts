import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { problemProductsReport } from '../src/app/analytics/queries/problemProducts.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { PROBLEM_PRODUCT_TEST_NAME, twoProportionTest } from '../src/domain/analytics/significance.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { insertReturnLineFacts, type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';
import { insertSalesDayFacts, salesDayFact } from './support/salesDayFacts.js';
import { testContext } from './support/testContext.js';

const PERIOD = { from: '2026-05-01', to: '2026-05-31', currency: 'EUR' };
const OPTIONS = { confidence: 0.95, minUnitsSold: 30, limit: 10 };

const sold = (product: string, category: string | null, units: number, over = {}) =>
  salesDayFact({ day: '2026-05-03', sku: `SKU-${product}`, product_id: product, category_id: category, units, ...over });
const returned = (product: string, category: string | null, quantity: number, over: Partial<ReturnLineFact> = {}) =>
  returnLineFact({ ordered_at: '2026-05-03T10:00:00Z', product_id: product, category_id: category, quantity, ...over });

describe.each(DB_KINDS)('problem products report (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => new Date('2026-06-15T10:00:00Z') });
    await handle.db
      .insertInto('categories')
      .values([
        { id: 'cat_shoes', code: 'shoes', name: 'Shoes' },
        { id: 'cat_bags', code: 'bags', name: 'Bags' },
      ])
      .execute();
    await handle.db
      .insertInto('products')
      .values([
        { id: 'prod_boot', handle: 'boot', title: 'Boot', tags: '[]', category_id: 'cat_shoes' },
        { id: 'prod_sneaker', handle: 'sneaker', title: 'Sneaker', tags: '[]', category_id: 'cat_shoes' },
      ])
      .execute();
    await handle.db
      .insertInto('reasons')
      .values([
        { id: 'rsn_small', code: 'too_small', labels: JSON.stringify({ en: 'Runs small', nl: 'Valt klein' }) },
        { id: 'rsn_damaged', code: 'damaged', labels: JSON.stringify({ en: 'Damaged', nl: 'Beschadigd' }) },
      ])
      .execute();
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    await handle.db.deleteFrom('analytics_return_lines').execute();
    await handle.db.deleteFrom('analytics_sales_days').execute();
  });

  async function writeShoes() {
    await insertSalesDayFacts(handle.db, [
      sold('prod_boot', 'cat_shoes', 60),
      sold('prod_boot', 'cat_shoes', 40, { day: '2026-05-20', channel_id: 'ch_app' }),
      sold('prod_sneaker', 'cat_shoes', 900),
      sold('prod_slipper', 'cat_shoes', 20),
      // Alone in its category: nothing to compare it with.
      sold('prod_bag', 'cat_bags', 100),
      // Ordered in another month or currency: left out.
      sold('prod_sneaker', 'cat_shoes', 5_000, { day: '2026-04-30' }),
      sold('prod_sneaker', 'cat_shoes', 5_000, { currency: 'SEK' }),
    ]);
    const small = { reason_id: 'rsn_small', reason_code: 'too_small' };
    await insertReturnLineFacts(handle.db, [
      returned('prod_boot', 'cat_shoes', 8, {
        ...small,
        comment: 'Runs a full size small',
        requested_at: '2026-05-20T10:00:00Z',
      }),
      returned('prod_boot', 'cat_shoes', 7, { ...small, comment: 'tight at the toes', requested_at: '2026-05-22T10:00:00Z' }),
      returned('prod_boot', 'cat_shoes', 5, { ...small, comment: '  ' }),
      returned('prod_boot', 'cat_shoes', 10, { reason_id: 'rsn_damaged', reason_code: 'damaged', comment: 'scuffed' }),
      returned('prod_boot', 'cat_shoes', 4, { ...small, counted: false, comment: 'rejected, not counted' }),
      returned('prod_sneaker', 'cat_shoes', 100),
      returned('prod_bag', 'cat_bags', 90),
      returned('prod_sneaker', 'cat_shoes', 500, { ordered_at: '2026-04-30T10:00:00Z' }),
    ]);
  }

  it('lists a product significantly above the rest of its category, with its dominant reason and comments', async () => {
    await writeShoes();
    const report = await problemProductsReport(ctx, PERIOD, OPTIONS);
    expect(report.test).toEqual({ name: PROBLEM_PRODUCT_TEST_NAME, confidence: 0.95, minUnitsSold: 30 });
    // Boot: 30 of 100 against the rest of Shoes (sneaker and slipper): 100 of 920.
    const expected = twoProportionTest({ units: 100, returned: 30 }, { units: 920, returned: 100 });
    expect(report.rows).toHaveLength(1);
    const [boot] = report.rows;
    expect(boot).toMatchObject({
      productId: 'prod_boot',
      title: 'Boot',
      categoryId: 'cat_shoes',
      category: 'Shoes',
      unitsSold: 100,
      unitsReturned: 30,
      rate: 0.3,
      categoryRate: 100 / 920,
      dominantReason: { code: 'too_small', label: 'Valt klein', share: 20 / 30 },
      comments: ['tight at the toes', 'Runs a full size small'],
    });
    expect(boot?.zScore).toBeCloseTo(expected?.zScore as number, 12);
    expect(boot?.pValue).toBeCloseTo(expected?.pValue as number, 15);
    expect(boot?.pValue).toBeLessThan(0.05);
  });

  it('holds back a product below the units sold asked, or one not significant at the confidence asked', async () => {
    await writeShoes();
    expect((await problemProductsReport(ctx, PERIOD, { ...OPTIONS, minUnitsSold: 101 })).rows).toEqual([]);
    // On the app channel the boot sold 40 and none came back.
    const early = await problemProductsReport(ctx, { ...PERIOD, channelId: 'ch_app' }, OPTIONS);
    expect(early.rows).toEqual([]);
    const z = (await problemProductsReport(ctx, PERIOD, OPTIONS)).rows[0]?.zScore as number;
    expect(z).toBeGreaterThan(5);
    expect((await problemProductsReport(ctx, PERIOD, { ...OPTIONS, confidence: 0.9999999999 })).rows).toEqual([]);
    expect((await problemProductsReport(ctx, PERIOD, { ...OPTIONS, limit: 0 })).rows).toEqual([]);
  });

  it('keeps the whole category as the comparison when one product is filtered', async () => {
    await writeShoes();
    const boot = await problemProductsReport(ctx, { ...PERIOD, productId: 'prod_boot' }, OPTIONS);
    expect(boot.rows.map((r) => [r.productId, r.categoryRate])).toEqual([['prod_boot', 100 / 920]]);
    expect((await problemProductsReport(ctx, { ...PERIOD, productId: 'prod_sneaker' }, OPTIONS)).rows).toEqual([]);
  });

  it('refuses a confidence outside 0..1 and a minimum below one unit', async () => {
    await expect(problemProductsReport(ctx, PERIOD, { ...OPTIONS, confidence: 1 })).rejects.toMatchObject({
      code: 'ANALYTICS_OPTION_INVALID',
    });
    await expect(problemProductsReport(ctx, PERIOD, { ...OPTIONS, minUnitsSold: 0 })).rejects.toMatchObject({
      code: 'ANALYTICS_OPTION_INVALID',
    });
  });
  // A month inside the period is read from the monthly sales, dated on its first day: the day of a
  // product's latest sale, which decides its category when it moved, must still be the real one.
  it.each([
    ['a whole month', PERIOD],
    ['days inside a month', { ...PERIOD, from: '2026-05-02', to: '2026-05-30' }],
  ])('puts a product that moved category in the one of its latest sale (%s)', async (_what, period) => {
    await writeShoes();
    await handle.db.deleteFrom('analytics_sales_days').where('sku', '=', 'SKU-prod_boot').execute();
    // Sold as a bag first, then as a shoe: compared with the other shoes, and listed.
    await insertSalesDayFacts(handle.db, [
      sold('prod_boot', 'cat_bags', 60, { day: '2026-05-04' }),
      sold('prod_boot', 'cat_shoes', 40, { day: '2026-05-20' }),
    ]);
    const asShoe = await problemProductsReport(ctx, period, OPTIONS);
    expect(asShoe.rows.map((r) => [r.productId, r.categoryId, r.unitsSold])).toEqual([['prod_boot', 'cat_shoes', 100]]);
    // The other way round it is a bag: the bag now has the boot to compare with (30 of 100 back)
    // and stands out from it, while the boot does not.
    await handle.db.deleteFrom('analytics_sales_days').where('sku', '=', 'SKU-prod_boot').execute();
    await insertSalesDayFacts(handle.db, [
      sold('prod_boot', 'cat_shoes', 60, { day: '2026-05-04' }),
      sold('prod_boot', 'cat_bags', 40, { day: '2026-05-20' }),
    ]);
    const asBag = await problemProductsReport(ctx, period, OPTIONS);
    expect(asBag.rows.map((r) => [r.productId, r.categoryId, r.categoryRate])).toEqual([['prod_bag', 'cat_bags', 0.3]]);
  });
});
