import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncConnection } from '../src/app/catalog/sync/syncConnection.js';
import { upsertShopOrders } from '../src/app/catalog/sync/upsertShopOrders.js';
import { upsertShopProducts } from '../src/app/catalog/sync/upsertShopProducts.js';
import { systemActor } from '../src/app/kernel/context.js';
import { giveUpPlatformPush, runPlatformPush } from '../src/app/platforms/runPlatformPush.js';
import { approveLines } from '../src/app/returns/approveLines.js';
import { cancelReturn } from '../src/app/returns/cancelReturn.js';
import { closeReturn } from '../src/app/returns/closeReturn.js';
import { inspectLines } from '../src/app/returns/inspection/inspectLines.js';
import { receiveLines } from '../src/app/returns/inspection/receiveLines.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { resolveReturn } from '../src/app/returns/resolveReturn.js';
import type { ShopConnectionSettings } from '../src/db/schema/connections.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, orderLine, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { interceptNextShopifyCall, platformJobRunner } from './support/platformJobs.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeShopify, PRIMARY_LOCATION } from './support/shops/fakeShopify.js';
import type { FakeObject } from './support/shops/graphqlExecutor.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const meta = { actor: systemActor };
const WAREHOUSE_LOCATION = 'gid://shopify/Location/77';
const SKUS = [
  'SHP-TEE-M',
  'SHP-CAP',
  'SHP-LOST',
  'SHP-REFUSED',
  'SHP-CANCEL',
  'SHP-STOCK-A',
  'SHP-STOCK-B',
  'SHP-ONLY-STOCK',
  'SHP-CLOSE',
];

/** Returns made in Retour for Shopify orders appear in Shopify (its Returns API, against a fake
 * that speaks its GraphQL Admin API), their receipt is reported once, and restocked units reach
 * Shopify's inventory once per stock movement; a shop without connections is left alone. */
