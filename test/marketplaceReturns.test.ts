import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSync } from '../src/app/catalog/sync/runSync.js';
import type { SyncConnection } from '../src/app/catalog/sync/syncConnection.js';
import { upsertShopOrders } from '../src/app/catalog/sync/upsertShopOrders.js';
import { systemActor } from '../src/app/kernel/context.js';
import { pullMarketplaceReturns } from '../src/app/platforms/marketplaceReturns/pullMarketplaceReturns.js';
import { syncMarketplaceReturn } from '../src/app/platforms/marketplaceReturns/syncMarketplaceReturn.js';
import { approveLines } from '../src/app/returns/approveLines.js';
import { inspectLines } from '../src/app/returns/inspection/inspectLines.js';
import { receiveLines } from '../src/app/returns/inspection/receiveLines.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import type { ShopConnectionSettings } from '../src/db/schema/connections.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeChannelEngine, fakeLine } from './support/shops/fakeChannelEngine.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { pendingWork, until, untilSettled } from './support/until.js';

const meta = { actor: systemActor };

/** Returns announced on a marketplace come into Retour's queue through ChannelEngine (against a
 * fake that speaks its Merchant API) and go back there: acknowledged with Retour's number, receipt
 * reported, the refund recorded as the marketplace's; returns made in Retour for marketplace
 * orders are registered there once. */
