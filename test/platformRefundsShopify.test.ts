import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertShopOrders } from '../src/app/catalog/sync/upsertShopOrders.js';
import { ShopifyShop } from '../src/integrations/shops/shopify/adapter.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue, seedStaff } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeShopify } from './support/shops/fakeShopify.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Connection = Awaited<ReturnType<typeof storeShopConnection>>;

describe.each(DB_KINDS)('refunds through Shopify for orders paid there (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let connection: Connection;
  let shopify: FakeShopify;

  beforeAll(async () => {
    shopify = await new FakeShopify().start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shopify-refund-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    admin = await t.login('admin');
    agent = await t.login('agent');
    connection = await storeShopConnection(t.ctx, { platform: 'shopify', credentials: shopify.credentials() });
  });
  afterAll(async () => {
    await t?.close();
    await shopify?.stop();
  });

  const post = (url: string, payload: object | undefined, staff: StaffClient = agent) =>
    t.request({ method: 'POST', url, staff, payload });
  const get = (url: string, staff: StaffClient = agent) => t.request({ method: 'GET', url, staff });
  const refundCalls = () =>
    shopify.requests('POST', /graphql/).filter((r) => String((r.body as { query?: string })?.query).includes('refundCreate'));

  /** An order paid through Shopify Payments, synced into Retour as the sync does, delivered three days ago. */
  async function shopifyOrder(presentment?: { currency: string; rate: number }) {
    const id = shopify.seedOrder({
      presentment,
      lines: [
        { sku: 'TEE-M', quantity: 2, price: '20.00' },
        { sku: 'JACKET', quantity: 1, price: '90.00' },
      ],
      shipping: [{ title: 'PostNL', price: '4.95' }],
      createdAt: new Date(t.clock.now.getTime() - 5 * DAY).toISOString(),
    });
    const order = await new ShopifyShop(shopify.credentials()).getOrder(id);
    if (!order) throw new Error('the fake lost its order');
    const result = await upsertShopOrders(t.ctx, connection, [order]);
    expect(result.imported, JSON.stringify(result.rejected)).toBe(1);
    const row = await t.ctx.db
      .selectFrom('orders')
      .select(['id', 'payment_provider', 'payment_reference'])
      .where('connection_id', '=', connection.id)
      .where('external_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ payment_provider: 'shopify', payment_reference: `${connection.id}:${id}` });
    await t.ctx.db
      .updateTable('order_lines')
      .set({ delivered_at: new Date(t.clock.now.getTime() - 3 * DAY) })
      .where('order_id', '=', row.id)
      .execute();
    const lines = await t.ctx.db.selectFrom('order_lines').select(['id', 'sku']).where('order_id', '=', row.id).execute();
    return { id: row.id, shopifyId: id, lineBySku: Object.fromEntries(lines.map((l) => [l.sku, l.id])) };
  }

  async function approvedReturn(order: Awaited<ReturnType<typeof shopifyOrder>>, sku = 'TEE-M') {
    const res = await post('/api/v1/returns', {
      orderId: order.id,
      method: 'qr',
      lines: [{ orderLineId: order.lineBySku[sku], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as { returnId: string; status: string };
    if (created.status !== 'approved') {
      const detail = (await get(`/api/v1/returns/${created.returnId}`)).json();
      const approve = await post(`/api/v1/returns/${created.returnId}/approve`, {
        lines: detail.lines.map((l: { id: string }) => ({ returnLineId: l.id })),
      });
      expect(approve.statusCode, approve.body).toBe(200);
    }
    return created.returnId;
  }

  it("refunds through Shopify with the settlement's idempotency key, recording Shopify's refund id", async () => {
    const order = await shopifyOrder();
    const returnId = await approvedReturn(order);
    const res = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(res.statusCode, res.body).toBe(200);
    const [s] = res.json().settlements;
    expect(s).toMatchObject({ kind: 'refund', provider: 'shopify', status: 'succeeded' });
    const refunds = shopify.refundsOf(order.shopifyId);
    expect(refunds).toHaveLength(1);
    expect(s.providerRefundId).toBe(refunds[0]?.id);
    const sent = refundCalls().at(-1)?.body as { variables?: Record<string, unknown> };
    expect(JSON.stringify(sent.variables)).toContain(`retour-${s.id}`);
  });

  it('makes one Shopify refund when 100 settle requests for one return arrive at once', async () => {
    const order = await shopifyOrder();
    const returnId = await approvedReturn(order, 'JACKET');
    const answers = await Promise.all(Array.from({ length: 100 }, () => post(`/api/v1/returns/${returnId}/settle`, {})));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    expect(answers.filter((a) => a.json().started.length > 0)).toHaveLength(1);
    expect(shopify.refundsOf(order.shopifyId)).toHaveLength(1);
    const rows = await t.ctx.db.selectFrom('settlements').selectAll().where('return_id', '=', returnId).execute();
    expect(rows).toMatchObject([{ status: 'succeeded', provider_refund_id: shopify.refundsOf(order.shopifyId)[0]?.id }]);
  });

  it('reconciles a refund Shopify made whose answer never came back, without a second one', async () => {
    const order = await shopifyOrder();
    const returnId = await approvedReturn(order);
    // Shopify is unreachable for the settle: the settlement waits.
    shopify.failNext({ status: 503, body: { errors: 'Service Unavailable' } }, 5);
    const [pending] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    shopify.failures.length = 0;
    expect(pending).toMatchObject({ status: 'pending', provider: 'shopify' });
    // What a lost answer leaves behind: the refund made at Shopify for this settlement, unknown to Retour.
    const row = await t.ctx.db.selectFrom('settlements').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow();
    const made = await new ShopifyShop(shopify.credentials()).refund({
      orderExternalId: order.shopifyId,
      amount: row.amount,
      currency: row.currency,
      idempotencyKey: row.idempotency_key ?? '',
      settlementId: row.id,
      returnNumber: 'R-lost',
      lines: [],
      note: 'Refund for a return',
    });
    expect(shopify.refundsOf(order.shopifyId)).toHaveLength(1);
    t.clock.advance(2 * 60_000);
    const report = await post('/api/v1/settlements/reconcile', {}, admin);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ succeeded: 1 });
    expect(shopify.refundsOf(order.shopifyId)).toHaveLength(1);
    const [done] = (await get(`/api/v1/returns/${returnId}/settlements`)).json().items;
    expect(done).toMatchObject({ status: 'succeeded', providerRefundId: made.externalId });
  });

  it("refunds an order the shopper paid in another currency than the shop's in that currency", async () => {
    const order = await shopifyOrder({ currency: 'USD', rate: 1.1 });
    const synced = await t.ctx.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select(['orders.currency', 'order_lines.unit_price_amount'])
      .where('order_lines.id', '=', order.lineBySku['TEE-M'] ?? '')
      .executeTakeFirstOrThrow();
    expect(synced).toMatchObject({ currency: 'USD', unit_price_amount: 2200 });
    const returnId = await approvedReturn(order);
    const [s] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    expect(s).toMatchObject({ provider: 'shopify', status: 'succeeded', currency: 'USD' });
    const sent = refundCalls().at(-1)?.body as { variables: { input: { currency: string; transactions: { amount: string }[] } } };
    expect(sent.variables.input.currency).toBe('USD');
    expect(sent.variables.input.transactions.map((x) => x.amount)).toEqual([(s.amount / 100).toFixed(2)]);
    const total = shopify.refundsOf(order.shopifyId)[0]?.totalRefundedSet as { presentmentMoney: { currencyCode: string } };
    expect(total.presentmentMoney.currencyCode).toBe('USD');
  });

  it('leaves out what was refunded in the Shopify admin: those units cannot be returned and refunded again', async () => {
    const order = await shopifyOrder();
    const fake = shopify.order(order.shopifyId);
    const tee = (fake.lineItems as { id: string; sku: string }[]).find((l) => l.sku === 'TEE-M');
    const sale = (fake.transactions as { id: string; kind: string }[]).find((x) => x.kind === 'SALE');
    // Staff refund one of the two tees in Shopify's admin: no Retour settlement in its note.
    const made = (shopify.mutations.refundCreate as (...a: unknown[]) => { userErrors: unknown[] })(
      {
        input: {
          orderId: order.shopifyId,
          note: 'Refunded in the admin: damaged',
          refundLineItems: [{ lineItemId: tee?.id, quantity: 1, restockType: 'NO_RESTOCK' }],
          transactions: [
            { orderId: order.shopifyId, parentId: sale?.id, kind: 'REFUND', gateway: 'shopify_payments', amount: '20.00' },
          ],
        },
      },
      {},
      { idempotent: { key: `admin-${order.shopifyId}` } },
    );
    expect(made.userErrors).toEqual([]);
    // Its refunds/create webhook has the order read again and synced.
    const sync = async () => {
      const read = await new ShopifyShop(shopify.credentials()).getOrder(order.shopifyId);
      expect((await upsertShopOrders(t.ctx, connection, read ? [read] : [])).rejected).toEqual([]);
      return t.ctx.db
        .selectFrom('order_lines')
        .select(['refunded_quantity', 'refunded_amount'])
        .where('id', '=', order.lineBySku['TEE-M'] ?? '')
        .executeTakeFirstOrThrow();
    };
    expect(await sync()).toEqual({ refunded_quantity: 1, refunded_amount: 2000 });
    // Both tees asked back: only the one not refunded yet can be.
    const both = await post(
      `/api/v1/orders/${order.id}/policy-evaluation`,
      {
        selection: {
          lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
        },
      },
      admin,
    );
    expect(both.statusCode, both.body).toBe(200);
    expect(JSON.stringify(both.json())).toContain('QUANTITY_EXCEEDS_RETURNABLE');
    // The other tee comes back and is refunded through Shopify for what it cost; Retour's own
    // refund is not counted as one made outside Retour.
    const returnId = await approvedReturn(order);
    const [s] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    expect(s).toMatchObject({ provider: 'shopify', status: 'succeeded', amount: 2000 });
    expect(await sync()).toEqual({ refunded_quantity: 1, refunded_amount: 2000 });
    // Goodwill back to the payment stops at what Shopify still holds of it: 134.95 paid, 20.00
    // refunded in the admin and 20.00 through Retour.
    const goodwill = (amount: number) =>
      post(`/api/v1/returns/${returnId}/adjustments`, { kind: 'goodwill', amount, reason: 'Sorry', via: 'refund' }, admin);
    const over = await goodwill(9496);
    expect(over.statusCode, over.body).toBe(422);
    expect(over.json()).toMatchObject({ code: 'AMOUNT_EXCEEDS_PAID' });
  });
});
