import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PlatformRefundRequest,
  type PlatformReturnRequest,
  ShopError,
  type ShopOrder,
} from '../../src/app/catalog/connections/port.js';
import { ShopifyShop } from '../../src/integrations/shops/shopify/adapter.js';
import { FakeShopify, PRIMARY_LOCATION } from '../support/shops/fakeShopify.js';
import type { FakeObject } from '../support/shops/graphqlExecutor.js';

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

let seq = 0;
/** A paid, delivered order of two shirts (49.95, 10.00 off the line) and a cap (15.00), read back through the adapter. */
async function paidOrder(): Promise<ShopOrder> {
  seq++;
  const id = shopify.seedOrder({
    lines: [
      { sku: `SHIRT-${seq}`, quantity: 2, price: '49.95', discount: '10.00' },
      { sku: `CAP-${seq}`, quantity: 1, price: '15.00' },
    ],
    shipping: [{ title: 'PostNL', price: '4.95' }],
  });
  const order = await adapter.getOrder(id);
  if (!order) throw new Error('order not read back');
  return order;
}

function returnRequest(
  order: ShopOrder,
  number: string,
  overrides: Partial<PlatformReturnRequest['lines'][number]> = {},
): PlatformReturnRequest {
  const [shirt] = order.lines;
  if (!shirt) throw new Error('no line');
  return {
    returnNumber: number,
    orderExternalId: order.externalId,
    lines: [
      {
        lineExternalId: shirt.externalId,
        lineRef: shirt.ref,
        sku: shirt.sku,
        quantity: 1,
        reason: 'SIZE_TOO_SMALL',
        note: 'Too tight',
        ...overrides,
      },
    ],
    shippingFee: 0,
    currency: 'EUR',
  };
}

function refundRequest(order: ShopOrder, settlementId: string, amount: number): PlatformRefundRequest {
  const [shirt] = order.lines;
  return {
    orderExternalId: order.externalId,
    amount,
    currency: 'EUR',
    idempotencyKey: `settlement-${settlementId}`,
    settlementId,
    returnNumber: 'R-100',
    lines: shirt ? [{ lineExternalId: shirt.externalId, lineRef: shirt.ref, quantity: 1, amount }] : [],
    note: 'Refund for return R-100',
  };
}

