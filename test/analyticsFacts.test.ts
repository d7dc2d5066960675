import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStaleFacts } from '../src/app/analytics/facts/refreshStaleFacts.js';
import { systemActor } from '../src/app/kernel/context.js';
import { redeemStoreCredit } from '../src/app/money/storeCredit/redeemStoreCredit.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];
const MINUTE = 60_000;

describe.each(DB_KINDS)('analytics facts kept current from events (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let warehouse: StaffClient;
  let order: Seeded;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    [order] = (await seedOrders(t.ctx, [orderFixture('8001', new Date(t.clock.now.getTime() - 3 * DAY))])) as [Seeded];
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
  });
  afterAll(() => t?.close());

  const post = async (url: string, payload: object, staff: StaffClient = agent) => {
    const res = await t.request({ method: 'POST', url, staff, payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** The relay ran with every request (it marks what went stale); the refresh job runs here. */
  const refreshed = async () => {
    await t.followUps();
    return refreshStaleFacts(t.ctx.db);
  };
  const factOf = async (lineId: string) =>
    (
      await sql<Record<string, unknown>>`select *, ordered_day::text as ordered_day, requested_day::text as requested_day
        from analytics_return_lines where return_line_id = ${lineId}`.execute(t.ctx.db)
    ).rows[0];

  it('gives a return driven through its life each moment and amount, once the refresh ran', async () => {
    const token = await t.shopperToken('8001', '8001@example.nl');
    const requestedAt = new Date(t.clock.now);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [
          {
            orderLineId: order.lineBySku['TEE-M'],
            quantity: 1,
            reasonCode: 'too_small',
            resolution: 'store_credit',
            comment: 'Runs SMALL, the sleeves are too short. Small!',
          },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json() as { returnId: string; status: string; lines: { id: string }[] };
    const lineId = ret.lines[0]?.id as string;
    await refreshed();
    const requested = await factOf(lineId);
    expect(requested).toMatchObject({
      return_id: ret.returnId,
      order_id: order.id,
      sku: 'TEE-M',
      country: 'NL',
      quantity: 1,
      value_amount: 2000,
      reason_code: 'too_small',
      comment_words: ['runs', 'small', 'sleeves', 'short'],
      requested_resolution: 'store_credit',
      counted: true,
      received_at: null,
    });
    expect(requested?.requested_at).toEqual(requestedAt);

    t.clock.advance(60 * MINUTE);
    const approvedAt = new Date(t.clock.now);
    if (ret.status !== 'approved') await post(`/api/v1/returns/${ret.returnId}/approve`, { lines: [{ returnLineId: lineId }] });
    t.clock.advance(120 * MINUTE);
    const receivedAt = new Date(t.clock.now);
    await post(`/api/v1/returns/${ret.returnId}/receive`, { lines: [{ returnLineId: lineId, quantity: 1 }] }, warehouse);
    t.clock.advance(7 * MINUTE);
    const inspectedAt = new Date(t.clock.now);
    await post(`/api/v1/returns/${ret.returnId}/inspect`, { lines: [{ returnLineId: lineId, grade: 'A' }] }, warehouse);
    t.clock.advance(MINUTE);
    const settlements = await sql<{ amount: number; succeeded_at: Date | null }>`select amount, succeeded_at from settlements
      where return_id = ${ret.returnId} and status = 'succeeded'`.execute(t.ctx.db);
    if (settlements.rows.length === 0) await post(`/api/v1/returns/${ret.returnId}/settle`, {});
    const run = await refreshed();
    expect(run.returns).toBeGreaterThan(0);

    const fact = await factOf(lineId);
    const credit = await sql<{
      amount: number;
      succeeded_at: Date;
    }>`select coalesce(sum((x->>'amount')::bigint), 0)::int as amount,
        min(succeeded_at) as succeeded_at
      from settlements s, jsonb_array_elements(s.lines) x where s.return_id = ${ret.returnId} and s.status = 'succeeded'`.execute(
      t.ctx.db,
    );
    expect(credit.rows[0]?.amount).toBeGreaterThan(0);
    expect(fact).toMatchObject({
      status: expect.stringMatching(/^(inspected|resolved)$/),
      acceptance: 'approved',
      grade: 'A',
      disposition: 'restock',
      credit_amount: credit.rows[0]?.amount,
      refund_amount: 0,
      inspection_seconds: 7 * 60,
      counted: true,
      keep_item: false,
    });
    expect(fact?.approved_at).toEqual(ret.status === 'approved' ? requestedAt : approvedAt);
    expect(fact?.received_at).toEqual(receivedAt);
    expect(fact?.inspected_at).toEqual(inspectedAt);
    expect(fact?.refunded_at).toEqual(credit.rows[0]?.succeeded_at);
    expect(Number(fact?.recovered_amount)).toBeGreaterThan(0);
    // What went back as money is on the customer.
    const customer = await t.ctx.db
      .selectFrom('analytics_customers')
      .selectAll()
      .where('customer_id', '=', String(fact?.customer_id))
      .execute();
    expect(customer).toMatchObject([{ currency: 'EUR', orders: 1, units: 5 }]);
    expect(Number(customer[0]?.returned_amount)).toBeGreaterThanOrEqual(credit.rows[0]?.amount ?? 0);
    // Nothing is left marked.
    expect(await t.ctx.db.selectFrom('analytics_stale').selectAll().execute()).toEqual([]);

    // Spending part of the credit at the checkout shows as credit spent on the line it came from.
    const account = await t.ctx.db
      .selectFrom('store_credit_accounts')
      .select('code')
      .where('customer_id', '=', String(fact?.customer_id))
      .executeTakeFirstOrThrow();
    await redeemStoreCredit(
      t.ctx,
      { actor: systemActor },
      { code: account.code, amount: 500, currency: 'EUR', reference: 'checkout-1' },
    );
    await refreshed();
    expect(await factOf(lineId)).toMatchObject({ credit_spent_amount: 500 });

    // The first scan is the earlier of the parcel's first carrier scan (a state the carrier saw it in,
    // not a label made) and the store's take-back. Their parcels and stores are beside the point:
    // the rows go in without their foreign keys.
    const scanned = new Date(t.clock.now.getTime() - 5 * DAY);
    const takenBack = new Date(t.clock.now.getTime() - 4 * DAY);
    await t.ctx.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`insert into tracking_events (id, parcel_id, return_id, state, carrier_status, description, occurred_at, received_at, source)
        values ('trk_fs_1', 'par_fs', ${ret.returnId}, 'announced', 'x', 'label made', ${new Date(scanned.getTime() - DAY)}, now(), 'webhook'),
               ('trk_fs_2', 'par_fs', ${ret.returnId}, 'in_transit', 'y', 'scanned', ${scanned}, now(), 'webhook')`.execute(tx);
      await sql`insert into counter_returns (id, store_id, return_id, request_key, created_at)
        values ('ctr_fs', 'wh_none', ${ret.returnId}, 'fs-key', ${takenBack})`.execute(tx);
      await sql`insert into analytics_stale (kind, key, marked_at) values ('return', ${ret.returnId}, now())`.execute(tx);
    });
    await refreshStaleFacts(t.ctx.db);
    expect((await factOf(lineId))?.first_scan_at).toEqual(scanned);
  });

  it('rebuilds every fact in the new time zone when the shop changes it', async () => {
    const admin = await t.login('admin');
    const moved = await t.request({
      method: 'PATCH',
      url: '/api/v1/settings/shop',
      staff: admin,
      payload: { timezone: 'Pacific/Kiritimati' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const run = await refreshed();
    expect(run.rebuilt).toBe(true);
    const days = await sql<{
      same: boolean;
    }>`select bool_and(requested_day = (requested_at at time zone 'Pacific/Kiritimati')::date) as same
      from analytics_return_lines`.execute(t.ctx.db);
    expect(days.rows[0]?.same).toBe(true);
    await t.request({ method: 'PATCH', url: '/api/v1/settings/shop', staff: admin, payload: { timezone: 'Europe/Amsterdam' } });
    expect((await refreshed()).rebuilt).toBe(true);
  });

  it('keeps the handling rate the costs report prices inspection time at among the shop settings', async () => {
    const admin = await t.login('admin');
    const url = '/api/v1/settings/shop';
    expect((await t.request({ method: 'GET', url, staff: admin })).json().handlingRatePerHour).toBe(3000);
    const changed = await t.request({ method: 'PATCH', url, staff: admin, payload: { handlingRatePerHour: 4500 } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().handlingRatePerHour).toBe(4500);
    const refused = await t.request({ method: 'PATCH', url, staff: admin, payload: { handlingRatePerHour: -1 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('handlingRatePerHour');
  });

  it('counts an imported order in its sales day, delivery day and customer, and a later order as the re-purchase', async () => {
    // Placed after the return was asked for: its re-purchase.
    const delivered = new Date(t.clock.now.getTime() - 10 * MINUTE);
    const [later] = (await seedOrders(t.ctx, [
      orderFixture('8002', delivered, {
        placedAt: new Date(t.clock.now.getTime() - 60 * MINUTE).toISOString(),
        customer: { email: '8001@example.nl', firstName: 'Sanne', lastName: 'de Vries' },
      }),
    ])) as [Seeded];
    await refreshed();
    const placed = await sql<{
      day: string;
      delivered: string;
    }>`select (placed_at at time zone 'Europe/Amsterdam')::date::text as day,
        (select (min(delivered_at) at time zone 'Europe/Amsterdam')::date::text from order_lines where order_id = o.id) as delivered
      from orders o where id = ${later.id}`.execute(t.ctx.db);
    const { day, delivered: deliveredDay } = placed.rows[0] ?? { day: '', delivered: '' };
    const sales = await sql<{ units: number; lines: number }>`select sum(units)::int as units, sum(lines)::int as lines
      from analytics_sales_days where day = ${day}::date`.execute(t.ctx.db);
    expect(sales.rows[0]).toEqual({ units: 5, lines: 4 });
    const deliveries = await sql<{ units: number }>`select sum(units)::int as units from analytics_delivery_days
      where day = ${deliveredDay}::date`.execute(t.ctx.db);
    expect(deliveries.rows[0]?.units).toBe(5);
    const customer = await t.ctx.db.selectFrom('analytics_customers').selectAll().execute();
    expect(customer).toMatchObject([{ orders: 2, units: 10 }]);
    const facts = await sql<{ repurchased_at: Date | null; placed_at: Date }>`select a.repurchased_at, o.placed_at
      from analytics_return_lines a join orders o on o.id = ${later.id}`.execute(t.ctx.db);
    expect(facts.rows.length).toBeGreaterThan(0);
    for (const f of facts.rows) expect(f.repurchased_at).toEqual(f.placed_at);
  });
});