describe.each(DB_KINDS)('marketplace returns through ChannelEngine (%s)', (kind) => {
  let t: TestApp;
  const ce = new FakeChannelEngine();
  let conn: SyncConnection;
  let nextOrder = 100;

  beforeAll(async () => {
    await ce.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'marketplace-returns-test' }, { followUps: 'manual' });
    await seedCatalogue(t.ctx);
    conn = await storeShopConnection(t.ctx, { platform: 'channelengine', credentials: ce.credentials(), channelCode: 'bol' });
  });
  afterAll(async () => {
    await t?.close();
    await ce.stop();
  });
  beforeEach(() => {
    ce.failures.length = 0;
  });

  async function setSettings(settings: ShopConnectionSettings) {
    await t.ctx.db
      .updateTable('shop_connections')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', conn.id)
      .execute();
  }

  /** An order sold on bol.com, by default long ago (outside the shop's own window), synced into Retour. */
  async function marketplaceOrder(ageDays = 120, lines = [fakeLine('CE-TEE-M', 2, 20), fakeLine('CE-CAP', 1, 15)]) {
    const id = ++nextOrder;
    const placed = new Date(t.clock.now.getTime() - ageDays * DAY).toISOString();
    ce.addOrder(id, { lines, orderDate: placed, createdAt: placed, updatedAt: placed });
    const order = await (await t.ctx.shops.connection(conn.id))?.adapter.getOrder(`M-${id}`);
    if (!order) throw new Error('ChannelEngine order not read');
    const result = await upsertShopOrders(t.ctx, conn, [order]);
    expect(result.rejected).toEqual([]);
    const row = await t.ctx.db
      .selectFrom('orders')
      .select('id')
      .where('connection_id', '=', conn.id)
      .where('external_id', '=', `M-${id}`)
      .executeTakeFirstOrThrow();
    // ChannelEngine says nothing of deliveries: the shop's carrier tracking would.
    await t.ctx.db
      .updateTable('order_lines')
      .set({ delivered_at: new Date(t.clock.now.getTime() - (ageDays - 3) * DAY) })
      .where('order_id', '=', row.id)
      .execute();
    const orderLines = await t.ctx.db.selectFrom('order_lines').select(['id', 'sku']).where('order_id', '=', row.id).execute();
    return { number: `M-${id}`, orderId: row.id, lineBySku: Object.fromEntries(orderLines.map((l) => [l.sku, l.id])) };
  }

  const copyOf = (returnId: string) =>
    t.ctx.db.selectFrom('platform_returns').selectAll().where('return_id', '=', returnId).executeTakeFirstOrThrow();
  const returnsOfOrder = (orderId: string) =>
    t.ctx.db.selectFrom('returns').select(['id', 'number', 'status', 'source']).where('order_id', '=', orderId).execute();
  const eventTypes = async (returnId: string) =>
    (await t.ctx.db.selectFrom('events').select('type').where('return_id', '=', returnId).orderBy('id').execute()).map(
      (e) => e.type,
    );

  /** The return's lines received and graded, and what follows from it run. */
  async function receiveAndGrade(returnId: string, grades: Record<string, 'restock' | 'return_to_customer'> = {}) {
    const lines = await t.ctx.db
      .selectFrom('return_lines as rl')
      .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
      .select(['rl.id', 'rl.quantity', 'ol.sku'])
      .where('rl.return_id', '=', returnId)
      .execute();
    await receiveLines(t.ctx, meta, { returnId, lines: lines.map((l) => ({ returnLineId: l.id, quantity: l.quantity })) });
    await inspectLines(t.ctx, meta, {
      returnId,
      lines: lines.map((l) => ({ returnLineId: l.id, grade: 'A' as const, disposition: grades[l.sku] ?? 'restock' })),
    });
    await t.followUps();
  }

  it('takes an announced return in once, on the marketplace terms, with its reason mapped, and acknowledges it once', async () => {
    await setSettings({ reasonMap: { PRODUCT_DEFECT: 'defective' } });
    const order = await marketplaceOrder();
    const announced = ce.announceReturn(
      order.number,
      [{ merchantProductNo: 'CE-TEE-M', quantity: 1 }],
      'WRONG_SIZE',
      'Too tight',
    );

    const first = await pullMarketplaceReturns(t.ctx, conn.id);
    expect(first).toEqual({ admitted: 1, acknowledged: 1, skipped: 0, cancelled: 0 });
    // Seen again (a webhook and the round, or a catch-up by date): still one return, acknowledged once.
    const again = await pullMarketplaceReturns(t.ctx, conn.id, { since: new Date(Date.now() - 60_000) });
    expect(again).toEqual({ admitted: 0, acknowledged: 0, skipped: 0, cancelled: 0 });
    await t.followUps();

    const [ret, ...more] = await returnsOfOrder(order.orderId);
    expect(more).toEqual([]);
    expect(ret).toMatchObject({ source: 'marketplace', status: 'approved' });
    expect(ce.requests('POST', /\/returns\/merchant\/acknowledge$/).map((r) => r.body)).toEqual([
      { returnId: announced.id, merchantReturnNo: ret?.number },
    ]);
    expect(ce.returns.get(announced.id)?.merchantReturnNo).toBe(ret?.number);
    const line = await t.ctx.db
      .selectFrom('return_lines as rl')
      .innerJoin('reasons as r', 'r.id', 'rl.reason_id')
      .select(['rl.quantity', 'rl.comment', 'r.code', 'rl.requested_resolution'])
      .where('rl.return_id', '=', ret?.id as string)
      .executeTakeFirstOrThrow();
    // WRONG_SIZE → too_small by the default table; the order is 120 days old, past the shop's window.
    expect(line).toMatchObject({ quantity: 1, code: 'too_small', requested_resolution: 'refund' });
    expect(line.comment).toContain('Too tight');
    expect(await copyOf(ret?.id as string)).toMatchObject({ origin: 'platform', external_id: String(announced.id) });
    const terms = await t.ctx.db
      .selectFrom('policy_exceptions')
      .select(['reason', 'allow_return', 'order_id'])
      .where('return_id', '=', ret?.id as string)
      .executeTakeFirstOrThrow();
    expect(terms).toMatchObject({ allow_return: true, order_id: null });
    expect(terms.reason).toContain("bol.com's terms");
    // The return's page says so: an internal note on the return.
    const notes = await t.ctx.db
      .selectFrom('return_notes')
      .select(['kind', 'body'])
      .where('return_id', '=', ret?.id as string)
      .execute();
    expect(notes).toEqual([{ kind: 'internal', body: terms.reason }]);
    expect(await eventTypes(ret?.id as string)).toContain('return.marketplace_announced');
  });

  it('a connection that takes the orders from ChannelEngine acknowledges NEW ones with their number as it syncs', async () => {
    const own = new FakeChannelEngine();
    await own.start();
    try {
      own.addOrder(1);
      own.addOrder(2, { status: 'NEW', merchantOrderNo: null, acknowledgedDate: null });
      const acknowledging = await storeShopConnection(t.ctx, {
        platform: 'channelengine',
        credentials: own.credentials(),
        settings: { acknowledgeOrders: true },
      });
      const outcome = await runSync(t.ctx, acknowledging.id, { kind: 'backfill', resource: 'orders', startedBy: null });
      expect(outcome.status).toBe('succeeded');
      const numbers = await t.ctx.db
        .selectFrom('orders')
        .select(['external_id', 'marketplace'])
        .where('connection_id', '=', acknowledging.id)
        .orderBy('external_id')
        .execute();
      expect(numbers).toEqual([
        { external_id: 'CE-2', marketplace: 'bol.com' },
        { external_id: 'M-1', marketplace: 'bol.com' },
      ]);
      expect(own.orders.get(2)).toMatchObject({ merchantOrderNo: 'CE-2', status: 'IN_PROGRESS' });
    } finally {
      await own.stop();
    }
  });

  it('leaves a return whose order is not synced yet unacknowledged, with a sync error, and takes it in later', async () => {
    const order = await marketplaceOrder();
    const orphan = ce.addOrder(++nextOrder);
    const waiting = ce.announceReturn(orphan.merchantOrderNo as string, [
      { merchantProductNo: `SKU-${orphan.id}-A`, quantity: 1 },
    ]);
    const done = ce.announceReturn(order.number, [{ merchantProductNo: 'CE-CAP', quantity: 1 }], 'PRODUCT_DEFECT', null);
    const outcome = await pullMarketplaceReturns(t.ctx, conn.id);
    expect(outcome).toMatchObject({ admitted: 1, skipped: 1 });
    expect(ce.returns.get(waiting.id)?.acknowledgedDate).toBeNull();
    expect(ce.returns.get(done.id)?.acknowledgedDate).not.toBeNull();
    const errors = await t.ctx.db
      .selectFrom('shop_sync_errors')
      .select(['subject', 'external_id'])
      .where('connection_id', '=', conn.id)
      .where('external_id', '=', String(waiting.id))
      .execute();
    expect(errors).toEqual([{ subject: 'marketplace_return', external_id: String(waiting.id) }]);
    // Its order comes in: the next pull takes it in and acknowledges it.
    const synced = await (await t.ctx.shops.connection(conn.id))?.adapter.getOrder(orphan.merchantOrderNo as string);
    if (synced) await upsertShopOrders(t.ctx, conn, [synced]);
    expect(await pullMarketplaceReturns(t.ctx, conn.id)).toEqual({ admitted: 1, acknowledged: 1, skipped: 0, cancelled: 0 });
    expect(ce.returns.get(waiting.id)?.acknowledgedDate).not.toBeNull();
  });

  it('cancels in Retour a return the marketplace cancelled before anything came back', async () => {
    const order = await marketplaceOrder();
    const announced = ce.announceReturn(order.number, [{ merchantProductNo: 'CE-TEE-M', quantity: 1 }]);
    await pullMarketplaceReturns(t.ctx, conn.id);
    const since = new Date(Date.now() - 1000);
    Object.assign(ce.returns.get(announced.id) ?? {}, { status: 'CANCELLED', updatedAt: new Date().toISOString() });
    expect(await pullMarketplaceReturns(t.ctx, conn.id, { since })).toMatchObject({ admitted: 0, cancelled: 1 });
    const [ret] = await returnsOfOrder(order.orderId);
    expect(ret?.status).toBe('cancelled');
    // Seen again: nothing more happens.
    expect(await pullMarketplaceReturns(t.ctx, conn.id, { since })).toMatchObject({ cancelled: 0 });
  });

  it('two pulls at once take a return in and acknowledge it once', async () => {
    const order = await marketplaceOrder();
    const announced = ce.announceReturn(order.number, [{ merchantProductNo: 'CE-CAP', quantity: 1 }]);
    const outcomes = await Promise.all([pullMarketplaceReturns(t.ctx, conn.id), pullMarketplaceReturns(t.ctx, conn.id)]);
    expect(outcomes.map((o) => o.admitted).sort()).toEqual([0, 1]);
    expect(await returnsOfOrder(order.orderId)).toHaveLength(1);
    const acks = ce
      .requests('POST', /\/returns\/merchant\/acknowledge$/)
      .filter((r) => (r.body as { returnId: number }).returnId === announced.id);
    expect(acks).toHaveLength(1);
  });

  it('acknowledges on the next pull a return whose acknowledgement failed', async () => {
    const order = await marketplaceOrder();
    const announced = ce.announceReturn(order.number, [{ merchantProductNo: 'CE-TEE-M', quantity: 2 }]);
    ce.failNext({ status: 503, path: /acknowledge/ });
    await expect(pullMarketplaceReturns(t.ctx, conn.id)).rejects.toThrow(/503/);
    expect(await returnsOfOrder(order.orderId)).toHaveLength(1);
    expect(await pullMarketplaceReturns(t.ctx, conn.id)).toEqual({ admitted: 0, acknowledged: 1, skipped: 0, cancelled: 0 });
    const [ret] = await returnsOfOrder(order.orderId);
    expect(ce.returns.get(announced.id)?.merchantReturnNo).toBe(ret?.number);
  });

  it('reports the receipt once with accepted and rejected units, and records the refund as the marketplace’s', async () => {
    const order = await marketplaceOrder();
    const announced = ce.announceReturn(order.number, [
      { merchantProductNo: 'CE-TEE-M', quantity: 2 },
      { merchantProductNo: 'CE-CAP', quantity: 1 },
    ]);
    await pullMarketplaceReturns(t.ctx, conn.id);
    await t.followUps();
    const [ret] = await returnsOfOrder(order.orderId);
    await receiveAndGrade(ret?.id as string, { 'CE-CAP': 'return_to_customer' });
    await t.followUps();

    // Any later event of the return (or a retried job) reports and settles nothing again.
    await syncMarketplaceReturn(t.ctx, ret?.id as string);
    const processed = ce
      .requests('PUT', /\/v2\/returns$/)
      .filter((r) => (r.body as { returnId: number }).returnId === announced.id);
    expect(processed).toHaveLength(1);
    expect(ce.returns.get(announced.id)).toMatchObject({
      status: 'RECEIVED',
      lines: [
        { merchantProductNo: 'CE-TEE-M', acceptedQuantity: 2, rejectedQuantity: 0 },
        { merchantProductNo: 'CE-CAP', acceptedQuantity: 0, rejectedQuantity: 1 },
      ],
    });
    const settlements = await t.ctx.db
      .selectFrom('settlements')
      .select(['provider', 'status', 'reference'])
      .where('return_id', '=', ret?.id as string)
      .execute();
    expect(settlements).toEqual([expect.objectContaining({ provider: 'manual', status: 'succeeded' })]);
    expect(String(settlements[0]?.reference)).toContain('Refunded by bol.com');
    expect(await copyOf(ret?.id as string)).toMatchObject({ external_status: 'RECEIVED', last_error: null });
  });

  it('registers a return made in Retour for a marketplace order once, after a lost answer too', async () => {
    await setSettings({});
    const order = await marketplaceOrder(10);
    const made = await requestReturn(t.ctx, meta, {
      orderId: order.orderId,
      source: 'agent',
      method: null,
      lines: [{ orderLineId: order.lineBySku['CE-TEE-M'] as string, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
    });
    // Its lines are past the shop's window: staff approve it anyway.
    const pending = await t.ctx.db
      .selectFrom('return_lines')
      .select(['id', 'acceptance'])
      .where('return_id', '=', made.returnId)
      .execute();
    if (made.status !== 'approved')
      await approveLines(t.ctx, meta, { returnId: made.returnId, lines: pending.map((l) => ({ returnLineId: l.id })) });
    // ChannelEngine registers it, but its answer never comes back.
    ce.loseNextAnswer(/\/v2\/returns\/merchant$/);
    await expect(t.followUps()).rejects.toThrow();
    // The job's next try (the follow-up queue retries it after a back-off).
    await syncMarketplaceReturn(t.ctx, made.returnId);
    await t.followUps();
    const registered = [...ce.returns.values()].filter((r) => r.merchantReturnNo === made.number);
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({ creator: 'merchant', reason: 'WRONG_SIZE', merchantOrderNo: order.number });
    expect(await copyOf(made.returnId)).toMatchObject({ origin: 'retour', external_id: String(registered[0]?.id) });
    expect(await eventTypes(made.returnId)).toContain('return.platform_registered');
  });

  it('shows ChannelEngine refusing a return: an event on the return and a sync error', async () => {
    await setSettings({});
    const order = await marketplaceOrder(10);
    ce.failNext({
      status: 400,
      path: /\/v2\/returns\/merchant$/,
      body: {
        success: false,
        message: 'Validation failed',
        validationErrors: { 'lines[0].merchantProductNo': ['Not returnable'] },
      },
    });
    const made = await requestReturn(t.ctx, meta, {
      orderId: order.orderId,
      source: 'agent',
      method: null,
      lines: [
        {
          orderLineId: order.lineBySku['CE-CAP'] as string,
          quantity: 1,
          reasonCode: 'defective',
          comment: 'Torn',
          resolution: 'refund',
        },
      ],
    });
    const pending = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', made.returnId).execute();
    if (made.status !== 'approved')
      await approveLines(t.ctx, meta, { returnId: made.returnId, lines: pending.map((l) => ({ returnLineId: l.id })) });
    await t.followUps();
    expect(await eventTypes(made.returnId)).toContain('return.platform_failed');
    const copy = await copyOf(made.returnId);
    expect(copy.external_id).toBeNull();
    expect(copy.last_error).toContain('Not returnable');
    const errors = await t.ctx.db
      .selectFrom('shop_sync_errors')
      .select(['subject', 'message'])
      .where('connection_id', '=', conn.id)
      .where('subject', '=', 'return_register')
      .execute();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('Not returnable');
    // Asking again changes nothing: no second try.
    await t.followUps();
    expect([...ce.returns.values()].filter((r) => r.merchantReturnNo === made.number)).toHaveLength(0);
  });
});