describe('Shopify returns', () => {
  it('registers a return with the reason definition of the enum value, and finds it again by Retour’s number', async () => {
    const order = await paidOrder();
    const made = await adapter.createReturn(returnRequest(order, 'R-2001'));
    expect(made.status).toBe('OPEN');
    const [ret] = shopify.returnsOf(order.externalId);
    const [line] = (ret?.returnLineItems ?? []) as FakeObject[];
    expect((line?.returnReasonDefinition as FakeObject | null)?.handle).toBe('size-too-small');
    expect(line?.returnReasonNote).toContain('R-2001');
    expect(await adapter.findReturn(order.externalId, 'R-2001')).toEqual(made);
    expect(await adapter.findReturn(order.externalId, 'R-9999')).toBeNull();
  });

  it('falls back to the OTHER definition for a reason without one, and charges the return shipping fee', async () => {
    const order = await paidOrder();
    const request = { ...returnRequest(order, 'R-2002', { reason: 'SOMETHING_NEW' }), shippingFee: 395 };
    await adapter.createReturn(request);
    const [ret] = shopify.returnsOf(order.externalId);
    const [line] = (ret?.returnLineItems ?? []) as FakeObject[];
    expect((line?.returnReasonDefinition as FakeObject | null)?.handle).toBe('other');
    expect(ret?.returnShippingFees).toHaveLength(1);
  });

  it('refuses more units than were fulfilled, naming the field, and a line never fulfilled', async () => {
    const order = await paidOrder();
    const err = await shopFailure(adapter.createReturn(returnRequest(order, 'R-2003', { quantity: 3 })));
    expect(err.kind).toBe('rejected');
    expect(err.details.field).toBe('returnInput.returnLineItems.0.quantity');
    const unfulfilled = await shopFailure(
      adapter.createReturn(returnRequest(order, 'R-2004', { lineRef: { fulfillmentLineItemId: null } })),
    );
    expect(unfulfilled.details.field).toBe('lines.0.lineRef.fulfillmentLineItemId');
    expect(shopify.returnsOf(order.externalId)).toHaveLength(0);
  });

  it('reports the receipt without adding to the stock (restock does that once), and a repeat changes nothing', async () => {
    const order = await paidOrder();
    const [shirt] = order.lines;
    if (!shirt) return;
    const made = await adapter.createReturn(returnRequest(order, 'R-2005', { quantity: 2 }));
    const item = String(shirt.ref.inventoryItemId);
    const before = shopify.available(item);
    const receipt = [{ lineExternalId: shirt.externalId, sku: shirt.sku, accepted: 1, rejected: 1, restocked: true }];
    await adapter.reportReceipt(made.externalId, receipt);
    await adapter.reportReceipt(made.externalId, receipt);
    expect(shopify.available(item)).toBe(before);
    const rfos = (shopify.findReturn(made.externalId)?.reverseFulfillmentOrders ?? []) as FakeObject[];
    const rfoLines = (rfos[0]?.lineItems ?? []) as FakeObject[];
    const dispositions = (rfoLines[0]?.dispositions ?? []) as FakeObject[];
    expect(dispositions.map((d) => [d.type, d.quantity])).toEqual([['NOT_RESTOCKED', 2]]);
    const wrong = await shopFailure(
      adapter.reportReceipt(made.externalId, [
        { ...receipt[0], lineExternalId: 'gid://shopify/LineItem/1' } as (typeof receipt)[0],
      ]),
    );
    expect(wrong.details.field).toBe('lines.0.lineExternalId');
  });

  it('calls off a return it registered, and answers one already called off as it stands', async () => {
    const order = await paidOrder();
    const made = await adapter.createReturn(returnRequest(order, 'R-2006'));
    expect(await adapter.cancelReturn(made.externalId)).toEqual({ externalId: made.externalId, status: 'CANCELED' });
    expect(await adapter.cancelReturn(made.externalId)).toEqual({ externalId: made.externalId, status: 'CANCELED' });
    expect(shopify.findReturn(made.externalId)?.status).toBe('CANCELED');
    // Its units can be returned again.
    await adapter.createReturn(returnRequest(order, 'R-2007', { quantity: 2 }));
  });

  it('follows a return through Shopify’s states: requested, approved, closed; declined; cancelled', async () => {
    const order = await paidOrder();
    const fli = order.lines[1]?.ref.fulfillmentLineItemId;
    const run = shopify.mutations as Record<
      string,
      (args: Record<string, unknown>) => { return: FakeObject | null; userErrors: unknown[] }
    >;
    const requested = run.returnRequest?.({
      input: { orderId: order.externalId, returnLineItems: [{ fulfillmentLineItemId: fli, quantity: 1 }] },
    });
    const id = requested?.return?.id;
    expect(requested?.return?.status).toBe('REQUESTED');
    expect(run.returnClose?.({ id }).userErrors).toHaveLength(1);
    expect(run.returnApproveRequest?.({ input: { id } }).return?.status).toBe('OPEN');
    expect(run.returnClose?.({ id }).return?.status).toBe('CLOSED');
    expect(run.returnReopen?.({ id }).return?.status).toBe('OPEN');
    expect(run.returnCancel?.({ id }).return?.status).toBe('CANCELED');
    const again = run.returnRequest?.({
      input: { orderId: order.externalId, returnLineItems: [{ fulfillmentLineItemId: fli, quantity: 1 }] },
    });
    const declined = run.returnDeclineRequest?.({ input: { id: again?.return?.id, declineReason: 'FINAL_SALE' } });
    expect(declined?.return?.status).toBe('DECLINED');
  });
});

