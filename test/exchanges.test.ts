import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { availableToPromise } from '../src/app/catalog/stock.js';
import { DB_KINDS } from './support/databases.js';
import { FakePaymentProvider } from './support/fakePaymentProviders.js';
import {
  DAY,
  seedCatalogue,
  seedExchangeStock,
  seedOpeningStock,
  seedOrders,
  seedStaff,
  seedTeeSize,
} from './support/fixtures.js';
import { connectPaymentProvider, paidOrderFixture } from './support/paidOrders.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];

describe.each(DB_KINDS)('exchanges (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let warehouse: StaffClient;
  const mollie = new FakePaymentProvider('mollie');
  const stripe = new FakePaymentProvider('stripe');
  const orders: Record<string, Seeded> = {};

  beforeAll(async () => {
    await mollie.start();
    await stripe.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'exchange-test-key' });
    await seedCatalogue(t.ctx);
    await seedExchangeStock(t.ctx);
    // A cheaper size of the tee, so an exchange can leave a surplus.
    await seedTeeSize(t.ctx, 'S', 1500);
    await seedOpeningStock(t.ctx, 'stm_00000000000000000000000009', 'var_tee_s', 3);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse', 'analyst']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const paidBy = (n: string, provider: FakePaymentProvider | null) => paidOrderFixture(n, delivered, provider);
    const seeded = await seedOrders(t.ctx, [
      paidBy('8001', mollie),
      paidBy('8002', mollie),
      paidBy('8003', mollie),
      paidBy('8004', stripe),
      paidBy('8005', mollie),
      paidBy('8006', null),
      paidBy('8007', mollie),
      paidBy('8008', mollie),
      paidBy('8009', mollie),
      paidBy('8010', mollie),
      paidBy('8011', mollie),
      paidBy('8012', mollie),
      paidBy('8013', stripe),
      paidBy('8014', mollie),
      paidBy('8015', mollie),
      paidBy('8016', mollie),
      paidBy('8017', mollie),
      paidBy('8018', mollie),
      paidBy('8019', mollie),
    ]);
    for (const o of seeded) orders[o.number] = o;
    admin = await t.login('admin');
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
    for (const p of [mollie, stripe]) {
      const res = await connectPaymentProvider(t, admin, p);
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterAll(async () => {
    await t?.close();
    await mollie.stop();
    await stripe.stop();
  });
  // Tests move the clock weeks ahead and back; one that fails in between must not leave the next
  // test in the future (signed out, its links expired).
  let clockAtStart = 0;
  beforeEach(() => {
    clockAtStart = t.clock.now.getTime();
  });
  afterEach(() => {
    if (t.clock.now.getTime() > clockAtStart + DAY) t.clock.now = new Date(clockAtStart);
  });

  const post = (url: string, payload: object | undefined, staff: StaffClient = agent) =>
    t.request({ method: 'POST', url, staff, payload });
  const get = (url: string, staff: StaffClient = agent) => t.request({ method: 'GET', url, staff });
  const atp = async (variant: string) => (await availableToPromise(t.ctx.db, [variant])).get(variant);

  /** Requests an exchange of one tee of an order for `variant` and approves it. */
  async function exchange(orderNumber: string, variant: string, quantity = 1) {
    const o = orders[orderNumber] as Seeded;
    const res = await post('/api/v1/returns', {
      orderId: o.id,
      method: 'qr',
      lines: [
        {
          orderLineId: o.lineBySku['TEE-M'],
          quantity,
          reasonCode: 'too_small',
          resolution: 'exchange',
          exchangeVariantId: variant,
        },
      ],
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
  const ordersOf = async (returnId: string) => (await get(`/api/v1/returns/${returnId}/exchange-orders`)).json().items;

  async function backAndInspected(returnId: string) {
    const lines = (await get(`/api/v1/returns/${returnId}`)).json().lines as { id: string; quantity: number }[];
    const received = await post(
      `/api/v1/returns/${returnId}/receive`,
      { lines: lines.map((l) => ({ returnLineId: l.id, quantity: l.quantity })) },
      warehouse,
    );
    expect(received.statusCode, received.body).toBe(200);
    const inspected = await post(
      `/api/v1/returns/${returnId}/inspect`,
      { lines: lines.map((l) => ({ returnLineId: l.id, grade: 'A', disposition: 'restock' })) },
      warehouse,
    );
    expect(inspected.statusCode, inspected.body).toBe(200);
  }

  /** Puts a policy with these defaults in force for the running test; the one in force before is
   * back after it, so no other test runs under it. */
  async function publishDefaults(changes: Record<string, unknown>) {
    const active = (await get('/api/v1/settings/shop', admin)).json().activePolicyVersionId;
    const current = (await get(`/api/v1/policy-versions/${active}`, admin)).json();
    const document = { ...current.document, defaults: { ...current.document.defaults, ...changes } };
    await publishPolicy(t, admin, `Defaults ${JSON.stringify(changes)}`, document);
    onTestFinished(async () => {
      expect((await post(`/api/v1/policy-versions/${active}/publish`, {}, admin)).statusCode).toBe(200);
    });
  }

  /** Sets what happens to an instant exchange whose old item does not come back, for the running test. */
  async function whenUnreturned(action: 'review' | 'charge') {
    const before = (await get('/api/v1/settings/shop', admin)).json().instantExchangeUnreturned;
    const patch = (value: string) =>
      t.request({ method: 'PATCH', url: '/api/v1/settings/shop', staff: admin, payload: { instantExchangeUnreturned: value } });
    const set = await patch(action);
    expect(set.statusCode, set.body).toBe(200);
    onTestFinished(async () => {
      expect((await patch(before)).statusCode).toBe(200);
    });
  }

  it('reserves the other size on approval and frees it again when the return is cancelled', async () => {
    const before = await atp('var_tee_l');
    const returnId = await exchange('8001', 'var_tee_l');
    const [order] = await ordersOf(returnId);
    expect(order).toMatchObject({
      status: 'reserved',
      priceDifference: 0,
      instant: false,
      lines: [{ sku: 'TEE-L', quantity: 1, unitPrice: 2000, returnedValue: 2000, difference: 0 }],
    });
    expect(await atp('var_tee_l')).toBe((before ?? 0) - 1);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.lines[0].settlement).toBe('pending');
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain('exchange_order.created');

    const cancelled = await post(`/api/v1/returns/${returnId}/cancel`, { reason: 'Keeps the shirt after all' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await ordersOf(returnId))[0]).toMatchObject({ status: 'cancelled', cancelReason: 'return cancelled' });
    expect(await atp('var_tee_l')).toBe(before);

    // A return never sent back expires after its ship-by date, and its exchange lets go of the stock.
    const late = await exchange('8001', 'var_tee_l');
    expect(await atp('var_tee_l')).toBe((before ?? 0) - 1);
    t.clock.advance(20 * DAY);
    const expired = await post(`/api/v1/returns/${late}/expire`, {}, await t.login('agent'));
    t.clock.advance(-20 * DAY);
    expect(expired.statusCode, expired.body).toBe(200);
    expect((await ordersOf(late))[0]).toMatchObject({ status: 'cancelled', cancelReason: 'return expired' });
    expect(await atp('var_tee_l')).toBe(before);
  });

  it('ships the new size once the old one is inspected: stock goes out once, the line is settled and the return resolves', async () => {
    const returnId = await exchange('8002', 'var_tee_l');
    const [order] = await ordersOf(returnId);
    // Not before the policy's moment (inspection, by default).
    const early = await post(`/api/v1/exchange-orders/${order.id}/ship`, { trackingNumber: 'EX1' }, warehouse);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'EXCHANGE_NOT_READY' });

    await backAndInspected(returnId);
    const ready = (await get('/api/v1/exchange-orders?status=ready')).json().items.map((o: { id: string }) => o.id);
    expect(ready).toContain(order.id);
    const stockBefore = await atp('var_tee_l');
    const shipped = await post(
      `/api/v1/exchange-orders/${order.id}/ship`,
      { trackingNumber: 'EX-3S-0001', carrier: 'postnl' },
      warehouse,
    );
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json()).toMatchObject({ status: 'shipped', shipment: { trackingNumber: 'EX-3S-0001', carrier: 'postnl' } });
    // Shipping again answers with the shipment and moves nothing.
    const again = await post(`/api/v1/exchange-orders/${order.id}/ship`, { trackingNumber: 'EX-3S-0001' }, warehouse);
    expect(again.statusCode).toBe(200);
    const movements = await t.ctx.db
      .selectFrom('stock_movements')
      .select(['quantity', 'kind'])
      .where('kind', '=', 'exchange_shipment')
      .where('variant_id', '=', 'var_tee_l')
      .where('note', '=', `exchange ${order.number}`)
      .execute();
    expect(movements).toEqual([{ quantity: -1, kind: 'exchange_shipment' }]);
    // The reservation became a shipment: what can be promised is unchanged by it.
    expect(await atp('var_tee_l')).toBe(stockBefore);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.status).toBe('resolved');
    expect(detail.lines[0]).toMatchObject({ settlement: 'succeeded' });
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['exchange_order.ready', 'exchange_order.shipped']),
    );
    // The shopper follows it on their status page.
    const token = await t.shopperToken('8002', '8002@example.nl');
    const mine = (await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}`, bearer: token })).json();
    expect(mine.exchangeOrders[0]).toMatchObject({ status: 'shipped', shipment: { trackingNumber: 'EX-3S-0001' } });
    // The exchange went out; no money was paid back, so the shopper's timeline does not say so.
    const told = mine.timeline.map((e: { type: string }) => e.type);
    expect(told).toContain('exchange_order.shipped');
    expect(told.filter((type: string) => ['return.refunded', 'return.settlement_recorded'].includes(type))).toEqual([]);
  });

  it('asks the shopper to pay the difference for a dearer product through a Mollie payment link, once', async () => {
    const returnId = await exchange('8003', 'var_linen_m');
    let [order] = await ordersOf(returnId);
    expect(order).toMatchObject({
      status: 'awaiting_payment',
      priceDifference: 1500,
      payment: { status: 'open', provider: 'mollie' },
    });
    expect(order.payment.url).toMatch(/\/pay\/pl_/);
    const link = mollie.linkFor(order.number);
    expect(link).toMatchObject({ amount: 1500, currency: 'EUR' });
    // Another round (or process) finds the link there and makes no second one.
    await post('/api/v1/exchange-orders/run', {}, agent);
    expect([...mollie.links.values()].filter((l) => l.description.includes(order.number))).toHaveLength(1);

    const token = await t.shopperToken('8003', '8003@example.nl');
    const mine = (await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}`, bearer: token })).json();
    expect(mine.exchangeOrders[0].payment).toMatchObject({ status: 'open', url: order.payment.url, error: null });

    mollie.payLink(link?.id as string);
    const checked = await post(`/api/v1/exchange-orders/${order.id}/check-payment`, {}, agent);
    expect(checked.statusCode, checked.body).toBe(200);
    [order] = await ordersOf(returnId);
    expect(order).toMatchObject({ status: 'reserved', payment: { status: 'paid', reference: link?.paymentId } });
    await backAndInspected(returnId);
    expect((await ordersOf(returnId))[0].status).toBe('ready');
    // The difference is money in for the bookkeeping: debit Mollie's balance, credit sales.
    const day = t.clock.now.toISOString().slice(0, 10);
    const journal = (await get(`/api/v1/finance/journal?from=${day}&to=${day}&format=json`, admin)).json().items;
    const paidHere = journal.filter(
      (l: { movement: string; reference: string }) => l.movement === 'exchange_payment_mollie' && l.reference === link?.paymentId,
    );
    expect(paidHere).toEqual([
      expect.objectContaining({ amount: 1500, debitAccount: '1105', creditAccount: '8000', reference: link?.paymentId }),
    ]);
  });

  it('reserves on bulk approval too', async () => {
    await publishDefaults({ autoApprove: false });
    const o = orders['8002'] as Seeded;
    const res = await post('/api/v1/returns', {
      orderId: o.id,
      method: 'qr',
      lines: [
        {
          orderLineId: o.lineBySku['TEE-M'],
          quantity: 1,
          reasonCode: 'too_small',
          resolution: 'exchange',
          exchangeVariantId: 'var_tee_l',
        },
      ],
    });
    expect(res.json().status).not.toBe('approved');
    const returnId = res.json().returnId;
    expect(await ordersOf(returnId)).toEqual([]);
    const bulk = await post('/api/v1/returns/bulk', { action: 'approve', returnIds: [returnId], reason: 'checked' });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect((await ordersOf(returnId))[0]).toMatchObject({ status: 'reserved', lines: [{ sku: 'TEE-L' }] });
    await publishDefaults({ autoApprove: true });
  });

  it('takes the difference through a Stripe payment link too', async () => {
    const returnId = await exchange('8004', 'var_linen_m');
    const [order] = await ordersOf(returnId);
    expect(order).toMatchObject({ status: 'awaiting_payment', payment: { status: 'open', provider: 'stripe' } });
    const link = stripe.linkFor(order.id);
    expect(link).toMatchObject({ amount: 1500, currency: 'EUR' });
    stripe.payLink(link?.id as string);
    const round = await post('/api/v1/exchange-orders/run', {}, agent);
    expect(round.json().paid).toBeGreaterThanOrEqual(1);
    expect((await ordersOf(returnId))[0]).toMatchObject({
      status: 'reserved',
      payment: { status: 'paid', reference: link?.paymentId },
    });
  });

  it('pays back the surplus of a cheaper size at the moment, to the payment or as store credit', async () => {
    const returnId = await exchange('8005', 'var_tee_s');
    const [order] = await ordersOf(returnId);
    expect(order).toMatchObject({ status: 'reserved', priceDifference: -500, surplusSettlementId: null });
    await backAndInspected(returnId);
    const [after] = await ordersOf(returnId);
    expect(after.status).toBe('ready');
    const settlements = (await get(`/api/v1/returns/${returnId}/settlements`)).json().items;
    const surplus = settlements.find((s: { id: string }) => s.id === after.surplusSettlementId);
    expect(surplus).toMatchObject({ kind: 'exchange_surplus', provider: 'mollie', status: 'succeeded', amount: 500 });
    const refunds = mollie.refunds.filter((r) => r.metadata.settlementId === surplus.id);
    expect(refunds.map((r) => r.amount)).toEqual([500]);

    // As store credit, when the shop says so.
    expect(
      (
        await t.request({
          method: 'PATCH',
          url: '/api/v1/settings/shop',
          staff: admin,
          payload: { exchangeSurplus: 'store_credit' },
        })
      ).statusCode,
    ).toBe(200);
    t.clock.advance(6_000);
    const second = await exchange('8007', 'var_tee_s');
    await backAndInspected(second);
    const [credited] = await ordersOf(second);
    const s2 = (await get(`/api/v1/returns/${second}/settlements`))
      .json()
      .items.find((s: { id: string }) => s.id === credited.surplusSettlementId);
    expect(s2).toMatchObject({ kind: 'exchange_surplus', provider: 'ledger', status: 'succeeded', amount: 500 });
    const customerId = (await get(`/api/v1/returns/${second}`)).json().customer.id;
    const credit = (await get(`/api/v1/customers/${customerId}/store-credit`)).json();
    expect(credit.items[0].balance).toBe(500);
    await t.request({ method: 'PATCH', url: '/api/v1/settings/shop', staff: admin, payload: { exchangeSurplus: 'refund' } });
  });

  it('without a provider, staff confirm the difference came in; cancelling sends the lines to a refund instead', async () => {
    const returnId = await exchange('8006', 'var_linen_m');
    const [order] = await ordersOf(returnId);
    expect(order).toMatchObject({ status: 'awaiting_payment', payment: { status: 'none', provider: null } });
    const confirmed = await post(`/api/v1/exchange-orders/${order.id}/payment`, { reference: 'TILL-42' }, agent);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'reserved', payment: { status: 'paid', reference: 'TILL-42' } });
    // The warehouse may ship but not call an exchange off.
    expect(
      (await post(`/api/v1/exchange-orders/${order.id}/cancel`, { reason: 'x', settleAs: 'refund' }, warehouse)).statusCode,
    ).toBe(403);
    const cancelled = await post(`/api/v1/exchange-orders/${order.id}/cancel`, { reason: 'Linen sold out', settleAs: 'refund' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Linen sold out' });
    const line = (await get(`/api/v1/returns/${returnId}`)).json().lines[0];
    expect(line).toMatchObject({ grantedResolution: 'refund', settlement: 'failed' });
    expect((await post(`/api/v1/exchange-orders/${order.id}/cancel`, { reason: 'again', settleAs: 'refund' })).json().code).toBe(
      'EXCHANGE_CANCELLED',
    );
  });

  it('closes an open payment link when the exchange is called off, by staff or with its return', async () => {
    for (const [number, end] of [
      [
        '8018',
        (order: { id: string }) =>
          post(`/api/v1/exchange-orders/${order.id}/cancel`, { reason: 'Linen sold out', settleAs: 'refund' }),
      ],
      [
        '8019',
        (_order: unknown, returnId: string) =>
          post(`/api/v1/returns/${returnId}/cancel`, { reason: 'Keeps the shirt after all' }),
      ],
    ] as const) {
      const returnId = await exchange(number, 'var_linen_m');
      const [order] = await ordersOf(returnId);
      expect(order).toMatchObject({ status: 'awaiting_payment', payment: { status: 'open', provider: 'mollie' } });
      expect(mollie.linkFor(order.number)?.active).toBe(true);
      const ended = await end(order, returnId);
      expect(ended.statusCode, ended.body).toBe(200);
      expect((await ordersOf(returnId))[0].status).toBe('cancelled');
      // No payment can be taken for an exchange that will not ship.
      expect(mollie.linkFor(order.number)?.active).toBe(false);
    }
  });

  it('ends an exchange whose difference is not paid before the link closes, and refunds the item instead', async () => {
    const returnId = await exchange('8008', 'var_linen_m');
    const [order] = await ordersOf(returnId);
    expect(order.status).toBe('awaiting_payment');
    const before = await atp('var_linen_m');
    t.clock.advance(40 * DAY);
    const run = await post('/api/v1/exchange-orders/run', {}, await t.login('agent'));
    expect(run.statusCode, run.body).toBe(200);
    const round = run.json();
    t.clock.advance(-40 * DAY);
    expect(round.expired).toBeGreaterThanOrEqual(1);
    expect((await ordersOf(returnId))[0]).toMatchObject({
      status: 'cancelled',
      cancelReason: 'price difference not paid in time',
    });
    expect(await atp('var_linen_m')).toBe((before ?? 0) + 1);
    expect((await get(`/api/v1/returns/${returnId}`)).json().lines[0].grantedResolution).toBe('refund');
  });

  it('gives a paid difference back when the exchange is called off, also one paid after it was', async () => {
    const returnId = await exchange('8010', 'var_linen_m');
    const [order] = await ordersOf(returnId);
    const link = mollie.linkFor(order.number);
    mollie.payLink(link?.id as string);
    expect((await post(`/api/v1/exchange-orders/${order.id}/check-payment`, {}, agent)).statusCode).toBe(200);
    const cancelled = await post(`/api/v1/exchange-orders/${order.id}/cancel`, { reason: 'Linen sold out', settleAs: 'refund' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const backId = cancelled.json().differenceRefundSettlementId;
    expect(backId).toEqual(expect.any(String));
    await post('/api/v1/exchange-orders/run', {}, agent);
    await post('/api/v1/exchange-orders/run', {}, agent);
    const back = (await get(`/api/v1/returns/${returnId}/settlements`)).json().items.find((s: { id: string }) => s.id === backId);
    expect(back).toMatchObject({ kind: 'exchange_difference', provider: 'mollie', status: 'succeeded', amount: 1500 });
    expect(mollie.refunds.filter((r) => r.metadata.settlementId === backId).map((r) => r.amount)).toEqual([1500]);

    // Paid through the link just as staff called the exchange off: recorded, and paid back once.
    const late = await exchange('8011', 'var_linen_m');
    const [lateOrder] = await ordersOf(late);
    const lateLink = mollie.linkFor(lateOrder.number);
    const off = await post(`/api/v1/exchange-orders/${lateOrder.id}/cancel`, { reason: 'Changed mind', settleAs: 'refund' });
    expect(off.json()).toMatchObject({
      status: 'cancelled',
      payment: { status: 'open', url: null },
      differenceRefundSettlementId: null,
    });
    mollie.payLink(lateLink?.id as string);
    await post('/api/v1/exchange-orders/run', {}, agent);
    await post('/api/v1/exchange-orders/run', {}, agent);
    const [after] = await ordersOf(late);
    expect(after).toMatchObject({ status: 'cancelled', payment: { status: 'paid', via: 'mollie' } });
    const lateBack = (await get(`/api/v1/returns/${late}/settlements`))
      .json()
      .items.find((s: { id: string }) => s.id === after.differenceRefundSettlementId);
    expect(lateBack).toMatchObject({ kind: 'exchange_difference', status: 'succeeded', amount: 1500 });
    expect(mollie.refunds.filter((r) => r.metadata.settlementId === lateBack.id)).toHaveLength(1);
  });

  it('takes a surplus already paid back off the refund when the exchange is called off afterwards', async () => {
    const returnId = await exchange('8012', 'var_tee_s');
    await backAndInspected(returnId);
    const [order] = await ordersOf(returnId);
    expect(order.status).toBe('ready');
    const cancelled = await post(`/api/v1/exchange-orders/${order.id}/cancel`, { reason: 'Size S sold out', settleAs: 'refund' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // The return is past its moment: the line is refunded at once, less the 5.00 it got already.
    const settlements = (await get(`/api/v1/returns/${returnId}/settlements`)).json().items as {
      kind: string;
      status: string;
      amount: number;
    }[];
    expect(
      settlements
        .filter((s) => s.status === 'succeeded')
        .map((s) => [s.kind, s.amount])
        .sort(),
    ).toEqual([
      ['exchange_surplus', 500],
      ['refund', 1500],
    ]);
    const line = (await get(`/api/v1/returns/${returnId}`)).json().lines[0];
    expect(line).toMatchObject({ grantedResolution: 'refund', settlement: 'succeeded' });
  });

  it('keeps waiting while a Stripe checkout is still settling, and takes the payment when it lands', async () => {
    const returnId = await exchange('8013', 'var_linen_m');
    const [order] = await ordersOf(returnId);
    const link = stripe.linkFor(order.id);
    stripe.startSlowPayment(link?.id as string);
    t.clock.advance(40 * DAY);
    const later = await t.login('agent');
    // The round leaves this link open (links of other tests' exchanges may expire in it).
    expect((await post('/api/v1/exchange-orders/run', {}, later)).statusCode).toBe(200);
    expect((await get(`/api/v1/returns/${returnId}/exchange-orders`, later)).json().items[0].status).toBe('awaiting_payment');
    stripe.payLink(link?.id as string);
    expect((await post('/api/v1/exchange-orders/run', {}, later)).json().paid).toBeGreaterThanOrEqual(1);
    t.clock.advance(-40 * DAY);
    expect((await ordersOf(returnId))[0]).toMatchObject({ status: 'reserved', payment: { status: 'paid', via: 'stripe' } });
  });

  it('ships an instant exchange at once and, when the old item is not back in time, holds it for review or charges the shopper', async () => {
    await publishDefaults({ instantExchange: true });
    await whenUnreturned('review');
    const returnId = await exchange('8009', 'var_tee_l');
    const [order] = await ordersOf(returnId);
    expect(order).toMatchObject({ status: 'ready', instant: true });
    expect(order.returnBy).toBe((await get(`/api/v1/returns/${returnId}`)).json().shipBy);
    expect((await post(`/api/v1/exchange-orders/${order.id}/ship`, { trackingNumber: 'INSTANT-1' }, warehouse)).statusCode).toBe(
      200,
    );
    // Nothing happens before the date.
    expect((await post('/api/v1/exchange-orders/run', {}, agent)).json().overdue).toBe(0);

    t.clock.advance(30 * DAY);
    const late = await t.login('agent');
    const round = (await post('/api/v1/exchange-orders/run', {}, late)).json();
    // This one (and any instant exchange of another test still out).
    expect(round.overdue).toBeGreaterThanOrEqual(1);
    const detail = (await get(`/api/v1/returns/${returnId}`, late)).json();
    expect(detail).toMatchObject({ onHold: true, holdReasons: ['instant_exchange_unreturned'] });
    expect((await post('/api/v1/exchange-orders/run', {}, late)).json().overdue).toBe(0);
    t.clock.advance(-30 * DAY);
    expect((await ordersOf(returnId))[0].overdue).toMatchObject({ action: 'review' });

    // Charging instead: a payment link for the value of what was kept (set back after the test).
    const charge = await t.request({
      method: 'PATCH',
      url: '/api/v1/settings/shop',
      staff: admin,
      payload: { instantExchangeUnreturned: 'charge' },
    });
    expect(charge.statusCode, charge.body).toBe(200);
    t.clock.advance(6_000);
    const charged = await exchange('8001', 'var_tee_l');
    const [o2] = await ordersOf(charged);
    expect(o2.status).toBe('ready');
    t.clock.advance(30 * DAY);
    const later = await t.login('agent');
    await post('/api/v1/exchange-orders/run', {}, later);
    const [overdue] = (await get(`/api/v1/returns/${charged}/exchange-orders`, later)).json().items;
    expect(overdue.overdue).toMatchObject({ action: 'charge', chargeAmount: 2000, chargeStatus: 'open' });
    const chargeLink = [...mollie.links.values()].find((l) => l.description.includes(o2.number) && l.amount === 2000);
    expect(chargeLink).toBeDefined();
    mollie.payLink(chargeLink?.id as string);
    await post('/api/v1/exchange-orders/run', {}, later);
    t.clock.advance(-30 * DAY);
    expect((await ordersOf(charged))[0].overdue).toMatchObject({ chargeStatus: 'paid' });
    expect((await get(`/api/v1/returns/${charged}`)).json().onHold).toBe(false);
  });

  it('deals with an overdue instant exchange of a return that expired, without stopping the round', async () => {
    await publishDefaults({ instantExchange: true });
    await whenUnreturned('review');
    t.clock.advance(6_000);
    const returnId = await exchange('8014', 'var_tee_l');
    const [order] = await ordersOf(returnId);
    expect((await post(`/api/v1/exchange-orders/${order.id}/ship`, { trackingNumber: 'INSTANT-2' }, warehouse)).statusCode).toBe(
      200,
    );
    // Never sent back: the return expires after its ship-by date, and only then is the round run.
    t.clock.advance(30 * DAY);
    const late = await t.login('agent');
    const expired = await post(`/api/v1/returns/${returnId}/expire`, {}, late);
    expect(expired.statusCode, expired.body).toBe(200);
    const run = await post('/api/v1/exchange-orders/run', {}, late);
    t.clock.advance(-30 * DAY);
    expect(run.statusCode, run.body).toBe(200);
    // This one is overdue (instant exchanges of other tests may be too), and nothing failed.
    expect(run.json().overdue).toBeGreaterThanOrEqual(1);
    expect(run.json().errors).toBe(0);
    expect((await ordersOf(returnId))[0].overdue).toMatchObject({ action: 'review' });
  });

  it('ships the last unit once when two shipments of it race', async () => {
    // Instant exchanges: both are ready to ship at once.
    await publishDefaults({ instantExchange: true });
    await seedTeeSize(t.ctx, 'XL', 2000);
    await seedOpeningStock(t.ctx, 'stm_00000000000000000000000010', 'var_tee_xl', 2);
    const first = (await ordersOf(await exchange('8015', 'var_tee_xl')))[0];
    const second = (await ordersOf(await exchange('8016', 'var_tee_xl')))[0];
    expect([first.status, second.status]).toEqual(['ready', 'ready']);
    // One unit went missing in the warehouse after both were promised.
    await seedOpeningStock(t.ctx, 'stm_00000000000000000000000011', 'var_tee_xl', -1);
    const shipped = await Promise.all(
      [first, second].map((o) => post(`/api/v1/exchange-orders/${o.id}/ship`, { trackingNumber: `RACE-${o.number}` }, warehouse)),
    );
    expect(shipped.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const onHand = await t.ctx.db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.sum<string>('quantity').as('n'))
      .where('variant_id', '=', 'var_tee_xl')
      .executeTakeFirstOrThrow();
    expect(Number(onHand.n)).toBe(0);
  });

  it('tells staff once when the provider refuses the payment link, and makes it when the provider is back', async () => {
    // The link is asked for after the approval's commit, then by every round until it is made.
    mollie.failNext = [503, 503, 503];
    const returnId = await exchange('8017', 'var_linen_m');
    let [order] = await ordersOf(returnId);
    expect(order).toMatchObject({ status: 'awaiting_payment', payment: { status: 'none' } });
    expect(order.payment.error).toMatch(/503|went wrong/i);
    await post('/api/v1/exchange-orders/run', {}, agent);
    await post('/api/v1/exchange-orders/run', {}, agent);
    const told = await t.ctx.db
      .selectFrom('staff_notifications')
      .selectAll()
      .where('kind', '=', 'payment_link_failed')
      .where('return_id', '=', returnId)
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]?.facts).toMatchObject({ exchange: order.number });
    const listed = (await get('/api/v1/notifications', agent)).json().items;
    expect(listed.map((n: { kind: string }) => n.kind)).toContain('payment_link_failed');
    await post('/api/v1/exchange-orders/run', {}, agent);
    [order] = await ordersOf(returnId);
    expect(order).toMatchObject({ payment: { status: 'open', error: null } });
    expect(mollie.linkFor(order.number)).toMatchObject({ amount: 1500 });
  });
});
