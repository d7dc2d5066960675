import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ShopError,
  type ShopListQuery,
  type ShopOrder,
  type ShopPage,
  type ShopPlatformAdapter,
} from '../src/app/catalog/connections/port.js';
import { runSync } from '../src/app/catalog/sync/runSync.js';
import type { AppContext } from '../src/app/kernel/context.js';
import { DB_KINDS } from './support/databases.js';
import { seedCatalogue } from './support/fixtures.js';
import { shopOrder, storeShopConnection } from './support/shopSync.js';
import { pagesOf } from './support/shops/heldPlatform.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)("a sync writes the platform's small pages together (%s)", (kind) => {
  let t: TestApp;
  const backfill = { kind: 'backfill', resource: 'orders', startedBy: 'test' } as const;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-sync-batches-test' });
    await seedCatalogue(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A platform whose pages (the cursor is the page's number) are answered at once; page `notReadyOnce`
   * is not ready the first time it is asked (empty, with a next page: a bulk export still running). */
  function platformOf(pages: ShopOrder[][], notReadyOnce: number | null, failingOnce: number | null = null) {
    const asked: number[] = [];
    const listOrders = async (query: ShopListQuery): Promise<ShopPage<ShopOrder>> => {
      const page = query.cursor === null ? 0 : Number(query.cursor);
      const total = pages.flat().length;
      if (page === failingOnce && !asked.includes(page)) {
        asked.push(page);
        throw new ShopError('rejected', 'SHOP_REFUSED', 'The shop refused the listing');
      }
      if (page === notReadyOnce && !asked.includes(page)) {
        asked.push(page);
        return { items: [], next: String(page), total };
      }
      asked.push(page);
      return { items: pages[page] ?? [], next: page + 1 < pages.length ? String(page + 1) : null, total };
    };
    const context = (ctx: AppContext, shop: { platform: string; channelId: string }): AppContext => {
      const adapter = { platform: shop.platform, listOrders } as unknown as ShopPlatformAdapter;
      const connection = async (id: string) => ({ id, platform: shop.platform, channelId: shop.channelId, adapter });
      return { ...ctx, shops: { ...ctx.shops, connection } as AppContext['shops'] };
    };
    return { asked, context };
  }

  const synced = (connectionId: string) =>
    t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('subject_id', '=', connectionId)
      .where('type', '=', 'connection.orders_synced')
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();

  it.each([1, 3])('runs pages together up to the orders a write takes, %i written at once', async (pagesAtOnce) => {
    const orders = Array.from({ length: 20 }, (_, i) => shopOrder(`batch-${kind}-${pagesAtOnce}-${i}`));
    const platform = platformOf(pagesOf(orders, 3), null);
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const told: number[] = [];
    const outcome = await runSync(platform.context(t.ctx, shop), shop.id, backfill, {
      ordersPerWrite: 7,
      pagesAtOnce,
      onProgress: (p) => told.push(p.processed),
    });
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 20, errors: 0 });
    // Each page asked once; three writes of three pages, three pages and the last one.
    expect(platform.asked).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const imported = (await synced(shop.id)).map((e) => (e.data as { imported: number }).imported);
    expect(imported.sort((a, b) => a - b)).toEqual([2, 9, 9]);
    expect(told.at(-1)).toBe(20);
    const run = await t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('id', '=', outcome.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', processed: 20, cursor: null });
  });

  it.each([1, 3])(
    'writes what it has when a page is not ready, and asks for that page again, %i written at once',
    async (pagesAtOnce) => {
      const orders = Array.from({ length: 11 }, (_, i) => shopOrder(`ready-${kind}-${pagesAtOnce}-${i}`));
      const platform = platformOf(pagesOf(orders, 3), 2);
      const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
      const outcome = await runSync(platform.context(t.ctx, shop), shop.id, backfill, {
        ordersPerWrite: 7,
        pagesAtOnce,
        notReadyWaitMs: 1,
      });
      expect(outcome).toMatchObject({ status: 'succeeded', processed: 11, errors: 0 });
      expect(platform.asked).toEqual([0, 1, 2, 2, 3]);
      expect((await synced(shop.id)).map((e) => (e.data as { imported: number }).imported)).toEqual([6, 5]);
      const copies = await t.ctx.db.selectFrom('orders').select('external_id').where('connection_id', '=', shop.id).execute();
      expect(copies.map((o) => o.external_id).sort()).toEqual(orders.map((o) => o.externalId).sort());
    },
  );

  it('a read failing for good inside a write of pages gathered keeps the cursor at that write, and the resumed run brings each order in once', async () => {
    const orders = Array.from({ length: 20 }, (_, i) => shopOrder(`grouped-${kind}-${String(i).padStart(2, '0')}`));
    // Pages of three, writes of three pages: the second write gathers pages 3, 4 and 5, and the
    // read of page 4 fails once, not for a while (the shop refused it).
    const platform = platformOf(pagesOf(orders, 3), null, 4);
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const options = { ordersPerWrite: 7, pagesAtOnce: 3 };
    const failed = await runSync(platform.context(t.ctx, shop), shop.id, backfill, options);
    expect(failed).toMatchObject({ status: 'failed', processed: 9, error: 'The shop refused the listing' });
    const run = await t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('id', '=', failed.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'failed', processed: 9, cursor: '3' });

    const resumed = await runSync(platform.context(t.ctx, shop), shop.id, backfill, options);
    expect(resumed).toMatchObject({ status: 'succeeded', runId: failed.runId, resumed: true, processed: 20, errors: 0 });
    const copies = await t.ctx.db.selectFrom('orders').select('external_id').where('connection_id', '=', shop.id).execute();
    expect(copies.map((o) => o.external_id).sort()).toEqual(orders.map((o) => o.externalId));
  });

  it('writes the pages it gathered once it has read for the longest a write gathers, whatever they hold', async () => {
    const orders = Array.from({ length: 8 }, (_, i) => shopOrder(`budget-${kind}-${i}`));
    const platform = platformOf(pagesOf(orders, 3), null);
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const outcome = await runSync(platform.context(t.ctx, shop), shop.id, backfill, {
      ordersPerWrite: 7,
      pagesAtOnce: 1,
      groupReadMs: 0,
    });
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 8, errors: 0 });
    expect(platform.asked).toEqual([0, 1, 2]);
    // No time to gather: each page is a write of its own, moving the run's cursor.
    expect((await synced(shop.id)).map((e) => (e.data as { imported: number }).imported)).toEqual([3, 3, 2]);
  });
});
