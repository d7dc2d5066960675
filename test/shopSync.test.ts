import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyShopWebhooks } from '../src/app/catalog/sync/applyShopWebhooks.js';
import { runSync } from '../src/app/catalog/sync/runSync.js';
import { requestSync } from '../src/app/catalog/sync/syncQueue.js';
import { shopSyncRound } from '../src/app/catalog/sync/syncRound.js';
import { STALE_RUN_MS } from '../src/app/catalog/sync/syncRuns.js';
import { systemActor } from '../src/app/kernel/context.js';
import { syncConnectionCommand } from '../src/cli/syncCommand.js';
import { startJobQueue } from '../src/jobs/jobQueue.js';
import { startWorkers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue, seedStaff } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeShopify } from './support/shops/fakeShopify.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

describe.each(DB_KINDS)('WooCommerce orders come in by themselves (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-sync-test' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function wooShop() {
    const fake = await new FakeWooCommerce().start();
    fake.clock = new Date(t.clock.now.getTime() - DAY);
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce', credentials: fake.credentials() });
    return { fake, shop };
  }
  const addOrders = (fake: FakeWooCommerce, n: number) =>
    Array.from({ length: n }, () =>
      fake.addOrder({
        lines: [
          { sku: 'TEE-M', quantity: 1, unitPrice: 2000 },
          { sku: 'TEE-L', quantity: 2, unitPrice: 2000 },
        ],
        paymentMethod: 'mollie_wc_gateway_ideal',
        paid: true,
      }),
    );
  const ordersOf = (connectionId: string) =>
    t.ctx.db
      .selectFrom('orders')
      .select(['external_id', 'total_amount', 'cancelled_at'])
      .where('connection_id', '=', connectionId)
      .orderBy('external_id')
      .execute();
  const connectionRow = (id: string) =>
    t.ctx.db.selectFrom('shop_connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const fast = { pageSize: 3, ordersPerWrite: 3, retryBaseMs: 1 }; // each page written as it comes

  it('a backfill that fails mid-way on 503s resumes from its cursor and ends with every order once', async () => {
    const { fake, shop } = await wooShop();
    addOrders(fake, 8);
    // The second page answers 503 more often than a run tries it.
    let pages = 0;
    const progress: number[] = [];
    const first = await runSync(
      t.ctx,
      shop.id,
      { kind: 'backfill', resource: 'orders', startedBy: 'test' },
      {
        ...fast,
        attempts: 2,
        // One page after the other, so the failures queued once the first is in meet the second.
        pagesAtOnce: 1,
        onProgress: (p) => {
          progress.push(p.processed);
          pages += 1;
          if (pages === 1) fake.failNext({ status: 503, path: /\/orders$/ }, 2);
        },
      },
    );
    expect(first).toMatchObject({ status: 'failed', processed: 3, resumed: false });
    expect(progress).toEqual([3]);
    expect((await ordersOf(shop.id)).length).toBe(3);
    const failed = await connectionRow(shop.id);
    expect(failed.last_error).toMatch(/503/);
    expect(failed.synced_until).toBeNull();
    const errors = await t.ctx.db.selectFrom('shop_sync_errors').selectAll().where('connection_id', '=', shop.id).execute();
    expect(errors).toEqual([expect.objectContaining({ subject: 'sync', run_id: first.runId, code: 'SHOP_UNAVAILABLE' })]);
    const event = await t.ctx.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('subject_id', '=', shop.id)
      .where('type', '=', 'connection.sync_failed')
      .executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ runId: first.runId, platform: 'woocommerce' });

    const firstPageAsked = fake.requests('GET', /\/orders$/).filter((r) => r.query.get('page') === '1').length;
    const again = await runSync(t.ctx, shop.id, { kind: 'backfill', resource: 'orders', startedBy: 'test' }, fast);
    expect(again).toMatchObject({ status: 'succeeded', runId: first.runId, processed: 8, resumed: true });
    // Resumed at page 2: page 1 was not read again.
    expect(fake.requests('GET', /\/orders$/).filter((r) => r.query.get('page') === '1').length).toBe(firstPageAsked);
    const orders = await ordersOf(shop.id);
    expect(orders.map((o) => o.external_id)).toEqual([...fake.orders.keys()].map(String).sort());
    const done = await connectionRow(shop.id);
    expect(done).toMatchObject({ last_error: null, synced_until: t.clock.now });
    expect(Number(done.orders_received)).toBe(8);
    const run = await t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('id', '=', first.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', processed: 8, total: 8, cursor: null });
  });

  it('waits out throttling, and the catch-up picks up what a lost webhook missed', async () => {
    const { fake, shop } = await wooShop();
    const [kept] = addOrders(fake, 2);
    fake.failNext({ status: 429, headers: { 'retry-after': '0' }, path: /\/orders$/ }, 2);
    expect(await runSync(t.ctx, shop.id, { kind: 'backfill', resource: 'orders', startedBy: 'test' }, fast)).toMatchObject({
      status: 'succeeded',
      processed: 2,
    });
    // Changes whose webhooks never came: an order cancelled and a new one.
    fake.clock = t.clock.now;
    fake.editOrder(Number(kept?.id), { status: 'cancelled' });
    const [late] = addOrders(fake, 1);
    t.clock.advance(60 * 60_000);
    const catchUp = await runSync(t.ctx, shop.id, { kind: 'reconcile', resource: 'orders', startedBy: 'round' }, fast);
    expect(catchUp).toMatchObject({ status: 'succeeded', processed: 2 });
    const asked = fake.requests('GET', /\/orders$/).at(-1);
    expect(asked?.query.get('modified_after')).toBeTruthy();
    const orders = await ordersOf(shop.id);
    expect(orders).toHaveLength(3);
    expect(orders.find((o) => o.external_id === String(kept?.id))?.cancelled_at).not.toBeNull();
    expect(orders.some((o) => o.external_id === String(late?.id))).toBe(true);
    expect((await connectionRow(shop.id)).synced_until).toEqual(t.clock.now);
  });

  it('products come in owned by the connection: read-only in Retour, options in order, variants by SKU with their images', async () => {
    const { fake, shop } = await wooShop();
    fake.addProduct({
      id: 41,
      name: 'Linen shirt',
      categories: [{ id: 9, name: 'Shirts', slug: 'shirts' }],
      images: ['https://shop.example.nl/shirt.jpg'],
      attributes: [
        { name: 'Size', options: ['S', 'M'] },
        { name: 'Colour', options: ['Sand'] },
      ],
      variations: [
        {
          id: 411,
          sku: 'SHIRT-S',
          price: 5900,
          options: { Size: 'S', Colour: 'Sand' },
          image: 'https://shop.example.nl/shirt-s.jpg',
        },
        { id: 412, sku: 'SHIRT-M', price: 5900, options: { Size: 'M', Colour: 'Sand' } },
      ],
    });
    const run = async () => runSync(t.ctx, shop.id, { kind: 'backfill', resource: 'products', startedBy: 'test' }, fast);
    expect(await run()).toMatchObject({ status: 'succeeded', processed: 1 });
    t.clock.advance(1000);
    expect(await run()).toMatchObject({ status: 'succeeded', processed: 1 });
    const products = await t.ctx.db.selectFrom('products').selectAll().where('connection_id', '=', shop.id).execute();
    expect(products).toHaveLength(1);
    const [product] = products;
    expect(product).toMatchObject({ external_id: '41', title: 'Linen shirt', options: ['Size', 'Colour'] });
    expect(product?.images[0]?.url).toBe('https://shop.example.nl/shirt.jpg');
    const category = await t.ctx.db
      .selectFrom('categories')
      .select('code')
      .where('id', '=', product?.category_id as string)
      .executeTakeFirst();
    expect(category?.code).toBeTruthy();
    const variants = await t.ctx.db
      .selectFrom('variants')
      .selectAll()
      .where('product_id', '=', product?.id as string)
      .orderBy('position')
      .execute();
    expect(variants.map((v) => [v.sku, v.external_id, v.image_url])).toEqual([
      ['SHIRT-S', '411', 'https://shop.example.nl/shirt-s.jpg'],
      ['SHIRT-M', '412', null],
    ]);
    const admin = await t.login('admin');
    const edit = await t.request({
      method: 'PATCH',
      url: `/api/v1/products/${product?.id}`,
      staff: admin,
      payload: { title: 'Changed here' },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'PRODUCT_OWNED_BY_CONNECTION' });
  });

  it('"sync now" and the periodic round run as jobs of the workers, one run per connection at a time', async () => {
    const { fake, shop } = await wooShop();
    addOrders(fake, 4);
    const workers = await startWorkers(t.ctx, t.handle, { pollMs: 50 });
    try {
      expect(await requestSync(t.ctx, { actor: systemActor }, shop.id, { resource: 'orders' })).toMatchObject({
        kind: 'backfill',
        resources: ['orders'],
      });
      await until(async () => (await connectionRow(shop.id)).synced_until, { what: 'the backfill job' });
      expect(await ordersOf(shop.id)).toHaveLength(4);
      // An order whose webhook never came: the round's catch-up brings it.
      fake.clock = t.clock.now;
      addOrders(fake, 1);
      t.clock.advance(60_000);
      await shopSyncRound(t.ctx);
      await until(async () => (await ordersOf(shop.id)).length === 5, { what: 'the catch-up job' });
      await until(
        async () =>
          (
            await t.ctx.db
              .selectFrom('shop_sync_runs')
              .select('id')
              .where('connection_id', '=', shop.id)
              .where('status', '=', 'running')
              .execute()
          ).length === 0,
        { what: 'runs to end' },
      );
      const runs = await t.ctx.db
        .selectFrom('shop_sync_runs')
        .select(['kind', 'status'])
        .where('connection_id', '=', shop.id)
        .orderBy('started_at')
        .execute();
      expect(runs.map((r) => r.kind).slice(0, 2)).toEqual(['backfill', 'reconcile']);
    } finally {
      await workers.stop();
    }
    // A run another process holds keeps the connection busy; once it has gone quiet it is taken over.
    const held = {
      id: `ssr_held_${kind}`,
      connection_id: shop.id,
      kind: 'reconcile' as const,
      resource: 'orders' as const,
      status: 'running' as const,
      cursor: null,
      updated_since: null,
      started_at: t.clock.now,
      updated_at: t.clock.now,
    };
    await t.ctx.db.insertInto('shop_sync_runs').values(held).execute();
    const again = () => runSync(t.ctx, shop.id, { kind: 'reconcile', resource: 'orders', startedBy: 'test' }, fast);
    expect(await again()).toEqual({ status: 'busy', runId: held.id });
    t.clock.advance(STALE_RUN_MS + 1000);
    expect(await again()).toMatchObject({ status: 'succeeded', runId: held.id, resumed: true });
  });

  it('retour sync runs a backfill with a progress bar, then a catch-up', async () => {
    const { fake, shop } = await wooShop();
    addOrders(fake, 5);
    const lines: string[] = [];
    let progress = '';
    const bar = new Writable({
      write(chunk, _enc, done) {
        progress += String(chunk);
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    const code = await syncConnectionCommand(t.ctx, shop.name, { resource: 'orders' }, (l) => lines.push(l), bar);
    expect(code).toBe(0);
    expect(progress).toMatch(/orders \(backfill\) 100% \(5\/5\)/);
    expect(lines).toEqual([expect.stringMatching(/^orders: succeeded, 5 read, 0 skipped \(run ssr/)]);
    expect(await ordersOf(shop.id)).toHaveLength(5);
    lines.length = 0;
    expect(await syncConnectionCommand(t.ctx, shop.id, { resource: 'orders' }, (l) => lines.push(l), bar)).toBe(0);
    expect(progress).toMatch(/orders \(reconcile\)/);
    expect(await syncConnectionCommand(t.ctx, 'no such shop', {}, (l) => lines.push(l), bar)).toBe(2);
  });

  it("ChannelEngine's calls (GET, token in the URL) queue a catch-up of orders and a pull of returns", async () => {
    const shop = await storeShopConnection(t.ctx, {
      platform: 'channelengine',
      credentials: { shop: 'noord', apiKey: 'ce-key-not-used' },
    });
    const url = `/api/v1/shop-webhooks/${shop.webhookToken}`;
    const since = 1_781_517_600;
    // The queues exist (as in a running Retour) so the catch-up queued can be read back; no worker takes it.
    const boss = await startJobQueue(t.handle);
    await boss.stop({ graceful: false, wait: true });
    for (const type of ['orders', 'orders', 'returns']) {
      const res = await t.request({ method: 'GET', url: `${url}?type=${type}&tenant=noord&updatedSince=${since}` });
      expect(res.statusCode, res.body).toBe(200);
    }
    const wrongTenant = await t.request({ method: 'GET', url: `${url}?type=orders&tenant=other&updatedSince=${since}` });
    expect(wrongTenant.statusCode).toBe(401);
    const announced: [string, Date | null][] = [];
    const report = await applyShopWebhooks(t.ctx, shop.id, {
      onReturns: async (id, from) => {
        announced.push([id, from]);
      },
    });
    expect(report).toMatchObject({ deliveries: 2, catchUps: 1, returns: 1 });
    expect(announced).toEqual([[shop.id, new Date(since * 1000)]]);
    const queued = await sql<{ data: { connectionId: string; kind: string; resources: string[] } }>`
      select data from pgboss.job where name = 'catalog.sync' and data->>'connectionId' = ${shop.id}`.execute(t.ctx.db);
    expect(queued.rows.map((r) => r.data)).toEqual([expect.objectContaining({ kind: 'reconcile', resources: ['orders'] })]);
  });

  it('an order the platform gives that Retour cannot take is recorded as an error of the run and skipped', async () => {
    const { fake, shop } = await wooShop();
    addOrders(fake, 2);
    const bad = fake.addOrder({ email: 'no-address', lines: [{ sku: 'TEE-M', quantity: 1, unitPrice: 2000 }] });
    const outcome = await runSync(t.ctx, shop.id, { kind: 'backfill', resource: 'orders', startedBy: 'test' }, fast);
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 3, errors: 1 });
    expect(await ordersOf(shop.id)).toHaveLength(2);
    const errors = await t.ctx.db.selectFrom('shop_sync_errors').selectAll().where('connection_id', '=', shop.id).execute();
    expect(errors).toEqual([
      expect.objectContaining({ run_id: outcome.runId, subject: 'order', external_id: String(bad.id), code: 'EMAIL_INVALID' }),
    ]);
  });

  it('a webhook that only names its order has the order read from the platform', async () => {
    const { fake, shop } = await wooShop();
    const [order] = addOrders(fake, 1);
    const hook = { id: 6, topic: 'order.updated', secret: fake.webhookSecret };
    const { headers, rawBody } = fake.delivery(hook, { id: order?.id }, 'named-1');
    const res = await t.request({ method: 'POST', url: `/api/v1/shop-webhooks/${shop.webhookToken}`, headers, payload: rawBody });
    expect(res.statusCode, res.body).toBe(200);
    const asked = fake.requests('GET', /\/orders\/\d+$/).length;
    expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 1, orders: 1 });
    expect(fake.requests('GET', /\/orders\/\d+$/).length).toBe(asked + 1);
    expect((await ordersOf(shop.id)).map((o) => o.external_id)).toEqual([String(order?.id)]);
  });

  it('Shopify: an orders/create webhook signed with the app secret comes in as a Shopify-refundable order; a wrong secret is refused', async () => {
    const shopify = await new FakeShopify().start();
    try {
      const shop = await storeShopConnection(t.ctx, { platform: 'shopify', credentials: shopify.credentials() });
      const id = shopify.seedOrder({
        createdAt: '2026-06-10T09:00:00Z',
        updatedAt: '2026-06-10T09:00:00Z',
        lines: [
          { sku: 'TEE-M', quantity: 1, price: '20.00' },
          { sku: 'TEE-L', quantity: 1, price: '20.00', discount: '2.00' },
        ],
      });
      const url = `/api/v1/shop-webhooks/${shop.webhookToken}`;
      const forged = shopify.webhookRequest('orders/create', shopify.orderPayload(id), { secret: 'not-the-app-secret' });
      expect((await t.request({ method: 'POST', url, headers: forged.headers, payload: forged.rawBody })).statusCode).toBe(401);
      const signed = shopify.webhookRequest('orders/create', shopify.orderPayload(id));
      const res = await t.request({ method: 'POST', url, headers: signed.headers, payload: signed.rawBody });
      expect(res.statusCode, res.body).toBe(200);
      expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 1, orders: 1 });
      const [order] = await t.ctx.db.selectFrom('orders').selectAll().where('connection_id', '=', shop.id).execute();
      expect(order).toMatchObject({ payment_provider: 'shopify', payment_reference: `${shop.id}:${order?.external_id}` });
      expect(order?.total_amount).toBeGreaterThan(0);
      await until(async () => Number((await connectionRow(shop.id)).webhooks_rejected) === 1, { what: 'the refusal counted' });
    } finally {
      await shopify.stop();
    }
  });

  it('webhooks: a bad signature is refused and counted, a repeat applied once, the ping answered', async () => {
    const { fake, shop } = await wooShop();
    const url = `/api/v1/shop-webhooks/${shop.webhookToken}`;
    const ping = await t.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'webhook_id=77',
    });
    expect(ping.statusCode, ping.body).toBe(200);

    const [order] = addOrders(fake, 1);
    const hook = { id: 5, topic: 'order.created', secret: fake.webhookSecret };
    const { headers, rawBody } = fake.delivery(hook, order as Record<string, unknown>, 'd-1');
    const forged = await t.request({
      method: 'POST',
      url,
      headers: { ...headers, 'x-wc-webhook-signature': 'AAAA' },
      payload: rawBody,
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/shop-webhooks/not-a-token', headers, payload: rawBody })).statusCode,
    ).toBe(404);
    await until(async () => Number((await connectionRow(shop.id)).webhooks_rejected) === 1, { what: 'the refusal counted' });

    for (let i = 0; i < 2; i++) {
      const res = await t.request({ method: 'POST', url, headers, payload: rawBody });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ received: true, duplicate: i === 1, topic: 'order.created' });
    }
    expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 1, orders: 1 });
    expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 0 });
    expect(await ordersOf(shop.id)).toHaveLength(1);
    const row = await connectionRow(shop.id);
    expect(Number(row.webhooks_received)).toBe(1);
    expect(Number(row.orders_received)).toBe(1);
    const stored = await t.ctx.db
      .selectFrom('shop_webhooks')
      .select('delivery_id')
      .where('connection_id', '=', shop.id)
      .execute();
    expect(stored).toEqual([{ delivery_id: 'd-1' }]);
  });
});
