import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopError, type ShopWebhookRequest } from '../../src/app/catalog/connections/port.js';
import { ShopifyShop } from '../../src/integrations/shops/shopify/adapter.js';
import { FakeShopify } from '../support/shops/fakeShopify.js';
import { returnPayload } from '../support/shops/fakeShopifyPayloads.js';

let shopify: FakeShopify;
let adapter: ShopifyShop;

beforeAll(async () => {
  shopify = await new FakeShopify().start();
  adapter = new ShopifyShop(shopify.credentials());
});
afterAll(() => shopify.stop());

function refused(run: () => unknown): ShopError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ShopError);
    return err as ShopError;
  }
  throw new Error('expected a ShopError');
}

describe('Shopify webhooks', () => {
  it('reads a signed orders/create with the whole order in it', () => {
    const id = shopify.seedOrder({
      lines: [{ sku: 'SHIRT-M', quantity: 2, price: '49.95', discount: '9.99' }],
      shipping: [{ title: 'PostNL', price: '4.95' }],
      discountCodes: ['WELCOME10'],
      tags: ['vip'],
    });
    shopify.order(id).fulfillments = [];
    const request = shopify.webhookRequest('orders/create', shopify.orderPayload(id), { webhookId: 'delivery-1' });
    const event = adapter.parseWebhook(request, '');
    expect(event).toMatchObject({
      deliveryId: 'delivery-1',
      topic: 'orders/create',
      resource: 'order',
      action: 'created',
      externalId: id,
    });
    expect(event.order?.externalId).toBe(id);
    expect(event.order?.lines[0]).toMatchObject({
      sku: 'SHIRT-M',
      quantity: 2,
      unitPriceAmount: 4995,
      discountAmount: 999,
      taxRateBp: 2100,
    });
    expect(event.order?.shippingAmount).toBe(495);
    expect(event.order?.discountCodes).toEqual(['WELCOME10']);
    expect(event.order?.payment).toEqual({ refundable: true, method: 'shopify_payments' });
    expect(event.order?.tags).toEqual(['vip']);
  });

  it('leaves a fulfilled order to be fetched: its payload lacks the fulfilment line items and delivery', () => {
    const id = shopify.seedOrder({ lines: [{ sku: 'A', quantity: 1, price: '10.00' }] });
    const event = adapter.parseWebhook(shopify.webhookRequest('orders/updated', shopify.orderPayload(id)), '');
    expect(event).toMatchObject({ resource: 'order', action: 'updated', externalId: id, order: null });
  });

  it('refuses a wrong signature, a body changed after signing and a missing one, as auth', () => {
    const id = shopify.seedOrder({ lines: [{ sku: 'A', quantity: 1, price: '10.00' }] });
    const wrongKey = shopify.webhookRequest('orders/updated', shopify.orderPayload(id), { secret: 'another-secret' });
    expect(refused(() => adapter.parseWebhook(wrongKey, '')).kind).toBe('auth');
    const good = shopify.webhookRequest('orders/updated', shopify.orderPayload(id));
    const tampered: ShopWebhookRequest = { ...good, rawBody: good.rawBody.replace('"quantity":1', '"quantity":9') };
    expect(refused(() => adapter.parseWebhook(tampered, '')).kind).toBe('auth');
    const unsigned: ShopWebhookRequest = { ...good, headers: { ...good.headers, 'x-shopify-hmac-sha256': undefined } };
    expect(refused(() => adapter.parseWebhook(unsigned, '')).code).toBe('SHOP_BAD_SIGNATURE');
    const noSecret = new ShopifyShop(shopify.credentials({ webhookSecret: undefined }));
    expect(refused(() => noSecret.parseWebhook(good, '')).kind).toBe('auth');
  });

  it('reads returns, products and refunds topics by their GraphQL ids', async () => {
    const orderId = shopify.seedOrder({ lines: [{ sku: 'R', quantity: 1, price: '10.00' }] });
    const productId = shopify.seedProduct({
      title: 'Tee',
      options: ['Size'],
      variants: [{ sku: 'TEE-S', price: '10.00', options: { Size: 'S' } }],
    });
    const order = shopify.order(orderId);
    const [fulfillment] = order.fulfillments as Record<string, unknown>[];
    const fli = (fulfillment?.fulfillmentLineItems as Record<string, unknown>[] | undefined)?.[0];
    const ret = {
      id: 'gid://shopify/Return/77',
      name: '#1-R1',
      status: 'REQUESTED',
      order: { id: orderId },
      returnLineItems: [{ id: 'gid://shopify/ReturnLineItem/5', quantity: 1, returnReasonNote: '', fulfillmentLineItem: fli }],
    };
    const returned = adapter.parseWebhook(shopify.webhookRequest('returns/request', returnPayload(ret)), '');
    expect(returned).toMatchObject({ resource: 'return', action: 'updated', externalId: 'gid://shopify/Return/77', order: null });
    const product = adapter.parseWebhook(
      shopify.webhookRequest('products/update', { id: Number(productId.split('/').pop()), admin_graphql_api_id: productId }),
      '',
    );
    expect(product).toMatchObject({ resource: 'product', action: 'updated', externalId: productId });
    const refund = adapter.parseWebhook(
      shopify.webhookRequest('refunds/create', { id: 9, order_id: Number(orderId.split('/').pop()) }),
      '',
    );
    expect(refund).toMatchObject({ resource: 'order', action: 'created', externalId: orderId });
  });

  it('sends deliveries over HTTP with all of Shopify’s headers', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const id = shopify.seedOrder({ lines: [{ sku: 'H', quantity: 1, price: '1.00' }] });
      const sent = await shopify.sendWebhook(url, 'orders/updated', shopify.orderPayload(id));
      expect(sent.status).toBe(200);
      const [delivery] = received;
      expect(delivery?.headers['x-shopify-webhook-id']).toBe(sent.webhookId);
      for (const header of [
        'x-shopify-topic',
        'x-shopify-hmac-sha256',
        'x-shopify-shop-domain',
        'x-shopify-api-version',
        'x-shopify-event-id',
        'x-shopify-triggered-at',
      ])
        expect(delivery?.headers[header]).toBeTruthy();
      const headers = Object.fromEntries(Object.entries(delivery?.headers ?? {}).map(([k, v]) => [k, String(v)]));
      const event = adapter.parseWebhook({ headers, rawBody: delivery?.body ?? '', query: {} }, '');
      expect(event.externalId).toBe(id);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('counts a delivery not answered within 5 seconds as failed, as Shopify does', async () => {
    const held: ServerResponse[] = [];
    const server = createServer((_req, res) => {
      held.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const id = shopify.seedOrder({ lines: [{ sku: 'SLOW', quantity: 1, price: '1.00' }] });
      const sent = await shopify.sendWebhook(url, 'orders/updated', shopify.orderPayload(id));
      expect(sent).toMatchObject({ status: 0, timedOut: true });
    } finally {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
