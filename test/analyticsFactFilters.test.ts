import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsScope, categoryWithDescendants, factScope } from '../src/app/analytics/factFilters.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { RetourError } from '../src/domain/errors.js';
import { insertWorldCategories } from './support/analyticsWorld.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { testContext } from './support/testContext.js';

// 23:30 UTC on 31 March is already 1 April in Amsterdam (the shop's default time zone).
const NOW = new Date('2026-03-31T23:30:00Z');

describe.each(DB_KINDS)('analytics filters (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => NOW });
    await insertWorldCategories(handle.db);
  });
  afterAll(() => handle?.close());

  it("defaults to the shop's currency and the last 90 days up to today in its time zone", async () => {
    const shop = await handle.db.selectFrom('shop_settings').select(['currency', 'timezone']).executeTakeFirstOrThrow();
    expect(shop.timezone).toBe('Europe/Amsterdam');
    expect(await analyticsScope(ctx, {})).toEqual({ from: '2026-01-02', to: '2026-04-01', currency: shop.currency });
    expect(await analyticsScope(ctx, { from: '2026-02-01', currency: 'SEK', country: '' })).toEqual({
      from: '2026-02-01',
      to: '2026-05-01',
      currency: 'SEK',
    });
    expect(await analyticsScope(ctx, { to: '2026-01-31', channelId: 'ch_web' })).toMatchObject({
      from: '2025-11-03',
      channelId: 'ch_web',
    });
  });

  it('refuses a period that ends before it starts, or a day that is not one', async () => {
    await expect(analyticsScope(ctx, { from: '2026-02-02', to: '2026-02-01' })).rejects.toMatchObject({
      code: 'ANALYTICS_PERIOD_INVALID',
      fields: [{ path: 'to' }],
    });
    await expect(analyticsScope(ctx, { from: '2026-02-30' })).rejects.toBeInstanceOf(RetourError);
    await expect(analyticsScope(ctx, { to: 'yesterday' })).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'to' }] });
  });

  it('takes a category with every category below it, and an unknown one as matching nothing', async () => {
    expect((await categoryWithDescendants(handle.db, 'cat_a')).sort()).toEqual(['cat_a', 'cat_b', 'cat_c']);
    expect(await categoryWithDescendants(handle.db, 'cat_c')).toEqual(['cat_c']);
    expect(await categoryWithDescendants(handle.db, 'cat_unknown')).toEqual([]);
    const scope = await factScope(ctx, { from: '2026-01-01', to: '2026-12-31', currency: 'EUR', categoryId: 'cat_b' });
    expect(scope).toMatchObject({ interval: 'month', categoryIds: ['cat_b', 'cat_c'] });
  });
});
