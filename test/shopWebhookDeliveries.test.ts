import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyShopWebhooks,
  connectionsWithStaleShopWebhooks,
  KEEP_APPLIED_MS,
  SHOP_WEBHOOK_ATTEMPTS,
} from '../src/app/catalog/sync/applyShopWebhooks.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('stored shop webhooks: one bad delivery holds no other back (%s)', (kind) => {
  let t: TestApp;
  const woo = new FakeWooCommerce();

  beforeAll(async () => {
    await woo.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-webhook-deliveries-test' });
    await seedCatalogue(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
    await woo.stop();
  });

  const deliveriesOf = (connectionId: string) =>
    t.ctx.db.selectFrom('shop_webhooks').selectAll().where('connection_id', '=', connectionId).orderBy('delivery_id').execute();
  const ordersOf = async (connectionId: string) =>
    (
      await t.ctx.db
        .selectFrom('orders')
        .select('external_id')
        .where('connection_id', '=', connectionId)
        .orderBy('external_id')
        .execute()
    ).map((o) => o.external_id);

  /** A WooCommerce shop with `n` paid orders, each announced by a webhook that only names it. */
  async function namedDeliveries(n: number) {
    woo.clock = new Date(t.clock.now.getTime() - DAY);
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce', credentials: woo.credentials() });
    const orders = Array.from({ length: n }, () =>
      woo.addOrder({
        lines: [{ sku: 'TEE-M', quantity: 1, unitPrice: 2000 }],
        paymentMethod: 'mollie_wc_gateway_ideal',
        paid: true,
      }),
    );
    const hook = { id: 8, topic: 'order.updated', secret: woo.webhookSecret };
    for (const [i, order] of orders.entries()) {
      const { headers, rawBody } = woo.delivery(hook, { id: order.id }, `named-${shop.id}-${i}`);
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/shop-webhooks/${shop.webhookToken}`,
        headers,
        payload: rawBody,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    return { shop, ids: orders.map((o) => String(o.id)) };
  }

  it('a delivery whose order the platform fails to give is tried again later, then given up with a sync error; the others are applied', async () => {
    const { shop, ids } = await namedDeliveries(3);
    const [first, bad, last] = ids as [string, string, string];
    woo.failNext({ status: 500, path: new RegExp(`/orders/${bad}$`) }, 1000);
    try {
      expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 2, orders: 2, failed: 1 });
      expect(await ordersOf(shop.id)).toEqual([first, last].sort());
      const failed = (await deliveriesOf(shop.id)).find((d) => d.external_id === bad);
      expect(failed).toMatchObject({ attempts: 1, applied_at: null });
      expect(failed?.error).toBeTruthy();
      // It waits before its next try.
      expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 0, failed: 0 });
      for (let attempt = 2; attempt <= SHOP_WEBHOOK_ATTEMPTS; attempt++) {
        t.clock.advance(DAY);
        expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 0, failed: 1 });
      }
    } finally {
      woo.failures.length = 0;
    }
    const givenUp = (await deliveriesOf(shop.id)).find((d) => d.external_id === bad);
    expect(givenUp).toMatchObject({ attempts: SHOP_WEBHOOK_ATTEMPTS, claimed_until: null });
    expect(givenUp?.applied_at).not.toBeNull();
    const errors = await t.ctx.db.selectFrom('shop_sync_errors').selectAll().where('connection_id', '=', shop.id).execute();
    expect(errors).toEqual([expect.objectContaining({ subject: 'webhook', external_id: bad, code: 'WEBHOOK_GIVEN_UP' })]);
    t.clock.advance(DAY);
    expect(await connectionsWithStaleShopWebhooks(t.ctx, t.clock.now)).not.toContain(shop.id);
    expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 0, failed: 0 });

    // Applied deliveries are deleted once they are old.
    expect(await deliveriesOf(shop.id)).toHaveLength(3);
    t.clock.advance(KEEP_APPLIED_MS + DAY);
    await applyShopWebhooks(t.ctx, shop.id);
    expect(await deliveriesOf(shop.id)).toEqual([]);
  });

  it('two workers applying at once ask the platform for each named order once', async () => {
    const { shop, ids } = await namedDeliveries(4);
    const asked = (id: string) => woo.requests('GET', new RegExp(`/orders/${id}$`)).length;
    const reports = await Promise.all([applyShopWebhooks(t.ctx, shop.id), applyShopWebhooks(t.ctx, shop.id)]);
    expect(reports.reduce((n, r) => n + r.deliveries, 0)).toBe(4);
    expect(ids.map(asked)).toEqual([1, 1, 1, 1]);
    expect(await ordersOf(shop.id)).toEqual([...ids].sort());
  });

  it("ChannelEngine's calls without a moment are each stored and applied, not dropped as repeats of the first", async () => {
    const shop = await storeShopConnection(t.ctx, {
      platform: 'channelengine',
      credentials: { shop: 'noord', apiKey: 'ce-key-not-used' },
    });
    const url = `/api/v1/shop-webhooks/${shop.webhookToken}?type=orders&tenant=noord`;
    for (let i = 0; i < 2; i++) {
      const res = await t.request({ method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ received: true, duplicate: false });
    }
    expect(await deliveriesOf(shop.id)).toHaveLength(2);
    expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 2, catchUps: 1 });
  });
});
