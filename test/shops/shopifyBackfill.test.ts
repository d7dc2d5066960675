import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShopOrder, ShopPage } from '../../src/app/catalog/connections/port.js';
import { ShopError } from '../../src/app/catalog/connections/port.js';
import { ShopifyShop } from '../../src/integrations/shops/shopify/adapter.js';
import { FakeShopify } from '../support/shops/fakeShopify.js';

let shopify: FakeShopify;
let adapter: ShopifyShop;

beforeEach(async () => {
  shopify = await new FakeShopify().start();
  adapter = new ShopifyShop(shopify.credentials());
});
afterEach(() => shopify.stop());

/** Seeds `count` orders created a second apart, the first one `lines` lines long. */
function seedOrders(count: number): string[] {
  const start = Date.parse('2026-01-10T09:00:00Z');
  return Array.from({ length: count }, (_, i) =>
    shopify.seedOrder({
      createdAt: new Date(start + i * 1000).toISOString(),
      lines: [
        { sku: `BF-${i}-A`, quantity: 1, price: '12.50', discount: i % 2 ? '2.50' : undefined },
        { sku: `BF-${i}-B`, quantity: 2, price: '3.99' },
      ],
      shipping: [{ title: 'DHL', price: '5.95' }],
      deliveredAt: '2026-01-12T12:00:00Z',
    }),
  );
}

/** Reads the backfill on until it ends, `from` a cursor; every page is kept. */
async function readAll(from: string | null, stopAfter = 100): Promise<{ pages: ShopPage<ShopOrder>[]; last: string | null }> {
  const pages: ShopPage<ShopOrder>[] = [];
  let cursor = from;
  do {
    const page = await adapter.listOrders({ cursor, pageSize: 4 });
    pages.push(page);
    cursor = page.next;
  } while (cursor && pages.length < stopAfter);
  return { pages, last: cursor };
}

