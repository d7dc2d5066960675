import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('a customer in the back office (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let customerId: string;
  let orders: Awaited<ReturnType<typeof seedOrders>>;
  const returnIds: string[] = [];
  const email = 'jan@example.nl';

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    agent = await t.login('agent');
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const customer = { email, firstName: 'Jan', lastName: 'Jansen' };
    const line = (sku: string, quantity: number, unitPriceAmount: number, discountAmount = 0) => ({
      sku,
      quantity,
      unitPriceAmount,
      discountAmount,
      taxRateBp: 2100,
      deliveredAt: delivered.toISOString(),
    });
    orders = await seedOrders(t.ctx, [
      // Three tees paid 5000 together: a unit is worth 1666.67, so two returned are worth 3333.
      orderFixture('8001', delivered, {
        customer,
        placedAt: new Date(delivered.getTime() - 3 * DAY).toISOString(),
        lines: [line('TEE-M', 3, 2000, 1000), line('JACKET', 1, 9000)],
      }),
      orderFixture('8002', delivered, { customer, lines: [line('TEE-L', 1, 2000)] }),
      // Someone else's order and return stay out of Jan's numbers.
      orderFixture('8003', delivered),
    ]);
    const row = await t.ctx.db.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    customerId = row.id;

    const requestReturn = async (
      orderNumber: string,
      shopperEmail: string,
      orderLineId: string | undefined,
      quantity: number,
    ) => {
      const token = await t.shopperToken(orderNumber, shopperEmail);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { lines: [{ orderLineId, quantity, reasonCode: 'too_small', resolution: 'refund' }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      // Returns made at distinct moments list in a known order.
      t.clock.advance(60_000);
      return { id: res.json().returnId as string, token };
    };
    const [o1, o2, other] = orders;
    returnIds.push((await requestReturn('8001', email, o1?.lineBySku['TEE-M'], 2)).id);
    const cancelled = await requestReturn('8002', email, o2?.lineBySku['TEE-L'], 1);
    returnIds.push(cancelled.id);
    const cancel = await t.request({
      method: 'POST',
      url: `/api/v1/shopper/returns/${cancelled.id}/cancel`,
      bearer: cancelled.token,
      payload: {},
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await requestReturn('8003', '8003@example.nl', other?.lineBySku['TEE-M'], 2);
  });
  afterAll(() => t?.close());

  it("shows the customer's orders and returns, and the share and value of what came back", async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}`, staff: agent });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const [o1, o2] = orders;
    expect(body).toMatchObject({
      id: customerId,
      email,
      firstName: 'Jan',
      lastName: 'Jansen',
      orderCount: 2,
      returnCount: 2,
      // 3 tees + 1 jacket + 1 tee ordered; the cancelled return's tee never came back.
      unitsOrdered: 5,
      unitsReturned: 2,
      returnRate: 0.4,
      valueReturned: 3333,
    });
    expect(body.orders).toEqual([
      {
        id: o2?.id,
        orderNumber: '8002',
        placedAt: new Date(t.clock.now.getTime() - 3 * 60_000 - 5 * DAY).toISOString(),
        totalAmount: 2000 + 495,
        currency: 'EUR',
        lineCount: 1,
        units: 1,
      },
      {
        id: o1?.id,
        orderNumber: '8001',
        placedAt: new Date(t.clock.now.getTime() - 3 * 60_000 - 6 * DAY).toISOString(),
        totalAmount: 5000 + 9000 + 495,
        currency: 'EUR',
        lineCount: 2,
        units: 4,
      },
    ]);
    // Newest first; the cancelled one is listed with what it asked for.
    expect(body.returns).toEqual([
      {
        id: returnIds[1],
        number: expect.stringMatching(/^R-\d+$/),
        status: 'cancelled',
        orderId: o2?.id,
        orderNumber: '8002',
        currency: 'EUR',
        createdAt: new Date(t.clock.now.getTime() - 2 * 60_000).toISOString(),
        units: 1,
        value: 2000,
      },
      {
        id: returnIds[0],
        number: expect.stringMatching(/^R-\d+$/),
        status: expect.any(String),
        orderId: o1?.id,
        orderNumber: '8001',
        currency: 'EUR',
        createdAt: new Date(t.clock.now.getTime() - 3 * 60_000).toISOString(),
        units: 2,
        value: 3333,
      },
    ]);
    expect(body.returns[1].status).not.toMatch(/^(rejected|cancelled|expired)$/);
  });

  it('answers for a customer with no orders, and 404 for an unknown one', async () => {
    await t.ctx.db
      .insertInto('customers')
      .values({ id: 'cus_lurker', email: 'lurker@example.nl', first_name: null, last_name: null, tags: '[]' })
      .execute();
    const empty = await t.request({ method: 'GET', url: '/api/v1/customers/cus_lurker', staff: agent });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({
      orderCount: 0,
      returnCount: 0,
      unitsOrdered: 0,
      unitsReturned: 0,
      returnRate: 0,
      valueReturned: 0,
      orders: [],
      returns: [],
    });
    const missing = await t.request({ method: 'GET', url: '/api/v1/customers/cus_nope', staff: agent });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().code).toBe('CUSTOMER_NOT_FOUND');
    const warehouse = await t.login('warehouse');
    expect((await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}`, staff: warehouse })).statusCode).toBe(403);
  });
});