describe.each(DB_KINDS)('returns and restocks go back to Shopify (%s)', (kind) => {
  let t: TestApp;
  const shopify = new FakeShopify();
  const runPlatformJobs = platformJobRunner(() => t);

  beforeAll(async () => {
    await shopify.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'platform-returns-test' }, { followUps: 'manual' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    // The shop's products live on Shopify: imported once, owned by the connection.
    shopify.seedProduct({
      title: 'Shopify tee',
      options: ['Size'],
      variants: SKUS.map((sku, i) => ({ sku, price: '25.00', options: { Size: `S${i}` } })),
    });
    conn = await storeShopConnection(t.ctx, { platform: 'shopify', credentials: shopify.credentials() });
    const page = await (await t.ctx.shops.connection(conn.id))?.adapter.listProducts?.({ cursor: null });
    expect(page?.items).toHaveLength(1);
    await upsertShopProducts(t.ctx, conn, page?.items ?? []);
  });
  afterAll(async () => {
    await t?.close();
    await shopify.stop();
  });

  let conn: SyncConnection;
  /** The shop's Shopify connection with these settings from now on. */
  async function setSettings(settings: ShopConnectionSettings) {
    await t.ctx.db
      .updateTable('shop_connections')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', conn.id)
      .execute();
  }

  /** The inventory item of a variant on Shopify. */
  function inventoryItemOf(sku: string): string {
    const variant = shopify.variantBySku(sku);
    if (!variant) throw new Error(`no variant ${sku} on Shopify`);
    return String((variant.inventoryItem as FakeObject).id);
  }

  /** An order placed and delivered on Shopify, brought into Retour through the adapter. */
  async function shopifyOrder(lines: { sku: string; quantity: number }[]) {
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY).toISOString();
    const gid = shopify.seedOrder({
      createdAt: new Date(t.clock.now.getTime() - 6 * DAY).toISOString(),
      deliveredAt: delivered,
      lines: lines.map((l) => ({ ...l, price: '25.00' })),
    });
    const order = await (await t.ctx.shops.connection(conn.id))?.adapter.getOrder(gid);
    if (!order) throw new Error('Shopify order not read');
    const result = await upsertShopOrders(t.ctx, conn, [order]);
    expect(result.rejected).toEqual([]);
    const row = await t.ctx.db
      .selectFrom('orders')
      .select('id')
      .where('connection_id', '=', conn.id)
      .where('external_id', '=', gid)
      .executeTakeFirstOrThrow();
    const orderLines = await t.ctx.db
      .selectFrom('order_lines')
      .select(['id', 'sku', 'external_ref'])
      .where('order_id', '=', row.id)
      .execute();
    return { gid, orderId: row.id, lines: Object.fromEntries(orderLines.map((l) => [l.sku, l])) };
  }

  /** Staff open a return for the order's lines and approve it. */
  async function approvedReturn(
    orderId: string,
    lines: { orderLineId: string; quantity: number; reasonCode: string | null; comment?: string }[],
  ) {
    const made = await requestReturn(t.ctx, meta, {
      orderId,
      source: 'agent',
      method: 'qr',
      lines: lines.map((l) => ({ ...l, resolution: 'refund' as const })),
    });
    const ret = await t.ctx.db
      .selectFrom('returns')
      .select(['id', 'number', 'status'])
      .where('id', '=', made.returnId)
      .executeTakeFirstOrThrow();
    if (ret.status !== 'approved') {
      const pending = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', ret.id).execute();
      await approveLines(t.ctx, meta, { returnId: ret.id, lines: pending.map((l) => ({ returnLineId: l.id })) });
    }
    return ret;
  }

  const platformReturn = (returnId: string) =>
    t.ctx.db.selectFrom('platform_returns').selectAll().where('return_id', '=', returnId).executeTakeFirst();
  const eventTypes = async (returnId: string) =>
    (
      await t.ctx.db
        .selectFrom('events')
        .select('type')
        .where('return_id', '=', returnId)
        .where('type', 'like', 'return.platform%')
        .execute()
    ).map((e) => e.type);
  const reasonHandle = (line: FakeObject) => (line.returnReasonDefinition as FakeObject | null)?.handle ?? null;

  it('registers an approved return in Shopify once, with its lines, reasons, notes and fee', async () => {
    await setSettings({});
    const order = await shopifyOrder([
      { sku: 'SHP-TEE-M', quantity: 2 },
      { sku: 'SHP-CAP', quantity: 1 },
    ]);
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-TEE-M']?.id as string, quantity: 2, reasonCode: 'too_small', comment: 'Runs small' },
      { orderLineId: order.lines['SHP-CAP']?.id as string, quantity: 1, reasonCode: 'defective', comment: 'Seam split' },
    ]);
    await runPlatformJobs();

    const returns = shopify.returnsOf(order.gid);
    expect(returns).toHaveLength(1);
    const [made] = returns as [FakeObject];
    expect(made.status).toBe('OPEN');
    const lines = made.returnLineItems as FakeObject[];
    const byLine = (sku: string) =>
      lines.find((l) => (l.fulfillmentLineItem as FakeObject).id === order.lines[sku]?.external_ref?.fulfillmentLineItemId);
    expect(byLine('SHP-TEE-M')).toMatchObject({ quantity: 2 });
    expect(reasonHandle(byLine('SHP-TEE-M') as FakeObject)).toBe('size-too-small');
    expect(String(byLine('SHP-TEE-M')?.returnReasonNote)).toContain('Runs small');
    expect(byLine('SHP-CAP')).toMatchObject({ quantity: 1 });
    expect(reasonHandle(byLine('SHP-CAP') as FakeObject)).toBe('defective');

    expect(await platformReturn(ret.id)).toMatchObject({
      origin: 'retour',
      external_id: made.id,
      external_status: 'OPEN',
      last_error: null,
    });
    expect(await eventTypes(ret.id)).toEqual(['return.platform_registered']);

    // The same job again (a repeated event, a second worker) registers nothing more.
    await runPlatformPush(t.ctx, { kind: 'return', returnId: ret.id });
    expect(shopify.returnsOf(order.gid)).toHaveLength(1);
    expect(await eventTypes(ret.id)).toEqual(['return.platform_registered']);

    // The return's page shows where it lives on Shopify.
    const admin = await t.login('admin');
    const detail = await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}`, staff: admin });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().platformReturns).toEqual([
      expect.objectContaining({ platform: 'shopify', origin: 'retour', externalId: made.id, status: 'OPEN', failed: false }),
    ]);
  });

  it('finds the return registered by a try whose answer was lost instead of making a second', async () => {
    await setSettings({});
    const order = await shopifyOrder([{ sku: 'SHP-LOST', quantity: 1 }]);
    interceptNextShopifyCall(shopify, 'returnCreate', 'lost');
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-LOST']?.id as string, quantity: 1, reasonCode: 'too_small' },
    ]);
    await runPlatformJobs();
    // Shopify made it; Retour did not hear, and kept the error for the retry.
    expect(shopify.returnsOf(order.gid)).toHaveLength(1);
    expect(await platformReturn(ret.id)).toMatchObject({ external_id: null });
    expect((await platformReturn(ret.id))?.last_error).not.toBeNull();

    // The retry looks first and keeps the one Shopify has.
    await runPlatformPush(t.ctx, { kind: 'return', returnId: ret.id });
    const returns = shopify.returnsOf(order.gid);
    expect(returns).toHaveLength(1);
    expect(await platformReturn(ret.id)).toMatchObject({ external_id: returns[0]?.id, last_error: null });
    expect(await eventTypes(ret.id)).toEqual(['return.platform_registered']);
  });

  it('shows a refusal by Shopify and lets the return go on in Retour', async () => {
    await setSettings({});
    const order = await shopifyOrder([{ sku: 'SHP-REFUSED', quantity: 1 }]);
    // The order's only fulfilment is gone on Shopify: it no longer knows the line as returnable.
    const fulfilled = (shopify.order(order.gid).fulfillments as FakeObject[])[0] as FakeObject;
    fulfilled.fulfillmentLineItems = [];
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-REFUSED']?.id as string, quantity: 1, reasonCode: 'too_small' },
    ]);
    const ran = await runPlatformJobs();
    expect(ran).toEqual([{ kind: 'return', returnId: ret.id }]);
    expect(shopify.returnsOf(order.gid)).toHaveLength(0);
    const copy = await platformReturn(ret.id);
    expect(copy?.external_id).toBeNull();
    expect(copy?.last_error).toMatch(/Fulfillment line item does not exist/);
    expect(await eventTypes(ret.id)).toEqual(['return.platform_failed']);
    const errors = await t.ctx.db.selectFrom('shop_sync_errors').selectAll().where('connection_id', '=', conn.id).execute();
    expect(errors.filter((e) => e.external_id === ret.number)).toEqual([
      expect.objectContaining({ subject: 'return_register', code: expect.any(String) }),
    ]);
    // Staff see it on the return's page.
    const admin = await t.login('admin');
    const detail = await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}`, staff: admin });
    expect(detail.json().platformReturns).toEqual([
      expect.objectContaining({ externalId: null, failed: true, lastError: expect.stringMatching(/does not exist/) }),
    ]);
    // Asking again changes nothing: the refusal stands, nothing is sent.
    const before = shopify.operations.length;
    await runPlatformPush(t.ctx, { kind: 'return', returnId: ret.id });
    expect(shopify.operations.length).toBe(before);
    // The return itself goes on: it is received in Retour as any other.
    const line = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', ret.id).executeTakeFirstOrThrow();
    await receiveLines(t.ctx, meta, { returnId: ret.id, lines: [{ returnLineId: line.id, quantity: 1 }] });
    expect(
      (await t.ctx.db.selectFrom('returns').select('status').where('id', '=', ret.id).executeTakeFirstOrThrow()).status,
    ).toBe('received');
  });

  it('gives up on a Shopify that stays down after the last try, and says so', async () => {
    await setSettings({});
    const order = await shopifyOrder([{ sku: 'SHP-CANCEL', quantity: 1 }]);
    interceptNextShopifyCall(shopify, 'returnCreate', { status: 503 });
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-CANCEL']?.id as string, quantity: 1, reasonCode: 'too_small' },
    ]);
    await runPlatformJobs();
    expect(await eventTypes(ret.id)).toEqual([]);
    expect((await platformReturn(ret.id))?.last_error).toMatch(/503/);
    // The queue's retries are spent: the job's last try hands it to the dead letter.
    await giveUpPlatformPush(t.ctx, { kind: 'return', returnId: ret.id });
    expect(await eventTypes(ret.id)).toEqual(['return.platform_failed']);
    expect((await platformReturn(ret.id))?.reported).toMatchObject({ registerFailed: expect.stringMatching(/several tries/) });
    expect(shopify.returnsOf(order.gid)).toHaveLength(0);
  });

  it('calls the return off in Shopify when it is cancelled in Retour, where the adapter can', async () => {
    await setSettings({});
    const order = await shopifyOrder([{ sku: 'SHP-CANCEL', quantity: 1 }]);
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-CANCEL']?.id as string, quantity: 1, reasonCode: 'too_small' },
    ]);
    await runPlatformJobs();
    expect(shopify.returnsOf(order.gid)).toHaveLength(1);
    await cancelReturn(t.ctx, meta, { returnId: ret.id, reason: 'Shopper kept it' });
    await runPlatformJobs();
    const handle = await t.ctx.shops.connection(conn.id);
    const expected = handle?.adapter.cancelReturn ? 'CANCELED' : 'OPEN';
    expect(shopify.returnsOf(order.gid)[0]?.status).toBe(expected);
    expect((await platformReturn(ret.id))?.external_status).toBe(expected);
  });

  it('reports the receipt once and adds restocked units to Shopify once per movement', async () => {
    await setSettings({ locations: { wh_dc: WAREHOUSE_LOCATION } });
    const order = await shopifyOrder([
      { sku: 'SHP-STOCK-A', quantity: 2 },
      { sku: 'SHP-STOCK-B', quantity: 1 },
    ]);
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-STOCK-A']?.id as string, quantity: 2, reasonCode: 'too_small' },
      { orderLineId: order.lines['SHP-STOCK-B']?.id as string, quantity: 1, reasonCode: 'defective' },
    ]);
    await runPlatformJobs();
    const itemA = inventoryItemOf('SHP-STOCK-A');
    const itemB = inventoryItemOf('SHP-STOCK-B');
    // The warehouse's location on Shopify stocks both items.
    for (const item of [itemA, itemB]) shopify.inventory.set(`${item}|${WAREHOUSE_LOCATION}`, 0);
    const before = { a: shopify.available(itemA, WAREHOUSE_LOCATION), b: shopify.available(itemB, WAREHOUSE_LOCATION) };

    const lines = await t.ctx.db
      .selectFrom('return_lines')
      .select(['id', 'order_line_id'])
      .where('return_id', '=', ret.id)
      .execute();
    const lineOf = (sku: string) => lines.find((l) => l.order_line_id === order.lines[sku]?.id)?.id as string;
    await receiveLines(t.ctx, meta, {
      returnId: ret.id,
      lines: [
        { returnLineId: lineOf('SHP-STOCK-A'), quantity: 2 },
        { returnLineId: lineOf('SHP-STOCK-B'), quantity: 1 },
      ],
    });
    await inspectLines(t.ctx, meta, {
      returnId: ret.id,
      lines: [
        { returnLineId: lineOf('SHP-STOCK-A'), grade: 'A', disposition: 'restock' },
        { returnLineId: lineOf('SHP-STOCK-B'), grade: 'D', disposition: 'dispose' },
      ],
    });
    const ran = await runPlatformJobs();
    expect(ran.filter((j) => j.kind === 'restock')).toHaveLength(1);

    // Restocked units are in Shopify's stock at the warehouse's location, once; disposed ones not.
    expect(shopify.available(itemA, WAREHOUSE_LOCATION)).toBe(before.a + 2);
    expect(shopify.available(itemB, WAREHOUSE_LOCATION)).toBe(before.b);
    const copy = await platformReturn(ret.id);
    expect(copy?.reported).toMatchObject({
      receipt: {
        [lineOf('SHP-STOCK-A')]: { accepted: 2, rejected: 0, restocked: true },
        [lineOf('SHP-STOCK-B')]: { accepted: 1, rejected: 0, restocked: false },
      },
    });
    const disposals = shopify.operations.filter((o) => /Dispose/i.test(o)).length;
    expect(disposals).toBe(1);

    // Every job again: nothing reported or restocked twice.
    const movement = await t.ctx.db
      .selectFrom('stock_movements')
      .select('id')
      .where('return_line_id', '=', lineOf('SHP-STOCK-A'))
      .executeTakeFirstOrThrow();
    await runPlatformPush(t.ctx, { kind: 'return', returnId: ret.id });
    await runPlatformPush(t.ctx, { kind: 'restock', movementId: movement.id });
    await giveUpPlatformPush(t.ctx, { kind: 'restock', movementId: movement.id });
    expect(shopify.operations.filter((o) => /Dispose/i.test(o)).length).toBe(disposals);
    expect(shopify.available(itemA, WAREHOUSE_LOCATION)).toBe(before.a + 2);
    expect(
      await t.ctx.db.selectFrom('platform_restocks').select(['status', 'quantity', 'location_id', 'attempts']).execute(),
    ).toContainEqual({ status: 'done', quantity: 2, location_id: WAREHOUSE_LOCATION, attempts: 1 });
  });

  it('closes the return in Shopify once it is settled in Retour, and only once', async () => {
    await setSettings({});
    const closes = () => shopify.operations.filter((o) => /ReturnClose$/.test(o)).length;
    const closesBefore = closes();
    const order = await shopifyOrder([{ sku: 'SHP-CLOSE', quantity: 1 }]);
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-CLOSE']?.id as string, quantity: 1, reasonCode: 'too_small' },
    ]);
    await runPlatformJobs();
    expect(shopify.returnsOf(order.gid)[0]?.status).toBe('OPEN');
    const [line] = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', ret.id).execute();
    const returnLineId = line?.id as string;
    await receiveLines(t.ctx, meta, { returnId: ret.id, lines: [{ returnLineId, quantity: 1 }] });
    await runPlatformJobs();
    // Received but not settled: still open on Shopify.
    expect(shopify.returnsOf(order.gid)[0]?.status).toBe('OPEN');
    // Graded: the refund goes through Shopify and the return is resolved (by staff where the policy waits).
    await inspectLines(t.ctx, meta, { returnId: ret.id, lines: [{ returnLineId, grade: 'A', disposition: 'dispose' }] });
    await runPlatformJobs();
    const status = async () =>
      (await t.ctx.db.selectFrom('returns').select('status').where('id', '=', ret.id).executeTakeFirstOrThrow()).status;
    if ((await status()) === 'inspected') await resolveReturn(t.ctx, meta, { returnId: ret.id });
    expect(await status()).toBe('resolved');
    await runPlatformJobs();
    expect(shopify.returnsOf(order.gid)[0]?.status).toBe('CLOSED');
    expect(await platformReturn(ret.id)).toMatchObject({ external_status: 'CLOSED', last_error: null });
    expect(closes()).toBe(closesBefore + 1);
    // Closed in Retour later, and the job run again: Shopify is not asked a second time.
    await closeReturn(t.ctx, meta, { returnId: ret.id });
    await runPlatformJobs();
    await runPlatformPush(t.ctx, { kind: 'return', returnId: ret.id });
    expect(closes()).toBe(closesBefore + 1);
    expect(shopify.returnsOf(order.gid)[0]?.status).toBe('CLOSED');
  });

  it('restocks at the primary location, retrying while Shopify is down, when returns are not pushed', async () => {
    await setSettings({ pushReturns: false });
    const order = await shopifyOrder([{ sku: 'SHP-ONLY-STOCK', quantity: 1 }]);
    const ret = await approvedReturn(order.orderId, [
      { orderLineId: order.lines['SHP-ONLY-STOCK']?.id as string, quantity: 1, reasonCode: 'too_small' },
    ]);
    const line = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', ret.id).executeTakeFirstOrThrow();
    await receiveLines(t.ctx, meta, { returnId: ret.id, lines: [{ returnLineId: line.id, quantity: 1 }] });
    const item = inventoryItemOf('SHP-ONLY-STOCK');
    const before = shopify.available(item, PRIMARY_LOCATION);
    interceptNextShopifyCall(shopify, 'inventoryAdjustQuantities', { status: 503 });
    await inspectLines(t.ctx, meta, { returnId: ret.id, lines: [{ returnLineId: line.id, grade: 'A', disposition: 'restock' }] });
    await runPlatformJobs();
    expect(shopify.returnsOf(order.gid)).toHaveLength(0);
    expect(shopify.available(item, PRIMARY_LOCATION)).toBe(before);
    const movement = await t.ctx.db
      .selectFrom('stock_movements')
      .select('id')
      .where('return_line_id', '=', line.id)
      .executeTakeFirstOrThrow();
    const pending = await t.ctx.db
      .selectFrom('platform_restocks')
      .selectAll()
      .where('movement_id', '=', movement.id)
      .executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.last_error).not.toBeNull();
    // The retry after the back-off:
    await runPlatformPush(t.ctx, { kind: 'restock', movementId: movement.id });
    expect(shopify.available(item, PRIMARY_LOCATION)).toBe(before + 1);
    expect(await platformReturn(ret.id)).toBeUndefined();
  });

  it('leaves returns and stock that came through no connection alone: no platform job at all', async () => {
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const [order] = await seedOrders(t.ctx, [
      orderFixture('7001', delivered, { lines: [orderLine('TEE-M', 1, 2000, delivered)] }),
    ]);
    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', order?.id as string)
      .execute();
    const ret = await approvedReturn(order?.id as string, [
      { orderLineId: lines[0]?.id as string, quantity: 1, reasonCode: 'too_small' },
    ]);
    const line = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', ret.id).executeTakeFirstOrThrow();
    await receiveLines(t.ctx, meta, { returnId: ret.id, lines: [{ returnLineId: line.id, quantity: 1 }] });
    await inspectLines(t.ctx, meta, { returnId: ret.id, lines: [{ returnLineId: line.id, grade: 'A', disposition: 'restock' }] });
    const operations = shopify.operations.length;
    expect(await runPlatformJobs()).toEqual([]);
    expect(shopify.operations.length).toBe(operations);
    expect(await platformReturn(ret.id)).toBeUndefined();
  });
});