describe('Shopify backfill by bulk operation', () => {
  it('reads every order page by page from the bulk file, with lines, shipping and delivery put back together', async () => {
    const ids = seedOrders(10);
    const { pages } = await readAll(null);
    const orders = pages.flatMap((p) => p.items);
    expect(orders.map((o) => o.externalId)).toEqual(ids);
    expect(pages.filter((p) => p.items.length).map((p) => p.items.length)).toEqual([4, 4, 2]);
    expect(pages.at(-1)?.total).toBe(10);
    const second = orders[1];
    expect(second?.lines.map((l) => [l.sku, l.quantity, l.unitPriceAmount, l.discountAmount])).toEqual([
      ['BF-1-A', 1, 1250, 250],
      ['BF-1-B', 2, 399, 0],
    ]);
    expect(second?.lines.every((l) => l.deliveredAt === '2026-01-12T12:00:00Z' && l.ref.fulfillmentLineItemId)).toBe(true);
    expect(second?.shippingLines).toEqual([{ title: 'DHL', amount: 595 }]);
    expect(shopify.bulkOperations).toHaveLength(1);
    const query = String(shopify.bulkOperations[0]?.query);
    expect(query).toContain('orders');
  });

  it('resumes a stopped backfill from its cursor, without a new bulk operation, reading on from the byte it stopped at', async () => {
    const ids = seedOrders(9);
    const first = await readAll(null, 2);
    const handedOut = first.pages.flatMap((p) => p.items.map((o) => o.externalId));
    expect(first.last).not.toBeNull();
    // A new adapter (after a restart) with the stored cursor.
    adapter = new ShopifyShop(shopify.credentials());
    const rest = await readAll(first.last);
    const all = [...handedOut, ...rest.pages.flatMap((p) => p.items.map((o) => o.externalId))];
    expect(all).toEqual(ids);
    expect(shopify.bulkOperations).toHaveLength(1);
    const ranges = shopify.requests('GET', /bulk-results/).map((r) => r.headers.range ?? null);
    expect(ranges[0]).toBeNull();
    expect(ranges.slice(1).every((r) => /^bytes=\d+-$/.test(String(r)))).toBe(true);
  });

  it('reads on right where the file host ignores Range and sends the whole file', async () => {
    const ids = seedOrders(7);
    shopify.ignoreRange = true;
    const { pages } = await readAll(null);
    expect(pages.flatMap((p) => p.items.map((o) => o.externalId))).toEqual(ids);
  });

  it('hands back an empty page with the same cursor while the bulk operation runs', async () => {
    seedOrders(2);
    shopify.bulkPolls = 1_000_000;
    const started = await adapter.listOrders({ cursor: null });
    expect(started.items).toEqual([]);
    expect(started.next).toMatch(/^bulk:/);
    expect(shopify.bulkOperations[0]?.status).toBe('RUNNING');
    shopify.bulkPolls = 0;
    const page = await adapter.listOrders({ cursor: started.next });
    expect(page.items).toHaveLength(2);
    expect(page.next).toBeNull();
  }, 30_000);

  it('takes over its own bulk query already running instead of failing, and waits for another one', async () => {
    const ids = seedOrders(3);
    shopify.bulkPolls = 1_000_000;
    const started = await adapter.listOrders({ cursor: null });
    shopify.bulkPolls = 0;
    // The cursor was lost: a new backfill finds the operation running and takes it over.
    const { pages } = await readAll(null);
    expect(pages.flatMap((p) => p.items.map((o) => o.externalId))).toEqual(ids);
    expect(shopify.bulkOperations).toHaveLength(1);
    expect(started.next).not.toBeNull();

    shopify.bulkPolls = 1_000_000;
    const other = shopify.mutations.bulkOperationRunQuery as (args: Record<string, unknown>) => unknown;
    other({ query: '{ products { edges { node { id } } } }' });
    try {
      await adapter.listOrders({ cursor: null });
      throw new Error('expected a ShopError');
    } catch (err) {
      expect(err).toBeInstanceOf(ShopError);
      expect((err as ShopError).kind).toBe('transient');
      expect((err as ShopError).code).toBe('SHOP_BULK_BUSY');
    }
  }, 30_000);

  it('starts a new bulk operation when the one in the cursor failed, and goes on from the orders handed out', async () => {
    const ids = seedOrders(8);
    const first = await adapter.listOrders({ cursor: null, pageSize: 3 });
    expect(first.items).toHaveLength(3);
    // The file is gone (expired): a new operation has to be run.
    const op = shopify.bulkOperations[0];
    if (op) Object.assign(op, { status: 'EXPIRED', url: null });
    const restarted = await adapter.listOrders({ cursor: first.next, pageSize: 3 });
    expect(restarted.items).toEqual([]);
    const { pages } = await readAll(restarted.next);
    const all = [...first.items, ...pages.flatMap((p) => p.items)].map((o) => o.externalId);
    expect(all).toEqual(ids);
    expect(shopify.bulkOperations).toHaveLength(2);
  }, 30_000);

  it('fails as auth when the bulk read is denied', async () => {
    seedOrders(1);
    shopify.failNextBulk = 'ACCESS_DENIED';
    const started = await adapter.listOrders({ cursor: null }).catch((err: unknown) => err);
    expect(started).toBeInstanceOf(ShopError);
    expect((started as ShopError).kind).toBe('auth');
  });

  it('is refused by the fake as by Shopify when a bulk query nests a connection inside a list', () => {
    seedOrders(1);
    const run = shopify.mutations.bulkOperationRunQuery as (args: Record<string, unknown>) => {
      userErrors: { message: string }[];
    };
    const answer = run({
      query: '{ orders { edges { node { id fulfillments { fulfillmentLineItems { edges { node { id } } } } } } } }',
    });
    expect(answer.userErrors[0]?.message).toMatch(/connection field within a list field/);
    expect(shopify.bulkOperations).toHaveLength(0);
  });

  it('ends at once when the shop has no orders', async () => {
    const page = await adapter.listOrders({ cursor: null });
    expect(page).toEqual({ items: [], next: null, total: 0 });
  });

  it('refuses a cursor it cannot read, naming it', async () => {
    const err = await adapter.listOrders({ cursor: 'bulk:not-json' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShopError);
    expect((err as ShopError).details.field).toBe('cursor');
  });
});
