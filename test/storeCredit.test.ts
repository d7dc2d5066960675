import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('store credit ledger (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let customerId: string;
  let nextOrder = 8001;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse', 'analyst']);
    admin = await t.login('admin');
    agent = await t.login('agent');
  });
  // Each test has a customer of its own: balances are the sum of that test's entries only.
  beforeEach(async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture(String(nextOrder++), new Date(t.clock.now.getTime() - DAY))]);
    customerId = (
      await t.ctx.db
        .selectFrom('orders')
        .select('customer_id')
        .where('id', '=', order?.id ?? '')
        .executeTakeFirstOrThrow()
    ).customer_id;
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: object, staff: StaffClient = agent, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url, staff, payload, headers });
  const account = async () =>
    (await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}/store-credit`, staff: agent })).json().items[0];
  const entryCount = async () => (await t.ctx.db.selectFrom('store_credit_entries').select('id').execute()).length;

  it('gives, spends, holds, captures, expires and reverses credit; the balance is always the sum of the entries', async () => {
    const expiresAt = new Date(t.clock.now.getTime() + 10 * DAY).toISOString();
    const goodwill = await post(`/api/v1/customers/${customerId}/store-credit/adjustments`, {
      kind: 'issue',
      amount: 5_000,
      currency: 'EUR',
      note: 'Sorry for the late delivery',
      expiresAt,
    });
    expect(goodwill.statusCode, goodwill.body).toBe(201);
    const { code } = goodwill.json();
    expect(code).toMatch(/^RC-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const lasting = await post(`/api/v1/customers/${customerId}/store-credit/adjustments`, {
      amount: 2_000,
      currency: 'EUR',
      note: 'Correction',
    });
    expect(lasting.statusCode).toBe(201);

    // The checkout looks the code up as typed, and redeems with an Idempotency-Key: a retry spends once.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const looked = await t.request({
      method: 'GET',
      url: `/api/v1/store-credit/codes/${encodeURIComponent(typed)}`,
      staff: agent,
    });
    expect(looked.json()).toMatchObject({ code, currency: 'EUR', balance: 7_000, available: 7_000 });
    const redeem = { code, amount: 1_000, currency: 'EUR', reference: 'order-1' };
    const first = await post('/api/v1/store-credit/redeem', redeem, agent, { 'idempotency-key': 'redeem-order-1' });
    const retry = await post('/api/v1/store-credit/redeem', redeem, agent, { 'idempotency-key': 'redeem-order-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(retry.json().entryId).toBe(first.json().entryId);
    expect((await account()).balance).toBe(6_000);

    // Hold, then capture part of it; capturing again answers the first capture.
    const hold = (await post('/api/v1/store-credit/holds', { ...redeem, amount: 3_000, reference: 'checkout-2' })).json();
    expect(hold).toMatchObject({ status: 'held', available: 3_000 });
    const tooMuch = await post('/api/v1/store-credit/redeem', { ...redeem, amount: 3_500 });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json()).toMatchObject({ code: 'INSUFFICIENT_CREDIT', errors: [{ path: 'amount' }] });
    const over = await post(`/api/v1/store-credit/holds/${hold.holdId}/capture`, { amount: 3_001 });
    expect(over.json()).toMatchObject({ code: 'AMOUNT_EXCEEDS_HOLD', errors: [{ path: 'amount' }] });
    const captured = (await post(`/api/v1/store-credit/holds/${hold.holdId}/capture`, { amount: 2_500 })).json();
    expect(captured).toMatchObject({ status: 'captured', amount: 2_500, available: 3_500 });
    expect((await post(`/api/v1/store-credit/holds/${hold.holdId}/capture`, {})).json().entryId).toBe(captured.entryId);
    expect((await post(`/api/v1/store-credit/holds/${hold.holdId}/release`, {})).json().code).toBe('HOLD_CAPTURED');
    const abandoned = (await post('/api/v1/store-credit/holds', { ...redeem, amount: 1_000, reference: 'checkout-3' })).json();
    expect((await post(`/api/v1/store-credit/holds/${abandoned.holdId}/release`, {})).json()).toMatchObject({
      status: 'released',
      available: 3_500,
    });

    const wrongCurrency = await post('/api/v1/store-credit/redeem', { ...redeem, currency: 'USD' });
    expect(wrongCurrency.json()).toMatchObject({ code: 'CURRENCY_MISMATCH', errors: [{ path: 'currency' }] });
    const before = await entryCount();
    const negative = await post(`/api/v1/customers/${customerId}/store-credit/adjustments`, {
      amount: -4_000,
      currency: 'EUR',
      note: 'Too much',
    });
    expect(negative.json().code).toBe('INSUFFICIENT_CREDIT');
    expect(await entryCount()).toBe(before);

    // Expiry: spending used the expiring goodwill first (1,000 + 2,500 of 5,000), so 1,500 expires.
    t.clock.advance(11 * DAY);
    // Sessions last hours, not days.
    admin = await t.login('admin');
    agent = await t.login('agent');
    const expired = await post('/api/v1/store-credit/expire', {}, admin);
    expect(expired.statusCode, expired.body).toBe(200);
    expect(expired.json()).toMatchObject({ expired: 1, amount: 1_500 });
    expect((await post('/api/v1/store-credit/expire', {}, admin)).json()).toMatchObject({ expired: 0 });
    const after = await account();
    expect(after.balance).toBe(2_000);
    expect(after.balance).toBe(after.entries.reduce((s: number, e: { amount: number }) => s + e.amount, 0));
    expect(after.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(['adjust', 'expire', 'issue', 'redeem', 'redeem']);

    // A reversal undoes one entry once.
    const adjustEntry = after.entries.find((e: { kind: string }) => e.kind === 'adjust');
    const reversed = await post(`/api/v1/store-credit/entries/${adjustEntry.id}/reverse`, { note: 'Given by mistake' });
    expect(reversed.statusCode, reversed.body).toBe(201);
    expect((await account()).balance).toBe(0);
    expect((await post(`/api/v1/store-credit/entries/${adjustEntry.id}/reverse`, { note: 'again' })).json().code).toBe(
      'ENTRY_ALREADY_REVERSED',
    );
    const events = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('subject_type', '=', 'store_credit_account')
      .execute();
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set([
        'store_credit.issued',
        'store_credit.adjusted',
        'store_credit.redeemed',
        'store_credit.held',
        'store_credit.released',
        'store_credit.expired',
        'store_credit.reversed',
      ]),
    );
  });

  it('never spends more than the balance when many checkouts redeem at once', async () => {
    const res = await post(`/api/v1/customers/${customerId}/store-credit/adjustments`, {
      amount: 2_000,
      currency: 'EUR',
      note: 'Top up',
    });
    const { code } = res.json();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post('/api/v1/store-credit/redeem', { code, amount: 500, currency: 'EUR', reference: `race-${i}` }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(4);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(6);
    expect((await account()).balance).toBe(0);
  });

  it('lets agents and admins manage credit, analysts only read it, warehouse staff not at all', async () => {
    const analyst = await t.login('analyst');
    const warehouse = await t.login('warehouse');
    const url = `/api/v1/customers/${customerId}/store-credit`;
    expect((await t.request({ method: 'GET', url, staff: analyst })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url, staff: warehouse })).statusCode).toBe(403);
    expect((await post(`${url}/adjustments`, { amount: 100, currency: 'EUR', note: 'x' }, analyst)).statusCode).toBe(403);
    expect((await post(`${url}/adjustments`, { amount: 100, currency: 'EUR', note: 'x' }, admin)).statusCode).toBe(201);
    expect((await t.request({ method: 'GET', url: '/api/v1/customers/cus_nope/store-credit', staff: agent })).statusCode).toBe(
      404,
    );
  });
});
