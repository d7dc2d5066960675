import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ShopError, type ShopWebhookRequest } from '../../src/app/catalog/connections/port.js';
import { createShopAdapter } from '../../src/integrations/shops/index.js';
import { FakeChannelEngine, fakeLine } from '../support/shops/fakeChannelEngine.js';

async function shopFailure(run: Promise<unknown>): Promise<ShopError> {
  try {
    await run;
  } catch (err) {
    expect(err).toBeInstanceOf(ShopError);
    return err as ShopError;
  }
  throw new Error('expected a ShopError');
}

const call = (query: Record<string, string>, rawBody = ''): ShopWebhookRequest => ({ headers: {}, rawBody, query });

describe('ChannelEngine adapter against its fake', () => {
  const fake = new FakeChannelEngine();
  const adapter = () => createShopAdapter('channelengine', fake.credentials());

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.orders.clear();
    fake.returns.clear();
    fake.failures.length = 0;
    fake.seen.length = 0;
    fake.rateLimit = 1000;
    fake.resetRateLimit();
  });

  it('checks the key in the X-CE-KEY header, never in the URL', async () => {
    expect(await adapter().check()).toEqual({ shopName: 'Retour Test BV', scopes: [] });
    expect(fake.seen.every((r) => r.headers['x-ce-key'] === fake.apiKey && !r.query.has('apikey'))).toBe(true);
    const refused = await shopFailure(createShopAdapter('channelengine', fake.credentials({ apiKey: 'wrong' })).check());
    expect(refused.kind).toBe('auth');
    expect(refused.message).not.toContain('wrong');
  });

  it('maps an order: channel number, marketplace, prices incl. VAT, discounts, VAT rate, shipping, not refundable', async () => {
    fake.addOrder(1, {
      lines: [fakeLine('SHIRT-M', 1, 24.95), fakeLine('SOCKS', 2, 10, 2), fakeLine('SHIRT-M', 1, 24.95)],
    });
    const order = await adapter().getOrder('M-1');
    expect(order).toMatchObject({
      externalId: 'M-1',
      number: 'BOL-1000001',
      marketplace: 'bol.com',
      currency: 'EUR',
      cancelledAt: null,
      shippingAmount: 495,
      shippingLines: [{ title: 'Shipping', amount: 495 }],
      payment: { refundable: false, method: 'bol.com' },
      customer: { email: 'buyer-1@marketplace.example', firstName: 'Anna', lastName: 'de Vries' },
      shippingAddress: { name: 'Anna de Vries', line1: 'Keizersgracht 12a', postcode: '1015 CS', country: 'NL' },
    });
    expect(order?.lines.map((l) => l.externalId)).toEqual(['SHIRT-M', 'SOCKS', 'SHIRT-M#2']);
    expect(order?.lines[1]).toMatchObject({
      sku: 'SOCKS',
      quantity: 2,
      unitPriceAmount: 1000,
      discountAmount: 200,
      taxRateBp: 2100,
      ref: { merchantProductNo: 'SOCKS', channelProductNo: 'CH-SOCKS' },
    });
    expect(await adapter().getOrder('M-404')).toBeNull();
  });

  it('lists orders page by page with totalCount, from an updated-at moment, without AWAITING_PAYMENT', async () => {
    for (let id = 1; id <= 7; id++) fake.addOrder(id);
    fake.addOrder(8, { status: 'AWAITING_PAYMENT' });
    const numbers: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await adapter().listOrders({ cursor });
      expect(page.total).toBe(7);
      numbers.push(...page.items.map((o) => o.externalId));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(numbers).toEqual(['M-1', 'M-2', 'M-3', 'M-4', 'M-5', 'M-6', 'M-7']);

    const since = new Date();
    const changed = fake.orders.get(3);
    if (changed) changed.updatedAt = new Date(since.getTime() + 1000).toISOString();
    const catchUp = await adapter().listOrders({ cursor: null, updatedSince: since });
    expect(catchUp.items.map((o) => o.externalId)).toEqual(['M-3']);
    expect(
      fake
        .requests('GET', /\/v2\/orders$/)
        .at(-1)
        ?.query.get('fromUpdatedAtDate'),
    ).toBe(since.toISOString());
  });

  it('acknowledges NEW orders only when asked, with their number, and lists them then', async () => {
    fake.addOrder(1);
    fake.addOrder(2, { status: 'NEW', merchantOrderNo: null, acknowledgedDate: null });
    const without = await adapter().listOrders({ cursor: null });
    expect(without.items.map((o) => o.externalId)).toEqual(['M-1']);
    expect(fake.requests('POST', /acknowledge/)).toHaveLength(0);

    const withAck = await adapter().listOrders({ cursor: null, acknowledgeNew: true });
    expect(withAck.items.map((o) => o.externalId)).toEqual(['M-1', 'CE-2']);
    expect(fake.requests('POST', /\/v2\/orders\/acknowledge$/).map((r) => r.body)).toEqual([
      { merchantOrderNo: 'CE-2', orderId: 2 },
    ]);
    expect(fake.orders.get(2)?.status).toBe('IN_PROGRESS');
  });

  it('reads refusals, throttling and outages into ShopErrors', async () => {
    fake.addOrder(1);
    fake.rateLimit = 0;
    const throttled = await shopFailure(adapter().listOrders({ cursor: null }));
    expect(throttled).toMatchObject({ kind: 'transient', details: { status: 429, retryAfterMs: 2000 } });
    fake.rateLimit = 1000;
    fake.failNext({ status: 503 });
    expect((await shopFailure(adapter().check())).kind).toBe('transient');
    const refused = await shopFailure(
      adapter().createReturn?.({
        returnNumber: 'R-1',
        orderExternalId: 'M-404',
        lines: [{ lineExternalId: 'X', lineRef: {}, sku: 'X', quantity: 1, reason: 'OTHER', note: null }],
        shippingFee: 0,
        currency: 'EUR',
      }) ?? Promise.resolve(),
    );
    expect(refused).toMatchObject({ kind: 'rejected', details: { field: 'merchantOrderNo' } });
    // success: false with a 200 is a refusal too.
    fake.failNext({ status: 200, body: { success: false, message: 'Nope', validationErrors: { x: ['bad'] } } });
    expect(await shopFailure(adapter().check())).toMatchObject({ kind: 'rejected', details: { field: 'x' } });
  });

  it('lists channel returns not acknowledged, acknowledges them with Retour number, and catches up by date', async () => {
    fake.addOrder(1);
    const announced = fake.announceReturn('M-1', [{ merchantProductNo: 'SKU-1-A', quantity: 1 }], 'PRODUCT_DEFECT', 'Broken');
    const page = await adapter().listMarketplaceReturns?.({ cursor: null });
    expect(page?.items).toEqual([
      {
        externalId: String(announced.id),
        orderExternalId: 'M-1',
        marketplace: 'Bol.com',
        reason: 'PRODUCT_DEFECT',
        customerComment: 'Broken',
        status: 'IN_PROGRESS',
        createdAt: announced.createdAt,
        lines: [{ sku: 'SKU-1-A', lineExternalId: 'SKU-1-A', quantity: 1 }],
      },
    ]);
    await adapter().acknowledgeMarketplaceReturn?.(String(announced.id), 'RET-1001');
    expect(fake.returns.get(announced.id)).toMatchObject({ merchantReturnNo: 'RET-1001' });
    expect((await adapter().listMarketplaceReturns?.({ cursor: null }))?.items).toEqual([]);
    const catchUp = await adapter().listMarketplaceReturns?.({ cursor: null, updatedSince: new Date(Date.now() - 60_000) });
    expect(catchUp?.items.map((r) => r.externalId)).toEqual([String(announced.id)]);
  });

  it('registers a Retour return once, finds it again by number, and reports accepted and rejected units', async () => {
    fake.addOrder(1);
    const request = {
      returnNumber: 'RET-2001',
      orderExternalId: 'M-1',
      lines: [
        {
          lineExternalId: 'SKU-1-B',
          lineRef: { merchantProductNo: 'SKU-1-B' },
          sku: 'SKU-1-B',
          quantity: 2,
          reason: 'WRONG_SIZE',
          note: 'Too tight',
        },
      ],
      shippingFee: 0,
      currency: 'EUR',
    };
    const made = await adapter().createReturn?.(request);
    expect(made?.status).toBe('IN_PROGRESS');
    expect(fake.requests('POST', /\/v2\/returns\/merchant$/)[0]?.body).toMatchObject({
      merchantOrderNo: 'M-1',
      merchantReturnNo: 'RET-2001',
      lines: [{ merchantProductNo: 'SKU-1-B', quantity: 2 }],
      reason: 'WRONG_SIZE',
      customerComment: 'Too tight',
    });
    expect(await adapter().findReturn?.('M-1', 'RET-2001')).toEqual(made);
    expect(await adapter().findReturn?.('M-1', 'RET-404')).toBeNull();
    const again = await shopFailure(adapter().createReturn?.(request) ?? Promise.resolve());
    expect(again).toMatchObject({ kind: 'rejected', details: { field: 'merchantReturnNo' } });

    await adapter().reportReceipt?.(made?.externalId ?? '', [
      { lineExternalId: 'SKU-1-B', sku: 'SKU-1-B', accepted: 1, rejected: 1, restocked: true },
    ]);
    expect(fake.returns.get(Number(made?.externalId))).toMatchObject({
      status: 'RECEIVED',
      lines: [{ merchantProductNo: 'SKU-1-B', acceptedQuantity: 1, rejectedQuantity: 1 }],
    });
  });

  it('reads webhook calls from the query: resource, moment, a delivery id that collapses repeats', async () => {
    const a = adapter();
    const event = a.parseWebhook(call({ type: 'RETURNS_CHANGE', tenant: fake.tenant, updatedSince: '1640172185' }), 'tok');
    expect(event).toEqual({
      deliveryId: 'RETURNS_CHANGE:1640172185',
      topic: 'RETURNS_CHANGE',
      resource: 'return',
      action: 'updated',
      externalId: null,
      order: null,
      changedSince: '2021-12-22T11:23:05.000Z',
    });
    const orders = a.parseWebhook(call({ type: 'orders', tenant: fake.tenant, updatedSince: '1640172185' }), 'tok');
    expect(orders).toMatchObject({ resource: 'order', deliveryId: 'orders:1640172185' });
    // A POST carrying the fields in its body reads the same.
    const posted = a.parseWebhook(call({}, JSON.stringify({ type: 'ORDERS_CREATE', updatedSince: 1640172185 })), 'tok');
    expect(posted).toMatchObject({ resource: 'order', action: 'created' });
    expect(a.parseWebhook(call({ type: 'PRODUCTS_CHANGE' }), 'tok').resource).toBe('other');
  });

  it('refuses a webhook call with another token or tenant', async () => {
    const a = adapter();
    expect(() => a.parseWebhook(call({ type: 'orders', token: 'other' }), 'tok')).toThrow(ShopError);
    expect(() => a.parseWebhook(call({ type: 'orders', tenant: 'someone-else' }), 'tok')).toThrow(/another/);
    expect(a.parseWebhook(call({ type: 'orders', token: 'tok' }), 'tok').resource).toBe('order');
  });

  it('calls a webhook URL as ChannelEngine does', async () => {
    const listener = new FakeChannelEngine();
    await listener.start();
    try {
      listener.route('POST', '/hooks/abc', () => ({ status: 200, body: {} }));
      listener.authenticate = () => null;
      const res = await fake.callWebhook(`${listener.url}/hooks/abc`, 'ORDERS_CHANGE', 1700000000);
      expect(res.status).toBe(200);
      const seen = listener.requests('POST', /\/hooks\/abc/)[0];
      expect(Object.fromEntries(seen?.query ?? [])).toEqual({
        type: 'ORDERS_CHANGE',
        tenant: fake.tenant,
        updatedSince: '1700000000',
      });
    } finally {
      await listener.stop();
    }
  });
});