describe('Shopify refunds', () => {
  it('refunds against the sale with the idempotency key and reads the settlement back; twice at once makes one refund', async () => {
    const order = await paidOrder();
    const [a, b] = await Promise.all([
      adapter.refund(refundRequest(order, 'st-1', 4495)),
      adapter.refund(refundRequest(order, 'st-1', 4495)),
    ]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 'succeeded', amount: 4495, currency: 'EUR', settlementId: 'st-1' });
    const refunds = shopify.refundsOf(order.externalId);
    expect(refunds).toHaveLength(1);
    const sent = shopify
      .requests('POST', /graphql/)
      .filter((r) => String((r.body as { query?: string })?.query).includes('refundCreate'));
    expect(sent.every((r) => /@idempotent\(key: \$key\)/.test(String((r.body as { query: string }).query)))).toBe(true);
    const [refund] = refunds as FakeObject[];
    const [tx] = (refund?.transactions ?? []) as FakeObject[];
    expect(tx).toMatchObject({ kind: 'REFUND', gateway: 'shopify_payments' });
    const [sale] = shopify.order(order.externalId).transactions as FakeObject[];
    expect((tx?.parentTransaction as FakeObject | null)?.id).toBe(sale?.id);
    const [refundLine] = (refund?.refundLineItems ?? []) as FakeObject[];
    expect(refundLine?.restockType).toBe('NO_RESTOCK');
    expect(await adapter.listRefunds(order.externalId)).toEqual([a]);
  });

  it('works on 2026-04, where refunds and stock changes need the idempotency key (a call without one is refused)', async () => {
    const pinned = new ShopifyShop(shopify.credentials({ apiVersion: '2026-04' }));
    const order = await paidOrder();
    const [shirt] = order.lines;
    if (!shirt) return;
    expect((await pinned.refund(refundRequest(order, 'st-5', 500))).status).toBe('succeeded');
    await pinned.restock([{ variantRef: shirt.ref, sku: shirt.sku, quantity: 1 }], null, 'mov-2604');
    const res = await fetch(`${shopify.url}/admin/api/2026-04/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': shopify.token },
      body: JSON.stringify({
        query: 'mutation R($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { field message } } }',
        variables: { input: { orderId: order.externalId, transactions: [] } },
      }),
    });
    const body = (await res.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toMatch(/@idempotent/);
  });

  it('answers with the refund already made for a settlement after a lost answer, without another', async () => {
    const order = await paidOrder();
    const first = await adapter.refund(refundRequest(order, 'st-2', 1500));
    const again = await adapter.refund({ ...refundRequest(order, 'st-2', 1500), idempotencyKey: 'a-new-key' });
    expect(again.externalId).toBe(first.externalId);
    expect(shopify.refundsOf(order.externalId)).toHaveLength(1);
  });

  it('refuses more than can still be refunded, naming the amount', async () => {
    const order = await paidOrder();
    const err = await shopFailure(adapter.refund(refundRequest(order, 'st-3', 1_000_000)));
    expect(err.kind).toBe('rejected');
    expect(err.details.field).toBe('amount');
    expect(shopify.refundsOf(order.externalId)).toHaveLength(0);
  });

  it('passes Shopify’s userErrors on with their field', async () => {
    const order = await paidOrder();
    const request = refundRequest(order, 'st-4', 100);
    const err = await shopFailure(adapter.refund({ ...request, lines: request.lines.map((l) => ({ ...l, quantity: 5 })) }));
    expect(err.kind).toBe('rejected');
    expect(err.details.field).toBe('refundLineItems.0.quantity');
  });
});

describe('Shopify restock', () => {
  it('adds units to the available stock at the primary location once per reference, and takes them out again', async () => {
    const order = await paidOrder();
    const [shirt] = order.lines;
    if (!shirt) return;
    const item = String(shirt.ref.inventoryItemId);
    const before = shopify.available(item);
    await adapter.restock([{ variantRef: shirt.ref, sku: shirt.sku, quantity: 2 }], null, 'mov-1');
    await adapter.restock([{ variantRef: shirt.ref, sku: shirt.sku, quantity: 2 }], null, 'mov-1');
    expect(shopify.available(item)).toBe(before + 2);
    await adapter.restock([{ variantRef: shirt.ref, sku: shirt.sku, quantity: -1 }], PRIMARY_LOCATION, 'mov-2');
    expect(shopify.available(item)).toBe(before + 1);
    const sent = shopify
      .requests('POST', /graphql/)
      .filter((r) => String((r.body as { query?: string })?.query).includes('inventoryAdjustQuantities'));
    expect(sent.every((r) => /@idempotent\(key: \$key\)/.test(String((r.body as { query: string }).query)))).toBe(true);
    const err = await shopFailure(
      adapter.restock([{ variantRef: shirt.ref, sku: shirt.sku, quantity: 1 }], 'gid://shopify/Location/999', 'mov-3'),
    );
    expect(err.details.field).toBe('input.changes.0.inventoryItemId');
  });

  it('finds the inventory item by SKU when the variant has none stored', async () => {
    const order = await paidOrder();
    const cap = order.lines[1];
    if (!cap) return;
    const item = String(cap.ref.inventoryItemId);
    await adapter.restock([{ variantRef: {}, sku: cap.sku, quantity: 1 }], null);
    expect(shopify.available(item)).toBe(1);
    const err = await shopFailure(adapter.restock([{ variantRef: {}, sku: 'NO-SUCH-SKU', quantity: 1 }], null));
    expect(err.details.field).toBe('items.0.sku');
  });
});

describe('Shopify products', () => {
  it('lists products with options in order, images, category and the inventory item of each variant', async () => {
    const id = shopify.seedProduct({
      title: 'Linen shirt',
      vendor: 'Studio Linnen',
      productType: 'Shirts',
      tags: ['linen'],
      options: ['Colour', 'Size'],
      images: [{ url: 'https://cdn.example.test/shirt.jpg', alt: 'A linen shirt' }],
      variants: [
        {
          sku: 'LS-WHITE-M',
          price: '59.95',
          options: { Size: 'M', Colour: 'White' },
          barcode: '8712345678906',
          imageUrl: 'https://cdn.example.test/white.jpg',
        },
        { sku: 'LS-WHITE-L', price: '59.95', options: { Size: 'L', Colour: 'White' } },
      ],
    });
    const seen = [];
    let cursor: string | null = null;
    do {
      const page = await adapter.listProducts({ cursor });
      seen.push(...page.items);
      cursor = page.next;
    } while (cursor);
    const product = seen.find((p) => p.externalId === id);
    expect(product).toMatchObject({
      title: 'Linen shirt',
      brand: 'Studio Linnen',
      category: { code: 'shirts', name: 'Shirts' },
      tags: ['linen'],
      options: ['Colour', 'Size'],
      images: [{ url: 'https://cdn.example.test/shirt.jpg', alt: 'A linen shirt' }],
    });
    expect(product?.adminUrl).toMatch(/^https:\/\/retour-test\.myshopify\.com\/admin\/products\/\d+$/);
    expect(product?.variants.map((v) => [v.sku, v.ean, v.options, v.priceAmount, v.position, v.imageUrl])).toEqual([
      ['LS-WHITE-M', '8712345678906', { Colour: 'White', Size: 'M' }, 5995, 1, 'https://cdn.example.test/white.jpg'],
      ['LS-WHITE-L', null, { Colour: 'White', Size: 'L' }, 5995, 2, null],
    ]);
    expect(product?.variants[0]?.ref.inventoryItemId).toMatch(/^gid:\/\/shopify\/InventoryItem\//);
  });

  it('lists only products changed since a moment in the catch-up', async () => {
    const since = new Date(Date.now() + 3_600_000);
    const changed = shopify.seedProduct({
      title: 'Changed later',
      options: ['Size'],
      variants: [{ sku: 'CL-S', price: '5.00', options: { Size: 'S' } }],
      updatedAt: new Date(since.getTime() + 1000).toISOString(),
    });
    const page = await adapter.listProducts({ cursor: null, updatedSince: since });
    expect(page.items.map((p) => p.externalId)).toEqual([changed]);
    expect(page.next).toBeNull();
  });
});
