import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopError } from '../../src/app/catalog/connections/port.js';
import { ShopifyShop } from '../../src/integrations/shops/shopify/adapter.js';
import { FakeShopify } from '../support/shops/fakeShopify.js';

let shopify: FakeShopify;
let adapter: ShopifyShop;

beforeAll(async () => {
  shopify = await new FakeShopify().start();
  adapter = new ShopifyShop(shopify.credentials());
});
afterAll(() => shopify.stop());

async function shopFailure(run: Promise<unknown>): Promise<ShopError> {
  try {
    await run;
  } catch (err) {
    expect(err).toBeInstanceOf(ShopError);
    return err as ShopError;
  }
  throw new Error('expected a ShopError');
}

describe('Shopify connection check', () => {
  it('names the shop and its access scopes', async () => {
    const check = await adapter.check();
    expect(check.shopName).toBe('Retour Test Shop');
    expect(check.scopes).toContain('write_returns');
    const seen = shopify.requests('POST', /graphql\.json$/).at(-1);
    expect(seen?.path).toBe('/admin/api/2026-01/graphql.json');
    expect(seen?.headers['x-shopify-access-token']).toBe(shopify.token);
  });

  it('fails as auth with a wrong token, and the token is in no message', async () => {
    const wrong = new ShopifyShop(shopify.credentials({ apiKey: 'shpat_wrong_token' }));
    const err = await shopFailure(wrong.check());
    expect(err.kind).toBe('auth');
    expect(err.details.status).toBe(401);
    expect(err.message).not.toContain('shpat_wrong_token');
  });

  it('takes the API version a connection pins', async () => {
    const pinned = new ShopifyShop(shopify.credentials({ apiVersion: '2026-04' }));
    await pinned.check();
    expect(shopify.requests('POST', /graphql\.json$/).at(-1)?.path).toBe('/admin/api/2026-04/graphql.json');
  });

  it('fails as transient on a 5xx', async () => {
    shopify.failNext({ status: 503, path: /graphql/ });
    const err = await shopFailure(adapter.check());
    expect(err.kind).toBe('transient');
    expect(err.details.status).toBe(503);
  });
});

