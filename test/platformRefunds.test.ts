import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertShopOrders } from '../src/app/catalog/sync/upsertShopOrders.js';
import { systemActor } from '../src/app/kernel/context.js';
import { settleDueLines } from '../src/app/money/settleDueLines.js';
import { runProviderRefund } from '../src/app/money/settlementRun.js';
import { receiveLines } from '../src/app/returns/inspection/receiveLines.js';
import { createShopAdapter } from '../src/integrations/shops/index.js';
import { WooClient } from '../src/integrations/shops/woocommerce/client.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue, seedStaff } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Connection = Awaited<ReturnType<typeof storeShopConnection>>;

describe.each(DB_KINDS)('refunds through WooCommerce for orders paid there (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let connection: Connection;
  const woo = new FakeWooCommerce();

  beforeAll(async () => {
    await woo.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'platform-refund-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst']);
    admin = await t.login('admin');
    agent = await t.login('agent');
    connection = await storeShopConnection(t.ctx, { platform: 'woocommerce', credentials: woo.credentials() });
    woo.clock = new Date(t.clock.now.getTime() - 5 * DAY);
  });
  afterAll(async () => {
    await t?.close();
    await woo.stop();
  });

  const post = (url: string, payload: object | undefined, staff: StaffClient = agent) =>
    t.request({ method: 'POST', url, staff, payload });
  const get = (url: string, staff: StaffClient = agent) => t.request({ method: 'GET', url, staff });

  /** An order paid in WooCommerce, synced into Retour as the sync does, delivered three days ago. */
  async function wooOrder() {
    const placed = woo.addOrder({
      lines: [
        { sku: 'TEE-M', name: 'Organic tee M', productId: 40, variationId: 41, quantity: 2, unitPrice: 2000 },
        { sku: 'JACKET', name: 'Rain jacket', productId: 50, quantity: 1, unitPrice: 9000 },
      ],
      shipping: { title: 'PostNL', amount: 495 },
    });
    const order = await createShopAdapter('woocommerce', woo.credentials()).getOrder(String(placed.id));
    if (!order) throw new Error('the fake lost its order');
    const result = await upsertShopOrders(t.ctx, connection, [order]);
    expect(result.imported, JSON.stringify(result.rejected)).toBe(1);
    const row = await t.ctx.db
      .selectFrom('orders')
      .select(['id', 'payment_provider', 'payment_reference'])
      .where('connection_id', '=', connection.id)
      .where('external_id', '=', order.externalId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ payment_provider: 'woocommerce', payment_reference: `${connection.id}:${placed.id}` });
    await t.ctx.db
      .updateTable('order_lines')
      .set({ delivered_at: new Date(t.clock.now.getTime() - 3 * DAY) })
      .where('order_id', '=', row.id)
      .execute();
    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .select(['id', 'sku', 'external_id'])
      .where('order_id', '=', row.id)
      .execute();
    return { id: row.id, wooId: Number(placed.id), lineBySku: Object.fromEntries(lines.map((l) => [l.sku, l])) };
  }

  async function approvedReturn(order: Awaited<ReturnType<typeof wooOrder>>, sku = 'TEE-M', quantity = 1) {
    const res = await post('/api/v1/returns', {
      orderId: order.id,
      method: 'qr',
      lines: [{ orderLineId: order.lineBySku[sku]?.id, quantity, reasonCode: 'too_small', resolution: 'refund' }],
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

  it("refunds through the order's gateway in WooCommerce, recording WooCommerce's refund id", async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order, 'TEE-M', 2);
    const res = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(res.statusCode, res.body).toBe(200);
    const [s] = res.json().settlements;
    expect(s).toMatchObject({ kind: 'refund', provider: 'woocommerce', status: 'succeeded', attempts: 1 });
    const refunds = woo.refunds.get(order.wooId) ?? [];
    expect(refunds).toHaveLength(1);
    expect(s.providerRefundId).toBe(String(refunds[0]?.id));
    expect(woo.gatewayRefunds.filter((r) => r.orderId === order.wooId).map((r) => r.amount)).toEqual([s.amount]);
    const sent = woo.requests('POST', new RegExp(`/orders/${order.wooId}/refunds$`)).at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ api_refund: true, api_restock: false });
    expect(sent.line_items).toEqual([
      expect.objectContaining({ id: Number(order.lineBySku['TEE-M']?.external_id), quantity: 2 }),
    ]);
    expect(woo.restocked).toEqual([]);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.lines[0]).toMatchObject({ settlement: 'succeeded' });
  });

  it('makes one WooCommerce refund when 100 settle requests for one return arrive at once', async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order, 'JACKET');
    woo.refundLatencyMs = 5;
    try {
      const answers = await Promise.all(Array.from({ length: 100 }, () => post(`/api/v1/returns/${returnId}/settle`, {})));
      for (const a of answers) expect(a.statusCode, a.body).toBe(200);
      expect(answers.filter((a) => a.json().started.length > 0)).toHaveLength(1);
    } finally {
      woo.refundLatencyMs = 0;
    }
    expect(woo.refunds.get(order.wooId)).toHaveLength(1);
    const rows = await t.ctx.db.selectFrom('settlements').selectAll().where('return_id', '=', returnId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'succeeded', provider_refund_id: String(woo.refunds.get(order.wooId)?.[0]?.id) });
  });

  it('lets one of many overlapping runs for a settlement refund: WooCommerce has no idempotency key', async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order);
    // The first attempt finds WooCommerce down: nothing is made, the settlement waits.
    woo.failNext({ status: 503, body: { code: 'http_request_failed', message: 'down' }, path: /refunds$/ });
    const [pending] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    expect(pending).toMatchObject({ status: 'pending', provider: 'woocommerce' });
    expect(woo.refunds.get(order.wooId)).toEqual([]);
    // Twenty runs at once, each looking before it makes one, the look-ups slow enough to overlap.
    woo.refundLatencyMs = 20;
    try {
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => runProviderRefund(t.ctx, pending.id)));
      expect(outcomes).toContain('succeeded');
    } finally {
      woo.refundLatencyMs = 0;
    }
    expect(woo.refunds.get(order.wooId)).toHaveLength(1);
    expect(woo.requests('POST', new RegExp(`/orders/${order.wooId}/refunds$`))).toHaveLength(1);
    const row = await t.ctx.db.selectFrom('settlements').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'succeeded', provider_claim: null, provider_claimed_until: null });
  });

  it('reconciles a refund whose answer was lost by finding it in WooCommerce, never refunding twice', async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order);
    woo.dropRefundAnswers = 1;
    const [pending] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    expect(pending).toMatchObject({ status: 'pending', provider: 'woocommerce', attempts: 1 });
    expect(woo.refunds.get(order.wooId)).toHaveLength(1);
    expect((await post(`/api/v1/returns/${returnId}/settle`, {})).json().started).toEqual([]);
    t.clock.advance(2 * 60_000);
    const report = await post('/api/v1/settlements/reconcile', {}, admin);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ succeeded: 1 });
    const refunds = woo.refunds.get(order.wooId) ?? [];
    expect(refunds).toHaveLength(1);
    const [done] = (await get(`/api/v1/returns/${returnId}/settlements`)).json().items;
    expect(done).toMatchObject({ status: 'succeeded', providerRefundId: String(refunds[0]?.id) });
  });

  it('makes one refund when the proxy answers 502 while WooCommerce goes on writing it', async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order);
    const posts = () => woo.requests('POST', new RegExp(`/orders/${order.wooId}/refunds$`));
    woo.refundsInFlight = 1;
    const [pending] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    expect(pending).toMatchObject({ status: 'pending', provider: 'woocommerce' });
    expect(woo.refunds.get(order.wooId)).toEqual([]);
    // WooCommerce has not written it yet: a reconciliation and a run find nothing and ask for nothing.
    t.clock.advance(2 * 60_000);
    expect((await post('/api/v1/settlements/reconcile', {}, admin)).statusCode).toBe(200);
    expect(await runProviderRefund(t.ctx, pending.id)).toBe('pending');
    expect(posts()).toHaveLength(1);
    const [landed] = woo.landRefundsInFlight();
    expect(landed?.status).toBe(201);
    // Once the claim ran out, the refund WooCommerce wrote is found and recorded, not made again.
    t.clock.advance(5 * 60_000);
    const report = await post('/api/v1/settlements/reconcile', {}, admin);
    expect(report.json()).toMatchObject({ succeeded: 1 });
    expect(posts()).toHaveLength(1);
    const refunds = woo.refunds.get(order.wooId) ?? [];
    expect(refunds).toHaveLength(1);
    const row = await t.ctx.db.selectFrom('settlements').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'succeeded', provider_refund_id: String(refunds[0]?.id), provider_claim: null });
  });

  it('leaves out what was refunded in wp-admin: those units cannot be returned and refunded again', async () => {
    const order = await wooOrder();
    const tee = order.lineBySku['TEE-M'];
    // Staff refund one of the two tees in wp-admin (no Retour key on it).
    await new WooClient(woo.credentials()).json('POST', `/orders/${order.wooId}/refunds`, {
      body: {
        amount: '20.00',
        reason: 'Damaged, refunded by hand',
        api_refund: false,
        line_items: [{ id: Number(tee?.external_id), quantity: 1, refund_total: '20.00' }],
      },
    });
    // Its order.updated webhook has the order read again and synced.
    const sync = async () => {
      const read = await createShopAdapter('woocommerce', woo.credentials()).getOrder(String(order.wooId));
      expect((await upsertShopOrders(t.ctx, connection, read ? [read] : [])).rejected).toEqual([]);
      return t.ctx.db
        .selectFrom('order_lines')
        .select(['refunded_quantity', 'refunded_amount'])
        .where('id', '=', tee?.id ?? '')
        .executeTakeFirstOrThrow();
    };
    expect(await sync()).toEqual({ refunded_quantity: 1, refunded_amount: 2000 });
    const both = await post(
      `/api/v1/orders/${order.id}/policy-evaluation`,
      { selection: { lines: [{ orderLineId: tee?.id, quantity: 2, reasonCode: 'too_small', resolution: 'refund' }] } },
      admin,
    );
    expect(both.statusCode, both.body).toBe(200);
    expect(JSON.stringify(both.json())).toContain('QUANTITY_EXCEEDS_RETURNABLE');
    // The other tee is refunded through WooCommerce; Retour's own refund is not counted as one made outside it.
    const returnId = await approvedReturn(order, 'TEE-M', 1);
    const [s] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    expect(s).toMatchObject({ provider: 'woocommerce', status: 'succeeded', amount: 2000 });
    expect(await sync()).toEqual({ refunded_quantity: 1, refunded_amount: 2000 });
  });

  it('marks the settlement failed when the gateway refuses, so staff can settle again', async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order);
    woo.gatewayFails = true;
    try {
      const [failed] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
      expect(failed).toMatchObject({ status: 'failed', provider: 'woocommerce' });
      expect(failed.lastError).toContain('woocommerce_rest_cannot_create_order_refund');
    } finally {
      woo.gatewayFails = false;
    }
    expect(woo.refunds.get(order.wooId)).toEqual([]);
    const retry = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(retry.statusCode, retry.body).toBe(200);
    expect(
      retry
        .json()
        .settlements.map((s: { status: string }) => s.status)
        .sort(),
    ).toEqual(['failed', 'succeeded']);
    expect(woo.refunds.get(order.wooId)).toHaveLength(1);
  });

  it("books WooCommerce refunds on WooCommerce's account and lays its day beside Retour's", async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order);
    const [s] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    expect(s).toMatchObject({ status: 'succeeded', provider: 'woocommerce' });
    const analyst = await t.login('analyst');
    const day = t.clock.now.toISOString().slice(0, 10);
    const journal = await get(`/api/v1/finance/journal?from=${day}&to=${day}&format=json`, analyst);
    expect(journal.statusCode, journal.body).toBe(200);
    const line = journal.json().items.find((l: { movementId: string }) => l.movementId === s.id);
    expect(line).toMatchObject({ movement: 'refund_woocommerce', debitAccount: '8010', creditAccount: '1108', amount: s.amount });
    const res = await get(`/api/v1/finance/reconciliation?provider=woocommerce&day=${day}`, analyst);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ provider: 'woocommerce', configured: true, errors: [] });
    expect(report.rows.find((r: { settlementId: string }) => r.settlementId === s.id)).toMatchObject({
      outcome: 'matched',
      provider: { refundId: s.providerRefundId, amount: s.amount },
    });
  });

  it("moves money by itself at the policy's moment while the connection is on, and leaves it to staff while it is off", async () => {
    const order = await wooOrder();
    const off = await approvedReturn(order, 'TEE-M');
    const on = await approvedReturn(order, 'JACKET');
    // Money due on inspection is due for goods that came.
    for (const returnId of [off, on]) {
      const lines = await t.ctx.db
        .selectFrom('return_lines')
        .select(['id', 'quantity'])
        .where('return_id', '=', returnId)
        .execute();
      await receiveLines(
        t.ctx,
        { actor: systemActor },
        { returnId, lines: lines.map((l) => ({ returnLineId: l.id, quantity: l.quantity })) },
      );
    }
    await t.ctx.db.updateTable('shop_connections').set({ enabled: false }).where('id', '=', connection.id).execute();
    try {
      expect(await settleDueLines(t.ctx, off, 'inspection')).toBeNull();
    } finally {
      await t.ctx.db.updateTable('shop_connections').set({ enabled: true }).where('id', '=', connection.id).execute();
    }
    expect(await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', off).execute()).toEqual([]);
    const outcome = await settleDueLines(t.ctx, on, 'inspection');
    expect(outcome?.settlements).toMatchObject([{ provider: 'woocommerce', status: 'succeeded', trigger: 'inspection' }]);
    expect(woo.refunds.get(order.wooId)).toHaveLength(1);
  });

  it('refuses before writing anything when the connection is switched off', async () => {
    const order = await wooOrder();
    const returnId = await approvedReturn(order);
    await t.ctx.db.updateTable('shop_connections').set({ enabled: false }).where('id', '=', connection.id).execute();
    try {
      const res = await post(`/api/v1/returns/${returnId}/settle`, {});
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CONNECTION_NOT_READY' });
    } finally {
      await t.ctx.db.updateTable('shop_connections').set({ enabled: true }).where('id', '=', connection.id).execute();
    }
    expect(await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', returnId).execute()).toEqual([]);
    expect(woo.requests('POST', new RegExp(`/orders/${order.wooId}/refunds$`))).toEqual([]);
  });
});
