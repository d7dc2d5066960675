import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync, type SyncProgress } from '../src/app/catalog/sync/runSync.js';
import { requestSync } from '../src/app/catalog/sync/syncQueue.js';
import { STALE_RUN_MS } from '../src/app/catalog/sync/syncRuns.js';
import { systemActor } from '../src/app/kernel/context.js';
import { startWorkers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeShopify } from './support/shops/fakeShopify.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

describe.each(DB_KINDS)('sync runs that wait for the platform, and runs of other resources (%s)', (kind) => {
  let t: TestApp;
  const shopify = new FakeShopify();
  const woo = new FakeWooCommerce();

  beforeAll(async () => {
    await shopify.start();
    await woo.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-sync-runs-test' });
    await seedCatalogue(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
    await shopify.stop();
    await woo.stop();
  });

  const backfill = { kind: 'backfill', resource: 'orders', startedBy: 'test' } as const;
  const runRow = (id: string) => t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const runsOf = (connectionId: string) =>
    t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('connection_id', '=', connectionId).orderBy('started_at').execute();
  const ordersOf = (connectionId: string) =>
    t.ctx.db.selectFrom('orders').select('external_id').where('connection_id', '=', connectionId).execute();
  const syncedUntil = async (connectionId: string) =>
    (
      await t.ctx.db
        .selectFrom('shop_connections')
        .select('synced_until')
        .where('id', '=', connectionId)
        .executeTakeFirstOrThrow()
    ).synced_until;

  /** A Shopify shop of its own (a fresh fake shop's orders) whose bulk export does not finish until told. */
  async function slowShopifyShop(orders: number) {
    shopify.orders.length = 0;
    shopify.bulkOperations.length = 0;
    shopify.bulkPolls = Number.MAX_SAFE_INTEGER;
    const ids = Array.from({ length: orders }, (_, i) =>
      shopify.seedOrder({
        createdAt: new Date(Date.parse('2026-06-01T09:00:00Z') + i * 60_000).toISOString(),
        lines: [
          { sku: 'TEE-M', quantity: 1, price: '20.00' },
          { sku: 'TEE-L', quantity: 1, price: '20.00' },
        ],
      }),
    );
    const shop = await storeShopConnection(t.ctx, { platform: 'shopify', credentials: shopify.credentials() });
    return { shop, ids };
  }

  it('a Shopify backfill waits for its bulk export, alive and with its cursor, and succeeds only once the file was read', async () => {
    const { shop, ids } = await slowShopifyShop(5);
    const progress: SyncProgress[] = [];
    const running = runSync(t.ctx, shop.id, backfill, {
      notReadyWaitMs: 1,
      retryBaseMs: 1,
      onProgress: (p) => progress.push({ ...p }),
    });
    // Two pages handed back empty: the run asked again after the first, rather than ending.
    await until(() => progress.length >= 2, {
      what: 'the export asked after again',
      pending: () => ({ operations: shopify.operations.slice(-5), progress }),
    });
    const [run] = await runsOf(shop.id);
    expect(run).toMatchObject({ kind: 'backfill', status: 'running', processed: 0, finished_at: null });
    expect(run?.cursor).toMatch(/^bulk:/);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.waiting && p.processed === 0)).toBe(true);
    expect(await syncedUntil(shop.id)).toBeNull();
    expect(shopify.bulkOperations.map((b) => b.status)).toEqual(['RUNNING']);

    // Minutes pass: the waiting run keeps writing itself alive, so no other claim takes it over.
    t.clock.advance(STALE_RUN_MS + 1000);
    await until(async () => (await runRow(String(run?.id))).updated_at.getTime() === t.clock.now.getTime(), {
      what: 'the waiting run touched',
    });
    expect(await runSync(t.ctx, shop.id, backfill, { notReadyWaitMs: 1 })).toEqual({ status: 'busy', runId: run?.id });

    shopify.bulkPolls = 0;
    const outcome = await running;
    expect(outcome).toMatchObject({ status: 'succeeded', runId: run?.id, processed: 5, errors: 0 });
    expect((await ordersOf(shop.id)).map((o) => o.external_id).sort()).toEqual([...ids].sort());
    expect(await runRow(String(run?.id))).toMatchObject({ status: 'succeeded', processed: 5, total: 5, cursor: null });
    expect(await syncedUntil(shop.id)).toEqual(run?.started_at);
    expect(progress.at(-1)).toMatchObject({ processed: 5, waiting: false });
    expect(shopify.bulkOperations).toHaveLength(1);
  });

  it('a backfill whose export is not ready within its time fails with the cursor kept; the next one reads the same export', async () => {
    const { shop, ids } = await slowShopifyShop(3);
    const first = await runSync(t.ctx, shop.id, backfill, { notReadyWaitMs: 1, notReadyForMs: 0 });
    expect(first).toMatchObject({ status: 'failed', processed: 0, resumed: false });
    const failed = await runRow(first.runId);
    expect(failed).toMatchObject({ status: 'failed', processed: 0 });
    expect(failed.cursor).toMatch(/^bulk:/);
    expect(await syncedUntil(shop.id)).toBeNull();
    const errors = await t.ctx.db.selectFrom('shop_sync_errors').select('code').where('run_id', '=', first.runId).execute();
    expect(errors).toEqual([{ code: 'SHOP_NOT_READY' }]);

    shopify.bulkPolls = 0;
    const again = await runSync(t.ctx, shop.id, backfill, { notReadyWaitMs: 1 });
    expect(again).toMatchObject({ status: 'succeeded', runId: first.runId, processed: 3, resumed: true });
    expect((await ordersOf(shop.id)).map((o) => o.external_id).sort()).toEqual([...ids].sort());
    expect(shopify.bulkOperations).toHaveLength(1);
    expect(await syncedUntil(shop.id)).not.toBeNull();
  });

  it('"sync now" of a Shopify shop runs the backfill as a job that waits for the export and brings every order in', async () => {
    const { shop, ids } = await slowShopifyShop(3);
    const workers = await startWorkers(t.ctx, t.handle, { pollMs: 50 });
    try {
      expect(await requestSync(t.ctx, { actor: systemActor }, shop.id, { resource: 'orders' })).toMatchObject({
        kind: 'backfill',
      });
      const waiting = await until(
        async () => {
          const [run] = await runsOf(shop.id);
          return run?.status === 'running' && run.cursor?.startsWith('bulk:') ? run : null;
        },
        { what: 'the job waiting for the export', pending: () => runsOf(shop.id) },
      );
      expect(await syncedUntil(shop.id)).toBeNull();
      shopify.bulkPolls = 0;
      await until(() => syncedUntil(shop.id), { what: 'the backfill to end', pending: () => runsOf(shop.id) });
      expect(await runRow(waiting.id)).toMatchObject({ status: 'succeeded', processed: 3 });
      expect((await ordersOf(shop.id)).map((o) => o.external_id).sort()).toEqual([...ids].sort());
      expect(shopify.bulkOperations).toHaveLength(1);
    } finally {
      await workers.stop();
    }
  });

  it("a stale run of another resource is not taken over: it is marked failed and the asked resource's run starts", async () => {
    woo.clock = new Date(t.clock.now.getTime() - DAY);
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce', credentials: woo.credentials() });
    const order = woo.addOrder({ lines: [{ sku: 'TEE-M', quantity: 1, unitPrice: 2000 }], paid: true });
    const held = {
      id: `ssr_products_${kind}`,
      connection_id: shop.id,
      kind: 'backfill' as const,
      resource: 'products' as const,
      status: 'running' as const,
      cursor: 'a products cursor',
      updated_since: null,
      started_at: t.clock.now,
      updated_at: t.clock.now,
    };
    await t.ctx.db.insertInto('shop_sync_runs').values(held).execute();
    expect(await runSync(t.ctx, shop.id, backfill, { pageSize: 10 })).toEqual({ status: 'busy', runId: held.id });

    t.clock.advance(STALE_RUN_MS + 1000);
    const outcome = await runSync(t.ctx, shop.id, backfill, { pageSize: 10 });
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 1, resumed: false });
    expect(outcome.runId).not.toBe(held.id);
    expect((await ordersOf(shop.id)).map((o) => o.external_id)).toEqual([String(order.id)]);
    const stale = await runRow(held.id);
    expect(stale).toMatchObject({ resource: 'products', status: 'failed', cursor: 'a products cursor' });
    const runs = await runsOf(shop.id);
    expect(runs.map((r) => [r.resource, r.status])).toEqual([
      ['products', 'failed'],
      ['orders', 'succeeded'],
    ]);
  });
});
