import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlatformRefundRequest, ShopError } from '../../src/app/catalog/connections/port.js';
import { createShopAdapter } from '../../src/integrations/shops/index.js';
import { FakeWooCommerce } from '../support/shops/fakeWooCommerce.js';

async function shopFailure(run: Promise<unknown>): Promise<ShopError> {
  try {
    await run;
  } catch (err) {
    expect(err).toBeInstanceOf(ShopError);
    return err as ShopError;
  }
  throw new Error('expected a ShopError');
}

const shirt = { sku: 'SHIRT-M', name: 'Linen shirt - M', productId: 10, variationId: 11, quantity: 2, unitPrice: 3000 };

describe('WooCommerce adapter against its fake', () => {
  const fake = new FakeWooCommerce();
  const adapter = () => createShopAdapter('woocommerce', fake.credentials());

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('checks the keys with the system status and refuses wrong ones as auth', async () => {
    expect(await adapter().check()).toMatchObject({ shopName: new URL(fake.url).host, scopes: [] });
    const seen = fake.requests('GET', /system_status$/).at(-1);
    expect(seen?.query.get('_fields')).toBe('settings');
    expect(seen?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${fake.consumerKey}:${fake.consumerSecret}`).toString('base64')}`,
    );
    const wrong = createShopAdapter('woocommerce', { ...fake.credentials(), apiSecret: 'cs_wrong' });
    const failure = await shopFailure(wrong.check());
    expect(failure.kind).toBe('auth');
    expect(failure.message).not.toContain(fake.consumerSecret);
  });

  it('maps an order: money strings to minor units, tax rate, line discounts, coupons, shipping and the gateway', async () => {
    const placed = fake.addOrder({
      lines: [{ ...shirt, discount: 600 }],
      coupons: ['SUMMER10'],
      shipping: { title: 'PostNL', amount: 495 },
    });
    const order = await adapter().getOrder(String(placed.id));
    expect(order).toMatchObject({
      externalId: String(placed.id),
      number: String(placed.id),
      currency: 'EUR',
      marketplace: null,
      discountCodes: ['SUMMER10'],
      shippingLines: [{ title: 'PostNL', amount: 495 }],
      shippingAmount: 495,
      payment: { refundable: true, method: 'mollie_wc_gateway_ideal' },
      customer: { email: 'sanne@example.nl', firstName: 'Sanne', lastName: 'de Vries' },
      shippingAddress: { line1: 'Keizersgracht 1', postcode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
    });
    // The GMT date, not the site's (one hour ahead).
    expect(order?.placedAt).toBe(fake.clock.toISOString());
    const line = order?.lines[0];
    expect(line).toMatchObject({
      sku: 'SHIRT-M',
      quantity: 2,
      unitPriceAmount: 3000,
      discountAmount: 600,
      taxRateBp: 2100,
      productExternalId: '10',
      variantExternalId: '11',
      deliveredAt: null,
    });
    expect(line?.ref).toMatchObject({ lineItemId: line?.externalId, taxRateId: '1', taxRateBp: 2100 });
  });

  it('knows an order paid outside a gateway is not refundable there, and an unknown order as none', async () => {
    const unpaid = fake.addOrder({ lines: [shirt], paid: false, paymentMethod: 'cod', status: 'on-hold' });
    expect((await adapter().getOrder(String(unpaid.id)))?.payment.refundable).toBe(false);
    expect(await adapter().getOrder('999999')).toBeNull();
  });

  it('pages through orders by id with the pagination headers, and resumes from a cursor', async () => {
    const before = fake.orders.size;
    for (let i = 0; i < 5; i++) fake.addOrder({ lines: [shirt] });
    const first = await adapter().listOrders({ cursor: null, pageSize: 3 });
    expect(first.total).toBe(before + 5);
    expect(first.items).toHaveLength(3);
    const seen = [...first.items];
    let next = first.next;
    while (next) {
      const page = await adapter().listOrders({ cursor: next, pageSize: 3 });
      seen.push(...page.items);
      next = page.next;
    }
    expect(seen.map((o) => Number(o.externalId))).toEqual([...fake.orders.keys()].sort((a, b) => a - b));
    const asked = fake.requests('GET', /\/orders$/).at(-1);
    expect(asked?.query.get('orderby')).toBe('id');
    expect(asked?.query.get('order')).toBe('asc');
  });

  it('catches up with modified_after in GMT, keeping the filter in the cursor', async () => {
    const since = fake.tick();
    const a = fake.addOrder({ lines: [shirt] });
    const older = [...fake.orders.keys()][0] ?? 0;
    fake.editOrder(older, { status: 'completed' });
    const b = fake.addOrder({ lines: [shirt] });
    const first = await adapter().listOrders({ cursor: null, updatedSince: since, pageSize: 2 });
    expect(first.total).toBe(3);
    const asked = fake.requests('GET', /\/orders$/).at(-1);
    expect(asked?.query.get('dates_are_gmt')).toBe('true');
    expect(asked?.query.get('modified_after')).toBe(since.toISOString().slice(0, 19));
    const second = await adapter().listOrders({ cursor: first.next, pageSize: 2 });
    expect(second.next).toBeNull();
    expect([...first.items, ...second.items].map((o) => Number(o.externalId)).sort((x, y) => x - y)).toEqual(
      [older, Number(a.id), Number(b.id)].sort((x, y) => x - y),
    );
    expect(
      fake
        .requests('GET', /\/orders$/)
        .at(-1)
        ?.query.get('modified_after'),
    ).toBe(since.toISOString().slice(0, 19));
  });

  it('reads variable products with their variations, categories, images and attributes in order', async () => {
    fake.addProduct({
      id: 10,
      name: 'Linen shirt',
      categories: [{ id: 3, name: 'Shirts', slug: 'shirts' }],
      tags: ['linen'],
      images: ['https://cdn.example.nl/shirt.jpg', 'https://cdn.example.nl/shirt-back.jpg'],
      attributes: [
        { name: 'Size', options: ['M', 'L'] },
        { name: 'Colour', options: ['Sand'] },
      ],
      variations: [
        { id: 11, sku: 'SHIRT-M', price: 3000, options: { Size: 'M', Colour: 'Sand' }, image: 'https://cdn.example.nl/m.jpg' },
        { id: 12, sku: 'SHIRT-L', price: 3200, options: { Size: 'L', Colour: 'Sand' } },
      ],
    });
    fake.addProduct({ id: 20, name: 'Gift card', sku: 'GIFT', price: 2500 });
    const page = await adapter().listProducts?.({ cursor: null });
    const shirtProduct = page?.items.find((p) => p.externalId === '10');
    expect(shirtProduct).toMatchObject({
      title: 'Linen shirt',
      handle: 'linen-shirt',
      category: { code: 'shirts', name: 'Shirts' },
      tags: ['linen'],
      options: ['Size', 'Colour'],
      images: [
        { url: 'https://cdn.example.nl/shirt.jpg', alt: 'Linen shirt' },
        { url: 'https://cdn.example.nl/shirt-back.jpg', alt: null },
      ],
    });
    expect(shirtProduct?.adminUrl).toContain('post.php?post=10');
    expect(shirtProduct?.variants.map((v) => [v.sku, v.priceAmount, v.currency, v.options.Size, v.position])).toEqual([
      ['SHIRT-M', 3000, 'EUR', 'M', 0],
      ['SHIRT-L', 3200, 'EUR', 'L', 1],
    ]);
    expect(shirtProduct?.variants[0]?.imageUrl).toBe('https://cdn.example.nl/m.jpg');
    const gift = page?.items.find((p) => p.externalId === '20');
    expect(gift?.variants).toMatchObject([{ externalId: '20', sku: 'GIFT', priceAmount: 2500, options: {} }]);
  });

  it('sends no keys to a site over plain HTTP', async () => {
    const plain = createShopAdapter('woocommerce', { ...fake.credentials(), shop: 'http://shop.example.nl', baseUrl: undefined });
    const before = fake.seen.length;
    expect(await shopFailure(plain.check())).toMatchObject({
      kind: 'rejected',
      code: 'SHOP_HTTPS_REQUIRED',
      details: { field: 'shop' },
    });
    expect(fake.seen.length).toBe(before);
  });

  it('names the field WooCommerce blames in a validation error', async () => {
    const client = createShopAdapter('woocommerce', fake.credentials());
    fake.failNext({
      status: 400,
      body: {
        code: 'rest_invalid_param',
        message: 'Invalid parameter(s): status',
        data: { status: 400, params: { status: 'bad' } },
      },
    });
    const failure = await shopFailure(client.listOrders({ cursor: null }));
    expect(failure).toMatchObject({ kind: 'rejected', code: 'rest_invalid_param', details: { status: 400, field: 'status' } });
  });

  it('treats a 503 and a 429 as transient', async () => {
    fake.failNext({ status: 503, body: { code: 'http_request_failed', message: 'down' } });
    expect((await shopFailure(adapter().getOrder('1'))).kind).toBe('transient');
    fake.failNext({ status: 429, headers: { 'retry-after': '3' } });
    const throttled = await shopFailure(adapter().listOrders({ cursor: null }));
    expect(throttled).toMatchObject({ kind: 'transient', details: { retryAfterMs: 3000 } });
  });
});

describe('WooCommerce refunds against its fake', () => {
  const fake = new FakeWooCommerce();
  const adapter = () => createShopAdapter('woocommerce', fake.credentials());
  let seq = 0;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  function request(orderId: unknown, overrides: Partial<PlatformRefundRequest> = {}): PlatformRefundRequest {
    seq++;
    return {
      orderExternalId: String(orderId),
      amount: 3000,
      currency: 'EUR',
      idempotencyKey: `retour-stl_${seq}`,
      settlementId: `stl_${seq}`,
      returnNumber: `R-${100 + seq}`,
      lines: [],
      note: 'Refund for return',
      ...overrides,
    };
  }

  it('refunds through the gateway without restocking, carrying the settlement, and lists it back', async () => {
    const order = fake.addOrder({ lines: [shirt] });
    const line = (await adapter().getOrder(String(order.id)))?.lines[0];
    const req = request(order.id, {
      lines: [{ lineExternalId: line?.externalId ?? '', lineRef: line?.ref ?? {}, quantity: 1, amount: 3000 }],
    });
    const refund = await adapter().refund?.(req);
    expect(refund).toMatchObject({ status: 'succeeded', amount: 3000, currency: 'EUR', settlementId: req.settlementId });
    const sent = fake.requests('POST', /\/refunds$/).at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ amount: '30.00', api_refund: true, api_restock: false });
    expect(String(sent.reason)).toContain(req.returnNumber);
    expect(sent.line_items).toEqual([
      { id: Number(line?.externalId), quantity: 1, refund_total: '24.79', refund_tax: [{ id: 1, refund_total: '5.21' }] },
    ]);
    expect(fake.gatewayRefunds).toHaveLength(1);
    expect(fake.restocked).toEqual([]);
    expect(await adapter().listRefunds?.(String(order.id))).toEqual([refund]);
  });

  it('answers a second ask for the same key with the first refund', async () => {
    const order = fake.addOrder({ lines: [shirt] });
    const req = request(order.id, { amount: 1000 });
    const first = await adapter().refund?.(req);
    const again = await adapter().refund?.(req);
    expect(again?.externalId).toBe(first?.externalId);
    expect(fake.refunds.get(Number(order.id))).toHaveLength(1);
  });

  it('finds a refund whose answer was lost instead of making another', async () => {
    const order = fake.addOrder({ lines: [shirt] });
    fake.dropRefundAnswers = 1;
    const req = request(order.id, { amount: 1500 });
    expect((await shopFailure(Promise.resolve(adapter().refund?.(req)))).kind).toBe('transient');
    expect(fake.refunds.get(Number(order.id))).toHaveLength(1);
    const found = (await adapter().listRefunds?.(String(order.id)))?.find((r) => r.settlementId === req.settlementId);
    expect(found?.amount).toBe(1500);
    expect((await adapter().refund?.(req))?.externalId).toBe(found?.externalId);
    expect(fake.refunds.get(Number(order.id))).toHaveLength(1);
  });

  it('reports a failed gateway refund as a refusal with WooCommerce code, storing nothing', async () => {
    const order = fake.addOrder({ lines: [shirt] });
    fake.gatewayFails = true;
    try {
      const failure = await shopFailure(Promise.resolve(adapter().refund?.(request(order.id))));
      expect(failure).toMatchObject({
        kind: 'rejected',
        code: 'woocommerce_rest_cannot_create_order_refund',
        details: { status: 500 },
      });
    } finally {
      fake.gatewayFails = false;
    }
    expect(fake.refunds.get(Number(order.id))).toEqual([]);
  });

  it('refuses more than is left on the order', async () => {
    const order = fake.addOrder({ lines: [shirt] });
    const failure = await shopFailure(Promise.resolve(adapter().refund?.(request(order.id, { amount: 999_999 }))));
    expect(failure).toMatchObject({ kind: 'rejected', code: 'woocommerce_rest_cannot_create_order_refund' });
  });

  it('the fake computes the amount from line items and restocks by default, as WooCommerce does', async () => {
    const order = fake.addOrder({ lines: [shirt] });
    const lineId = (order.line_items as { id: number }[])[0]?.id;
    const res = await fetch(`${fake.url}/wp-json/wc/v3/orders/${order.id}/refunds`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.consumerKey}:${fake.consumerSecret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        line_items: [{ id: lineId, quantity: 1, refund_total: 24.79, refund_tax: [{ id: 1, refund_total: 5.21 }] }],
      }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { amount: string }).amount).toBe('30.00');
    expect(fake.restocked).toContainEqual({ orderId: order.id, lineItemId: lineId, quantity: 1 });
  });
});