describe('Shopify orders', () => {
  it('maps an order to the cent: prices, discounts, tax rates, shipping, codes, delivery and payment', async () => {
    const id = shopify.seedOrder({
      email: 'anna@example.test',
      lines: [
        { sku: 'SHIRT-M', title: 'Linen shirt', quantity: 2, price: '49.95', discount: '9.99', taxRate: 0.21 },
        { sku: 'BOOK-1', quantity: 1, price: '19.99', taxRate: 0.09 },
      ],
      shipping: [{ title: 'PostNL', price: '4.95' }],
      discountCodes: ['WELCOME10'],
      deliveredAt: '2026-11-02T10:15:00Z',
      tags: ['vip', 'nl'],
    });
    const order = await adapter.getOrder(id);
    expect(order).not.toBeNull();
    if (!order) return;
    expect(order.number).toMatch(/^#\d+$/);
    expect(order.currency).toBe('EUR');
    expect(order.customer.email).toBe('anna@example.test');
    expect(order.shippingAddress).toMatchObject({ line1: 'Keizersgracht 12a', postcode: '1015 CS', country: 'NL' });
    const [shirt, book] = order.lines;
    expect(shirt).toMatchObject({ sku: 'SHIRT-M', quantity: 2, unitPriceAmount: 4995, discountAmount: 999, taxRateBp: 2100 });
    expect(book).toMatchObject({ sku: 'BOOK-1', unitPriceAmount: 1999, discountAmount: 0, taxRateBp: 900 });
    expect(shirt?.deliveredAt).toBe('2026-11-02T10:15:00Z');
    expect(shirt?.ref.fulfillmentLineItemId).toMatch(/^gid:\/\/shopify\/FulfillmentLineItem\//);
    expect(shirt?.ref.inventoryItemId).toMatch(/^gid:\/\/shopify\/InventoryItem\//);
    expect(order.shippingLines).toEqual([{ title: 'PostNL', amount: 495 }]);
    expect(order.shippingAmount).toBe(495);
    expect(order.discountCodes).toEqual(['WELCOME10']);
    expect(order.payment).toEqual({ refundable: true, method: 'shopify_payments' });
    expect(order.tags).toEqual(['vip', 'nl']);
  });

  it('takes the delivery date from a DELIVERED event when the fulfilment has none, and none when unfulfilled', async () => {
    const id = shopify.seedOrder({
      lines: [
        { sku: 'A', quantity: 1, price: '10.00' },
        { sku: 'B', quantity: 1, price: '5.00', fulfilled: false },
      ],
      deliveredAt: null,
      deliveryEventAt: '2026-10-30T08:00:00Z',
    });
    const order = await adapter.getOrder(id);
    expect(order?.lines[0]?.deliveredAt).toBe('2026-10-30T08:00:00Z');
    expect(order?.lines[1]?.deliveredAt).toBeNull();
    expect(order?.lines[1]?.ref.fulfillmentLineItemId).toBeNull();
  });

  it('adds tax to prices of a shop that quotes without it', async () => {
    const id = shopify.seedOrder({ taxesIncluded: false, lines: [{ sku: 'US-1', quantity: 1, price: '100.00', taxRate: 0.08 }] });
    expect((await adapter.getOrder(id))?.lines[0]?.unitPriceAmount).toBe(10800);
  });

  it('is not refundable through Shopify when unpaid or paid outside it', async () => {
    const pending = shopify.seedOrder({ financialStatus: 'PENDING', lines: [{ sku: 'P', quantity: 1, price: '1.00' }] });
    const manual = shopify.seedOrder({ gateway: null, lines: [{ sku: 'M', quantity: 1, price: '1.00' }] });
    expect((await adapter.getOrder(pending))?.payment.refundable).toBe(false);
    expect((await adapter.getOrder(manual))?.payment.refundable).toBe(false);
  });

  it('reads every line of an order with more lines than one page', async () => {
    const lines = Array.from({ length: 45 }, (_, i) => ({ sku: `MANY-${i}`, quantity: 1, price: '1.50' }));
    const order = await adapter.getOrder(shopify.seedOrder({ lines }));
    expect(order?.lines.map((l) => l.sku)).toEqual(lines.map((l) => l.sku));
    expect(order?.lines.every((l) => l.ref.fulfillmentLineItemId)).toBe(true);
  });

  it('answers null for an order Shopify does not know', async () => {
    expect(await adapter.getOrder('gid://shopify/Order/1')).toBeNull();
  });

  it('lists orders changed since a moment page by page, oldest change first, within the cost limit', async () => {
    const since = new Date(Date.now() + 60_000);
    const ids = [1, 2, 3, 4, 5, 6, 7].map((i) =>
      shopify.seedOrder({
        lines: [{ sku: `DELTA-${i}`, quantity: 1, price: '10.00' }],
        updatedAt: new Date(since.getTime() + i * 1000).toISOString(),
      }),
    );
    shopify.seedOrder({
      lines: [{ sku: 'OLD', quantity: 1, price: '1.00' }],
      updatedAt: new Date(since.getTime() - 1000).toISOString(),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await adapter.listOrders({ cursor, updatedSince: since });
      seen.push(...page.items.map((o) => o.externalId));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(ids);
    expect(pages).toBeGreaterThan(1);
  });

  it('sees an order edited at the source again in the catch-up', async () => {
    const since = new Date(Date.now() + 3_600_000);
    const id = shopify.seedOrder({
      lines: [{ sku: 'EDIT', quantity: 1, price: '1.00' }],
      updatedAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect((await adapter.listOrders({ cursor: null, updatedSince: since })).items).toEqual([]);
    shopify.order(id).updatedAt = new Date(since.getTime() + 1000).toISOString();
    shopify.order(id).email = 'new@example.test';
    const page = await adapter.listOrders({ cursor: null, updatedSince: since });
    expect(page.items.map((o) => [o.externalId, o.customer.email])).toEqual([[id, 'new@example.test']]);
  });
});

describe('Shopify throttling', () => {
  it('waits for the bucket to refill when THROTTLED comes with 200, and goes on', async () => {
    shopify.bucket = { maximumAvailable: 1000, restoreRate: 5000, available: 0, at: Date.now() };
    const check = await adapter.check();
    expect(check.shopName).toBe('Retour Test Shop');
    const answers = shopify.requests('POST', /graphql/).slice(-2);
    expect(answers.length).toBe(2);
    shopify.bucket = { maximumAvailable: 20_000, restoreRate: 1000, available: 20_000, at: Date.now() };
  });

  it('tolerates THROTTLED as a 429', async () => {
    shopify.throttleWith429 = true;
    shopify.bucket = { maximumAvailable: 1000, restoreRate: 5000, available: 0, at: Date.now() };
    try {
      expect((await adapter.check()).shopName).toBe('Retour Test Shop');
    } finally {
      shopify.throttleWith429 = false;
      shopify.bucket = { maximumAvailable: 20_000, restoreRate: 1000, available: 20_000, at: Date.now() };
    }
  });

  it('gives up as transient with the wait still needed when the bucket refills too slowly', async () => {
    shopify.bucket = { maximumAvailable: 1000, restoreRate: 0.01, available: 0, at: Date.now() };
    try {
      const err = await shopFailure(adapter.check());
      expect(err.kind).toBe('transient');
      expect(err.code).toBe('SHOP_THROTTLED');
      expect(err.details.retryAfterMs).toBeGreaterThan(10_000);
    } finally {
      shopify.bucket = { maximumAvailable: 20_000, restoreRate: 1000, available: 20_000, at: Date.now() };
    }
  });
});
