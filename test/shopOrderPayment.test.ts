import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyShopWebhooks } from '../src/app/catalog/sync/applyShopWebhooks.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue, seedStaff } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('an order that came in before it was paid (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  const woo = new FakeWooCommerce();

  beforeAll(async () => {
    await woo.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-order-payment-test' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['agent']);
    agent = await t.login('agent');
  });
  afterAll(async () => {
    await t?.close();
    await woo.stop();
  });

  const orderRow = (connectionId: string, externalId: string) =>
    t.ctx.db
      .selectFrom('orders')
      .select(['id', 'payment_provider', 'payment_reference'])
      .where('connection_id', '=', connectionId)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();

  it('is refunded through WooCommerce once its paid update came in', async () => {
    woo.clock = new Date(t.clock.now.getTime() - 5 * DAY);
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce', credentials: woo.credentials() });
    const url = `/api/v1/shop-webhooks/${shop.webhookToken}`;
    const deliver = async (topic: string, order: Record<string, unknown>, id: string) => {
      const { headers, rawBody } = woo.delivery({ id: 9, topic, secret: woo.webhookSecret }, order, id);
      const res = await t.request({ method: 'POST', url, headers, payload: rawBody });
      expect(res.statusCode, res.body).toBe(200);
      expect(await applyShopWebhooks(t.ctx, shop.id)).toMatchObject({ deliveries: 1, orders: 1 });
    };

    const placed = woo.addOrder({
      lines: [{ sku: 'TEE-M', name: 'Organic tee M', quantity: 1, unitPrice: 2000 }],
      paymentMethod: 'mollie_wc_gateway_ideal',
      paid: false,
      status: 'pending',
    });
    await deliver('order.created', placed, `created-${shop.id}`);
    const unpaid = await orderRow(shop.id, String(placed.id));
    expect(unpaid).toMatchObject({ payment_provider: 'manual', payment_reference: null });

    const paidAt = woo.tick();
    const paid = woo.editOrder(Number(placed.id), {
      status: 'processing',
      date_paid: paidAt.toISOString().slice(0, 19),
      date_paid_gmt: paidAt.toISOString().slice(0, 19),
      transaction_id: `tr_${placed.id}`,
    });
    await deliver('order.updated', paid, `paid-${shop.id}`);
    expect(await orderRow(shop.id, String(placed.id))).toMatchObject({
      payment_provider: 'woocommerce',
      payment_reference: `${shop.id}:${placed.id}`,
    });

    await t.ctx.db
      .updateTable('order_lines')
      .set({ delivered_at: new Date(t.clock.now.getTime() - 3 * DAY) })
      .where('order_id', '=', unpaid.id)
      .execute();
    const [line] = await t.ctx.db.selectFrom('order_lines').select('id').where('order_id', '=', unpaid.id).execute();
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/returns',
      staff: agent,
      payload: {
        orderId: unpaid.id,
        method: 'qr',
        lines: [{ orderLineId: line?.id, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { returnId, status } = created.json() as { returnId: string; status: string };
    if (status !== 'approved') {
      const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}`, staff: agent })).json();
      const approve = await t.request({
        method: 'POST',
        url: `/api/v1/returns/${returnId}/approve`,
        staff: agent,
        payload: { lines: detail.lines.map((l: { id: string }) => ({ returnLineId: l.id })) },
      });
      expect(approve.statusCode, approve.body).toBe(200);
    }
    const settled = await t.request({ method: 'POST', url: `/api/v1/returns/${returnId}/settle`, staff: agent, payload: {} });
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json().settlements[0]).toMatchObject({ kind: 'refund', provider: 'woocommerce', status: 'succeeded' });
    expect(woo.refunds.get(Number(placed.id))).toHaveLength(1);
  });
});
