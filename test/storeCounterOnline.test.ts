import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import { receiveLines } from '../src/app/returns/inspection/receiveLines.js';
import { markInTransit } from '../src/app/returns/markInTransit.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, FIXTURE_STORE, orderFixture, seedCatalogue, seedOrders, seedStaff, seedStore } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

// Returns requested online (to bring to a store) taken back over the counter or at the till: only
// what the shopper brings, only while the goods are awaited, and the money once.
describe.each(DB_KINDS)('the store counter with returns requested online (%s)', (kind) => {
  let t: TestApp;
  let store: StaffClient;
  let agent: StaffClient;
  let orders: Awaited<ReturnType<typeof seedOrders>>;
  let tillKey: string;
  let otherTillKey: string;
  const OTHER_STORE = 'wh_store_utr';

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'store']);
    await seedStore(t.ctx, OTHER_STORE);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const sandbox = (n: string) => ({ paymentProvider: 'sandbox' as const, paymentReference: `sbx_tr_${n}_${kind}` });
    orders = await seedOrders(t.ctx, [
      orderFixture('7201', delivered, sandbox('7201')),
      orderFixture('7202', delivered, sandbox('7202')),
      orderFixture('7203', delivered, sandbox('7203')),
      orderFixture('7204', delivered, sandbox('7204')),
      orderFixture('7205', delivered, { paymentProvider: 'mollie', paymentReference: `tr_7205_${kind}` }),
      orderFixture('7206', delivered, sandbox('7206')),
    ]);
    const admin = await t.login('admin');
    agent = await t.login('agent');
    store = await t.login('store');
    const saved = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { apiKey: 'sandbox_test' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    tillKey = (await createApiKey(t.ctx, { actor: cliActor }, { name: 'till', role: 'store', storeId: FIXTURE_STORE })).key;
    otherTillKey = (await createApiKey(t.ctx, { actor: cliActor }, { name: 'till 2', role: 'store', storeId: OTHER_STORE })).key;
  });
  afterAll(() => t?.close());

  const order = (i: number) => orders[i] as (typeof orders)[number];
  const takeBack = (payload: object, key: string, who: { staff?: StaffClient; bearer?: string } = { staff: store }) =>
    t.request({ method: 'POST', url: '/api/v1/store-counter/returns', ...who, payload, headers: { 'idempotency-key': key } });
  /** A return requested online to bring to the store, approved at once. */
  const requestOnline = async (i: number, lines: { sku: string; quantity: number }[]) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/returns',
      staff: agent,
      payload: {
        orderId: order(i).id,
        method: 'store',
        storeId: FIXTURE_STORE,
        lines: lines.map((l) => ({
          orderLineId: order(i).lineBySku[l.sku],
          quantity: l.quantity,
          reasonCode: 'too_small',
          resolution: 'refund',
        })),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('approved');
    return res.json() as { returnId: string; number: string; lines: { id: string; orderLineId: string }[] };
  };
  const linesOf = (returnId: string) =>
    t.ctx.db
      .selectFrom('return_lines')
      .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
      .select(['order_lines.sku', 'return_lines.reception', 'return_lines.quantity_received', 'return_lines.settlement'])
      .where('return_id', '=', returnId)
      .orderBy('order_lines.sku')
      .execute();
  const writtenFor = async (returnId: string) => ({
    counter: await t.ctx.db.selectFrom('counter_returns').select('id').where('return_id', '=', returnId).execute(),
    settlements: await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', returnId).execute(),
    stock: await t.ctx.db
      .selectFrom('stock_movements')
      .select(sql<string>`coalesce(sum(quantity), 0)`.as('n'))
      .where('warehouse_id', '=', FIXTURE_STORE)
      .where('return_line_id', 'in', (eb) => eb.selectFrom('return_lines').select('id').where('return_id', '=', returnId))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
  });

  it('takes back a return requested online through the till, and shows its receipt only to its own store', async () => {
    const online = await requestOnline(0, [{ sku: 'TEE-M', quantity: 2 }]);
    const found = (await t.request({ method: 'GET', url: '/api/v1/store-counter/find?q=7201', bearer: tillKey })).json();
    expect(found.orders[0].openReturns).toMatchObject([{ id: online.returnId }]);
    const res = await takeBack(
      {
        orderId: order(0).id,
        returnId: online.returnId,
        lines: [{ orderLineId: order(0).lineBySku['TEE-M'], quantity: 2, grade: 'B' }],
      },
      'till-7201',
      { bearer: tillKey },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ returnId: online.returnId, outcome: 'taken_back' });
    expect(res.json().receipt.lines).toMatchObject([{ quantity: 2, grade: 'B' }]);
    const receipt = await t.request({
      method: 'GET',
      url: `/api/v1/store-counter/returns/${online.returnId}/receipt`,
      bearer: tillKey,
    });
    expect(receipt.statusCode).toBe(200);
    // Another store's till sees none of this store's receipts.
    const peek = await t.request({
      method: 'GET',
      url: `/api/v1/store-counter/returns/${online.returnId}/receipt`,
      bearer: otherTillKey,
    });
    expect(peek.statusCode).toBe(404);
    // Once in, the return is no longer one the counter offers.
    const after = (await t.request({ method: 'GET', url: '/api/v1/store-counter/find?q=7201', bearer: tillKey })).json();
    expect(after.orders[0].openReturns).toEqual([]);
  });

  it('receives and refunds only what the shopper brought of a return requested online', async () => {
    const online = await requestOnline(1, [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'JACKET', quantity: 1 },
    ]);
    const payload = {
      orderId: order(1).id,
      returnId: online.returnId,
      lines: [{ orderLineId: order(1).lineBySku['TEE-M'], quantity: 1, grade: 'A' }],
    };
    const res = await takeBack(payload, 'partial-7202');
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json().receipt;
    expect(receipt.lines).toMatchObject([{ sku: 'TEE-M', quantity: 1 }]);
    expect(receipt.refunded).toBeGreaterThan(0);
    // One tee of €20 at most: not the second tee, not the jacket left at home.
    expect(receipt.refunded).toBeLessThanOrEqual(2000);
    expect(receipt.refunded).toBe(receipt.lines[0].amount);
    expect(await linesOf(online.returnId)).toEqual([
      { sku: 'JACKET', reception: 'expected', quantity_received: 0, settlement: 'none' },
      { sku: 'TEE-M', reception: 'short_received', quantity_received: 1, settlement: 'succeeded' },
    ]);
    // A repeat (a double tap, a till retrying) answers the same and pays nothing more.
    const again = await takeBack(payload, 'partial-7202');
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().receipt.refunded).toBe(receipt.refunded);
    expect((await writtenFor(online.returnId)).settlements).toHaveLength(1);
  });

  it('takes nothing back of a return whose goods came in at a warehouse or are with a carrier, and writes nothing', async () => {
    const atDc = await requestOnline(2, [{ sku: 'TEE-M', quantity: 1 }]);
    const tee = atDc.lines[0]?.id ?? '';
    await receiveLines(t.ctx, { actor: cliActor }, { returnId: atDc.returnId, lines: [{ returnLineId: tee, quantity: 1 }] });
    const body = (i: number, returnId: string) => ({
      orderId: order(i).id,
      returnId,
      lines: [{ orderLineId: order(i).lineBySku['TEE-M'], quantity: 1, grade: 'A' }],
    });
    const received = await takeBack(body(2, atDc.returnId), 'dc-7203');
    expect(received.statusCode, received.body).toBe(409);
    expect(received.json()).toMatchObject({ code: 'RETURN_NOT_AWAITING_GOODS', errors: [{ path: 'returnId' }] });
    expect(await writtenFor(atDc.returnId)).toEqual({ counter: [], settlements: [], stock: 0 });

    const shipped = await requestOnline(3, [{ sku: 'TEE-M', quantity: 1 }]);
    await markInTransit(t.ctx, { actor: cliActor }, { returnId: shipped.returnId, trackingNumber: '3STEST7204' });
    const moving = await takeBack(body(3, shipped.returnId), 'carrier-7204');
    expect(moving.statusCode, moving.body).toBe(409);
    expect(moving.json()).toMatchObject({ code: 'RETURN_NOT_AWAITING_GOODS' });
    expect(await writtenFor(shipped.returnId)).toEqual({ counter: [], settlements: [], stock: 0 });
    expect((await linesOf(shipped.returnId))[0]?.reception).not.toBe('received');
  });

  it('refuses, before booking anything in, an online return to refund through a provider the shop has not set up', async () => {
    const online = await requestOnline(4, [{ sku: 'TEE-M', quantity: 1 }]);
    const refused = await takeBack(
      {
        orderId: order(4).id,
        returnId: online.returnId,
        lines: [{ orderLineId: order(4).lineBySku['TEE-M'], quantity: 1, grade: 'A' }],
      },
      'mollie-7205',
    );
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED' });
    expect(await linesOf(online.returnId)).toMatchObject([{ reception: 'expected', settlement: 'none' }]);
    expect(await writtenFor(online.returnId)).toEqual({ counter: [], settlements: [], stock: 0 });
  });

  it('refunds an online return once when a double tap races itself', async () => {
    const online = await requestOnline(5, [{ sku: 'TEE-M', quantity: 2 }]);
    const payload = {
      orderId: order(5).id,
      returnId: online.returnId,
      lines: [{ orderLineId: order(5).lineBySku['TEE-M'], quantity: 2, grade: 'A' }],
    };
    const taps = await Promise.all([takeBack(payload, 'race-7206'), takeBack(payload, 'race-7206')]);
    for (const r of taps) expect([201, 409], r.body).toContain(r.statusCode);
    const again = await takeBack(payload, 'race-7206');
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ returnId: online.returnId, outcome: 'taken_back' });
    const written = await writtenFor(online.returnId);
    expect(written.counter).toHaveLength(1);
    expect(written.settlements).toHaveLength(1);
    expect(written.stock).toBe(2);
  });
});
