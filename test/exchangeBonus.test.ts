import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import {
  DAY,
  orderFixture,
  seedCatalogue,
  seedExchangeStock,
  seedOpeningStock,
  seedOrders,
  seedStaff,
  seedTeeSize,
} from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];

/** The exchange bonus a policy promises is what the exchange order gives: the shopper's summary
 * and the exchange order agree on it, a bonus only for store credit gives an exchange nothing, and
 * a bonus never leaves the shop as money. A tee of the orders was paid 20.00; the linen shirt
 * costs 35.00, the small tee 15.00. */
describe.each(DB_KINDS)('the exchange bonus (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let warehouse: StaffClient;
  const orders: Record<string, Seeded> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedExchangeStock(t.ctx);
    // A cheaper size of the tee, so an exchange can leave a surplus.
    await seedTeeSize(t.ctx, 'S', 1500);
    await seedOpeningStock(t.ctx, 'stm_00000000000000000000000019', 'var_tee_s', 10);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    admin = await t.login('admin');
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const seeded = await seedOrders(
      t.ctx,
      ['8301', '8302', '8303', '8304'].map((n) => orderFixture(n, delivered)),
    );
    for (const o of seeded) orders[o.number] = o;
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, payload: object, staff: StaffClient = agent) => t.request({ method: 'POST', url, staff, payload });
  const get = (url: string) => t.request({ method: 'GET', url, staff: agent });
  const teeOf = (number: string) => orders[number]?.lineBySku['TEE-M'] as string;

  /** Puts a policy with this bonus in force for the running test (each test sets its own). */
  async function withBonus(bonus: { percent: number; fixed: number; for: string[] }) {
    await publishPolicy(t, admin, `Bonus ${bonus.percent}% for ${bonus.for.join(', ')}`, {
      defaults: {
        window: { days: 30, from: 'delivery' },
        resolutions: ['refund', 'store_credit', 'exchange'],
        methods: ['qr'],
        autoApprove: true,
        bonus,
      },
      rules: [],
    });
  }

  /** Sends a cheaper item's surplus where the running test says; refunds again after it. */
  async function surplusTo(value: 'refund' | 'store_credit') {
    const patch = (v: string) =>
      t.request({ method: 'PATCH', url: '/api/v1/settings/shop', staff: admin, payload: { exchangeSurplus: v } });
    const set = await patch(value);
    expect(set.statusCode, set.body).toBe(200);
    onTestFinished(async () => {
      expect((await patch('refund')).statusCode).toBe(200);
    });
  }

  const exchangeLine = (number: string, variant: string) => ({
    orderLineId: teeOf(number),
    quantity: 1,
    reasonCode: 'too_small',
    resolution: 'exchange',
    exchangeVariantId: variant,
  });

  /** The shopper's summary before confirming, then the confirmed return, as the portal asks them. */
  async function quoteAndAsk(number: string, variant: string) {
    const bearer = await t.shopperToken(number, `${number}@example.nl`);
    const quoted = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/policy-evaluation',
      bearer,
      payload: { locale: 'nl', selection: { lines: [exchangeLine(number, variant)], method: 'qr' } },
    });
    expect(quoted.statusCode, quoted.body).toBe(200);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer,
      payload: { method: 'qr', lines: [exchangeLine(number, variant)] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const returnId = created.json().returnId as string;
    const orders = (await get(`/api/v1/returns/${returnId}/exchange-orders`)).json().items;
    expect(orders).toHaveLength(1);
    return { quote: quoted.json(), created: created.json(), returnId, order: orders[0] };
  }

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

  it('a 10 % exchange bonus makes the difference the exchange order asks smaller by exactly the bonus the summary showed', async () => {
    await withBonus({ percent: 10, fixed: 0, for: ['store_credit', 'exchange'] });
    const { quote, created, order } = await quoteAndAsk('8301', 'var_linen_m');
    // The item's bonus, the summary's exchange row and its total all say 2.00 off 15.00.
    expect(quote.lines.find((l: { orderLineId: string }) => l.orderLineId === teeOf('8301')).bonus.exchange).toBe(200);
    expect(quote.exchanges).toEqual([
      expect.objectContaining({ sku: 'LINEN-M', unitPrice: 3500, returnedValue: 2000, bonus: 200, difference: 1300 }),
    ]);
    expect(quote).toMatchObject({ exchangeBonus: 200, exchangeDifference: 1300 });
    // The confirmation says the same.
    expect(created.exchanges).toEqual([expect.objectContaining({ sku: 'LINEN-M', bonus: 200, difference: 1300 })]);
    // The exchange order asks what the summary said, and its breakdown carries the bonus.
    expect(order).toMatchObject({ status: 'awaiting_payment', priceDifference: quote.exchangeDifference });
    expect(order.priceDifference).toBe(3500 - 2000 - quote.exchangeBonus);
    expect(order.lines).toEqual([
      expect.objectContaining({ sku: 'LINEN-M', unitPrice: 3500, returnedValue: 2000, bonus: 200, difference: 1300 }),
    ]);
  });

  it('a bonus only for store credit gives an exchange none', async () => {
    await withBonus({ percent: 10, fixed: 0, for: ['store_credit'] });
    const { quote, created, order } = await quoteAndAsk('8302', 'var_linen_m');
    const line = quote.lines.find((l: { orderLineId: string }) => l.orderLineId === teeOf('8302'));
    expect(line.bonus).toEqual({ store_credit: 200 });
    expect(quote).toMatchObject({
      exchangeBonus: 0,
      exchangeDifference: 1500,
      exchanges: [expect.objectContaining({ bonus: 0 })],
    });
    expect(created.exchanges).toEqual([expect.objectContaining({ bonus: 0, difference: 1500 })]);
    expect(order.priceDifference).toBe(1500);
    expect(order.lines).toEqual([expect.objectContaining({ bonus: 0, difference: 1500 })]);
  });

  it('a surplus refunded as money carries no bonus', async () => {
    await withBonus({ percent: 10, fixed: 0, for: ['exchange'] });
    await surplusTo('refund');
    const { quote, returnId, order } = await quoteAndAsk('8303', 'var_tee_s');
    expect(quote).toMatchObject({ exchangeBonus: 0, exchangeDifference: -500 });
    expect(order).toMatchObject({ priceDifference: -500, lines: [expect.objectContaining({ bonus: 0, difference: -500 })] });
    await backAndInspected(returnId);
    const [after] = (await get(`/api/v1/returns/${returnId}/exchange-orders`)).json().items;
    const surplus = (await get(`/api/v1/returns/${returnId}/settlements`))
      .json()
      .items.find((s: { id: string }) => s.id === after.surplusSettlementId);
    expect(surplus).toMatchObject({ kind: 'exchange_surplus', provider: 'manual', amount: 500 });
  });

  it('a surplus that goes to store credit includes the bonus, and stays credit when the shop switches to refunds meanwhile', async () => {
    await withBonus({ percent: 10, fixed: 0, for: ['exchange'] });
    await surplusTo('store_credit');
    const { quote, returnId, order } = await quoteAndAsk('8304', 'var_tee_s');
    expect(quote).toMatchObject({ exchangeBonus: 200, exchangeDifference: -700 });
    expect(order).toMatchObject({ priceDifference: -700, lines: [expect.objectContaining({ bonus: 200, difference: -700 })] });
    // Surpluses go back as money from now on; this one was priced as credit, bonus and all.
    const switched = await t.request({
      method: 'PATCH',
      url: '/api/v1/settings/shop',
      staff: admin,
      payload: { exchangeSurplus: 'refund' },
    });
    expect(switched.statusCode, switched.body).toBe(200);
    await backAndInspected(returnId);
    const [after] = (await get(`/api/v1/returns/${returnId}/exchange-orders`)).json().items;
    const surplus = (await get(`/api/v1/returns/${returnId}/settlements`))
      .json()
      .items.find((s: { id: string }) => s.id === after.surplusSettlementId);
    expect(surplus).toMatchObject({ kind: 'exchange_surplus', provider: 'ledger', status: 'succeeded', amount: 700 });
    const customerId = (await get(`/api/v1/returns/${returnId}`)).json().customer.id;
    const credit = (await get(`/api/v1/customers/${customerId}/store-credit`)).json();
    expect(credit.items[0].balance).toBe(700);
  });
});
