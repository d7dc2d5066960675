import { describe, expect, it } from 'vitest';
import { analyticsScope, categoryWithDescendants, factScope } from '../src/app/analytics/factFilters.js';
import { RetourError } from '../src/domain/errors.js';
import { worldDatabase } from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';

// 23:30 UTC on 31 March is already 1 April in Amsterdam (the shop's default time zone).
const NOW = new Date('2026-03-31T23:30:00Z');

describe.each(DB_KINDS)('analytics filters (%s)', (kind) => {
  const suite = worldDatabase(kind, NOW);

  it("defaults to the shop's currency and the last 90 days up to today in its time zone", async () => {
    const shop = await suite.handle.db.selectFrom('shop_settings').select(['currency', 'timezone']).executeTakeFirstOrThrow();
    expect(shop.timezone).toBe('Europe/Amsterdam');
    expect(await analyticsScope(suite.ctx, {})).toEqual({ from: '2026-01-02', to: '2026-04-01', currency: shop.currency });
    expect(await analyticsScope(suite.ctx, { from: '2026-02-01', currency: 'SEK', country: '' })).toEqual({
      from: '2026-02-01',
      to: '2026-05-01',
      currency: 'SEK',
    });
    expect(await analyticsScope(suite.ctx, { to: '2026-01-31', channelId: 'ch_web' })).toMatchObject({
      from: '2025-11-03',
      channelId: 'ch_web',
    });
  });

  it('refuses a period that ends before it starts, or a day that is not one', async () => {
    await expect(analyticsScope(suite.ctx, { from: '2026-02-02', to: '2026-02-01' })).rejects.toMatchObject({
      code: 'ANALYTICS_PERIOD_INVALID',
      fields: [{ path: 'to' }],
    });
    await expect(analyticsScope(suite.ctx, { from: '2026-02-30' })).rejects.toBeInstanceOf(RetourError);
    await expect(analyticsScope(suite.ctx, { to: 'yesterday' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'to' }],
    });
  });

  it('takes a category with every category below it, and an unknown one as matching nothing', async () => {
    expect((await categoryWithDescendants(suite.handle.db, 'cat_a')).sort()).toEqual(['cat_a', 'cat_b', 'cat_c']);
    expect(await categoryWithDescendants(suite.handle.db, 'cat_c')).toEqual(['cat_c']);
    expect(await categoryWithDescendants(suite.handle.db, 'cat_unknown')).toEqual([]);
    const scope = await factScope(suite.ctx, { from: '2026-01-01', to: '2026-12-31', currency: 'EUR', categoryId: 'cat_b' });
    expect(scope).toMatchObject({ interval: 'month', categoryIds: ['cat_b', 'cat_c'] });
  });
});
