import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopError, type ShopWebhookEvent, type ShopWebhookRequest } from '../../src/app/catalog/connections/port.js';
import { createShopAdapter } from '../../src/integrations/shops/index.js';
import { signWooBody } from '../../src/integrations/shops/woocommerce/webhook.js';
import { FakeWooCommerce } from '../support/shops/fakeWooCommerce.js';

function refused(run: () => unknown): ShopError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ShopError);
    return err as ShopError;
  }
  throw new Error('expected a ShopError');
}

/** A delivery endpoint that hands each request to the adapter and answers as a route would. */
class Receiver {
  private server: Server | null = null;
  readonly events: ShopWebhookEvent[] = [];
  readonly rejected: string[] = [];
  /** Answer every delivery with this status instead (the site is down). */
  failWith: number | null = null;

  constructor(private readonly parse: (req: ShopWebhookRequest) => ShopWebhookEvent) {}

  async start(): Promise<string> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (this.failWith) {
        res.writeHead(this.failWith).end();
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      try {
        this.events.push(this.parse({ headers, rawBody: Buffer.concat(chunks).toString('utf8'), query: {} }));
        res.writeHead(200).end();
      } catch (err) {
        this.rejected.push((err as Error).message);
        res.writeHead(401).end();
      }
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/woo`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('WooCommerce webhooks', () => {
  const fake = new FakeWooCommerce();
  const adapter = () => createShopAdapter('woocommerce', fake.credentials());
  const receiver = new Receiver((req) => adapter().parseWebhook(req, ''));
  let deliveryUrl = '';

  beforeAll(async () => {
    await fake.start();
    deliveryUrl = await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await fake.stop();
  });

  it('answers the ping WooCommerce sends when the webhook is saved, and reads signed order deliveries', async () => {
    const webhook = await fake.createWebhook('order.updated', deliveryUrl);
    expect(receiver.events.at(-1)).toMatchObject({ resource: 'ping', topic: 'ping', order: null });
    const order = fake.addOrder({ lines: [{ sku: 'SHIRT-M', quantity: 1, unitPrice: 3000 }] });
    const [delivery] = await fake.emit('order.updated', order);
    expect(delivery?.status).toBe(200);
    const event = receiver.events.at(-1);
    expect(event).toMatchObject({
      deliveryId: delivery?.deliveryId,
      topic: 'order.updated',
      resource: 'order',
      action: 'updated',
      externalId: String(order.id),
    });
    expect(event?.order?.lines[0]).toMatchObject({ sku: 'SHIRT-M', unitPriceAmount: 3000, taxRateBp: 2100 });
    expect(webhook.failureCount).toBe(0);
  });

  it('refuses a delivery whose body or secret does not match its signature', () => {
    const order = fake.addOrder({ lines: [{ sku: 'SHIRT-M', quantity: 1, unitPrice: 3000 }] });
    const { headers, rawBody } = fake.delivery({ id: 1, topic: 'order.created', secret: fake.webhookSecret }, order);
    const tampered = rawBody.replace('"SHIRT-M"', '"SHIRT-L"');
    expect(refused(() => adapter().parseWebhook({ headers, rawBody: tampered, query: {} }, ''))).toMatchObject({
      kind: 'auth',
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    const other = fake.delivery({ id: 1, topic: 'order.created', secret: 'another-secret' }, order);
    expect(refused(() => adapter().parseWebhook({ ...other, query: {} }, '')).kind).toBe('auth');
    const { 'x-wc-webhook-signature': _, ...unsigned } = headers;
    expect(refused(() => adapter().parseWebhook({ headers: unsigned, rawBody, query: {} }, '')).kind).toBe('auth');
    const noSecret = createShopAdapter('woocommerce', { ...fake.credentials(), webhookSecret: undefined });
    expect(refused(() => noSecret.parseWebhook({ headers, rawBody, query: {} }, '')).kind).toBe('auth');
    expect(adapter().parseWebhook({ headers, rawBody, query: {} }, '').order?.externalId).toBe(String(order.id));
  });

  it('refuses a ping signed with a wrong secret, and a body that only looks like a ping', () => {
    const rawBody = 'webhook_id=42';
    const bad = { 'x-wc-webhook-signature': signWooBody(rawBody, 'wrong') };
    expect(refused(() => adapter().parseWebhook({ headers: bad, rawBody, query: {} }, '')).kind).toBe('auth');
    const good = { 'x-wc-webhook-signature': signWooBody(rawBody, fake.webhookSecret) };
    expect(adapter().parseWebhook({ headers: good, rawBody, query: {} }, '').resource).toBe('ping');
    const smuggled = 'webhook_id=42&status=refunded';
    expect(refused(() => adapter().parseWebhook({ headers: {}, rawBody: smuggled, query: {} }, '')).kind).toBe('auth');
  });

  it('reads order.deleted, which carries only the id', () => {
    const { headers, rawBody } = fake.delivery({ id: 1, topic: 'order.deleted', secret: fake.webhookSecret }, { id: 4711 });
    expect(adapter().parseWebhook({ headers, rawBody, query: {} }, '')).toMatchObject({
      resource: 'order',
      action: 'deleted',
      externalId: '4711',
      order: null,
    });
  });

  it('the fake disables a webhook after more than five failures in a row, as WooCommerce does', async () => {
    const webhook = await fake.createWebhook('order.created', deliveryUrl);
    const order = fake.addOrder({ lines: [{ sku: 'SHIRT-M', quantity: 1, unitPrice: 3000 }] });
    receiver.failWith = 500;
    try {
      for (let i = 0; i < 5; i++) await fake.emit('order.created', order);
      expect(webhook).toMatchObject({ status: 'active', failureCount: 5 });
      await fake.emit('order.created', order);
      expect(webhook.status).toBe('disabled');
      expect(await fake.emit('order.created', order)).toEqual([]);
    } finally {
      receiver.failWith = null;
    }
  });
});