/** The way in when the workers run: ChannelEngine calls the connection's webhook URL (GET or POST,
 * the fields in the query) and the announced return ends up in the queue, acknowledged. */
describe.each(DB_KINDS)('a RETURNS_CHANGE call brings the return in through the workers (%s)', (kind) => {
  let t: TestApp;
  let workers: Workers;
  let conn: SyncConnection & { webhookToken: string };
  const ce = new FakeChannelEngine();

  beforeAll(async () => {
    await ce.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'marketplace-webhook-test' });
    await seedCatalogue(t.ctx);
    // Made before the first call: webhook addresses are looked up from a copy kept a few seconds.
    conn = await storeShopConnection(t.ctx, { platform: 'channelengine', credentials: ce.credentials() });
    workers = await startWorkers(t.ctx, t.handle, { pollMs: 3_600_000 });
  });
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
    await ce.stop();
  });

  it.each(['GET', 'POST'] as const)('called with %s', async (method) => {
    const id = method === 'GET' ? 7001 : 7002;
    ce.addOrder(id);
    const order = await (await t.ctx.shops.connection(conn.id))?.adapter.getOrder(`M-${id}`);
    if (!order) throw new Error('ChannelEngine order not read');
    await upsertShopOrders(t.ctx, conn, [order]);
    const announced = ce.announceReturn(`M-${id}`, [{ merchantProductNo: `SKU-${id}-A`, quantity: 1 }], 'PRODUCT_DEFECT');

    // Each call its own moment: calls of one type and moment are one delivery (a repeat is dropped).
    const since = Math.floor(Date.now() / 1000) - (method === 'GET' ? 60 : 0);
    const query = `type=RETURNS_CHANGE&tenant=${ce.tenant}&updatedSince=${since}`;
    const res = await t.request({ method, url: `/api/v1/shop-webhooks/${conn.webhookToken}?${query}` });
    expect(res.statusCode, res.body).toBe(200);

    const made = await until(
      () =>
        t.ctx.db
          .selectFrom('platform_returns as p')
          .innerJoin('returns as r', 'r.id', 'p.return_id')
          .select(['r.number', 'r.source'])
          .where('p.connection_id', '=', conn.id)
          .where('p.external_id', '=', String(announced.id))
          .executeTakeFirst(),
      { what: 'the announced return in the queue', pending: () => pendingWork(t.ctx.db) },
    );
    expect(made.source).toBe('marketplace');
    await until(() => ce.returns.get(announced.id)?.merchantReturnNo === made.number, { what: 'the acknowledgement' });
    await untilSettled(t.ctx.db);
    expect(
      ce
        .requests('POST', /\/returns\/merchant\/acknowledge$/)
        .filter((r) => (r.body as { returnId: number }).returnId === announced.id),
    ).toHaveLength(1);
  });
});
