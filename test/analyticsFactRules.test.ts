import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateReason } from '../src/app/admin/updateReason.js';
import { refreshReturnFacts } from '../src/app/analytics/facts/refreshReturnFacts.js';
import { refreshStaleFacts } from '../src/app/analytics/facts/refreshStaleFacts.js';
import { setCustomerSegment } from '../src/app/catalog/setCustomerSegment.js';
import { systemActor } from '../src/app/kernel/context.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];
const TZ = 'Europe/Amsterdam';

/** The rules by which a return's lines get their money, moments and shares, each on a return whose
 * rows are written straight into the live tables. */
describe.each(DB_KINDS)('analytics fact rules (%s)', (kind) => {
  let t: TestApp;
  let order: Seeded;
  let returnId: string;
  let tee: string;
  let jacket: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    n++;
    const number = `81${n}`;
    [order] = (await seedOrders(t.ctx, [orderFixture(number, new Date(t.clock.now.getTime() - 3 * DAY))])) as [Seeded];
    const token = await t.shopperToken(number, `${number}@example.nl`);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: ['TEE-M', 'JACKET'].map((sku) => ({
          orderLineId: order.lineBySku[sku],
          quantity: 1,
          reasonCode: 'too_small',
          resolution: 'refund',
        })),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json() as { returnId: string; lines: { id: string; orderLineId?: string }[] };
    returnId = ret.returnId;
    const lines = await sql<{ id: string; sku: string }>`select l.id, ol.sku from return_lines l
      join order_lines ol on ol.id = l.order_line_id where l.return_id = ${returnId}`.execute(t.ctx.db);
    tee = lines.rows.find((l) => l.sku === 'TEE-M')?.id as string;
    jacket = lines.rows.find((l) => l.sku === 'JACKET')?.id as string;
  });

  const settle = async (kind: string, provider: string, amount: number, lines: object[], at: Date, succeeded: boolean) => {
    await sql`insert into settlements (id, return_id, kind, provider, status, amount, currency, lines, created_at, succeeded_at)
      values (${`stl_rule_${n}_${kind}_${amount}`}, ${returnId}, ${kind}, ${provider}, 'succeeded', ${amount}, 'EUR',
        ${JSON.stringify(lines)}::jsonb, ${at}, ${succeeded ? at : null})`.execute(t.ctx.db);
  };
  const facts = async () => {
    await refreshReturnFacts(t.ctx.db, [returnId], TZ);
    const { rows } = await sql<{
      return_line_id: string;
      refund_amount: number;
      credit_amount: number;
      refunded_at: Date | null;
      label_cost_amount: number;
    }>`select return_line_id, refund_amount, credit_amount, refunded_at, label_cost_amount
      from analytics_return_lines where return_id = ${returnId}`.execute(t.ctx.db);
    const of = (id: string) => rows.find((r) => r.return_line_id === id);
    return { tee: of(tee), jacket: of(jacket) };
  };

  it('counts a staff-recorded store credit as credit, refunded when it was recorded', async () => {
    const at = new Date(t.clock.now.getTime() + 60_000);
    await settle('store_credit', 'manual', 2000, [{ returnLineId: tee, amount: 2000 }], at, false);
    const f = await facts();
    expect(f.tee).toMatchObject({ credit_amount: 2000, refund_amount: 0 });
    expect(f.tee?.refunded_at).toEqual(at);
  });

  it('starts no refund moment with a partial refund', async () => {
    await settle('partial_refund', 'manual', 500, [{ returnLineId: tee, amount: 500 }], t.clock.now, true);
    const f = await facts();
    expect(f.tee).toMatchObject({ refund_amount: 500, refunded_at: null });
  });

  it('shares a settlement naming no line over the lines by value', async () => {
    await settle('goodwill', 'manual', 1100, [], t.clock.now, true);
    const f = await facts();
    expect(f.tee?.refund_amount).toBe(200);
    expect(f.jacket?.refund_amount).toBe(900);
  });

  it('puts the label cost on the counted lines only, and only a label in the return currency', async () => {
    await sql`update return_lines set acceptance = 'rejected' where id = ${jacket}`.execute(t.ctx.db);
    for (const [id, currency, cost] of [
      ['a', 'EUR', 650],
      ['b', 'GBP', 9999],
    ] as const) {
      await sql`insert into shipments (id, return_id, carrier, method, service_code, reference, status, cost_amount, cost_currency,
          created_at, updated_at)
        values (${`shp_rule_${n}_${id}`}, ${returnId}, 'postnl', 'label', 'std', ${`ref-${n}-${id}`}, 'booked', ${cost},
          ${currency}, now(), now())`.execute(t.ctx.db);
    }
    const f = await facts();
    expect(f.tee?.label_cost_amount).toBe(650);
    expect(f.jacket?.label_cost_amount).toBe(0);
  });

  it('moves the sales days of a customer whose segment changed to the new segment, like their return lines', async () => {
    await t.followUps();
    await refreshStaleFacts(t.ctx.db);
    const { customer_id } = await t.ctx.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    await setCustomerSegment(t.ctx, { actor: systemActor }, { customerId: String(customer_id), segment: 'vip', reason: 'test' });
    await t.followUps();
    await refreshStaleFacts(t.ctx.db);
    const { rows } = await sql<{ segment: string; units: number }>`select segment, sum(units)::int as units
      from analytics_sales_days where segment in ('vip', '') group by 1 order by 1`.execute(t.ctx.db);
    const lines = await sql<{ segment: string }>`select distinct segment from analytics_return_lines
      where return_id = ${returnId}`.execute(t.ctx.db);
    expect(lines.rows).toEqual([{ segment: 'vip' }]);
    expect(rows.find((r) => r.segment === 'vip')?.units).toBe(5);
  });

  it('follows a reason made controllable onto the facts of its lines', async () => {
    await refreshReturnFacts(t.ctx.db, [returnId], TZ);
    const reason = await t.ctx.db.selectFrom('return_lines').select('reason_id').where('id', '=', tee).executeTakeFirstOrThrow();
    const before = await sql<{ controllable: boolean }>`select controllable from analytics_return_lines
      where return_line_id = ${tee}`.execute(t.ctx.db);
    const flipped = !before.rows[0]?.controllable;
    await updateReason(t.ctx, { actor: systemActor }, { reasonId: String(reason.reason_id), controllable: flipped });
    await t.followUps();
    await refreshStaleFacts(t.ctx.db);
    const after = await sql<{ controllable: boolean }>`select controllable from analytics_return_lines
      where return_line_id = ${tee}`.execute(t.ctx.db);
    expect(after.rows[0]?.controllable).toBe(flipped);
    await updateReason(t.ctx, { actor: systemActor }, { reasonId: String(reason.reason_id), controllable: !flipped });
  });
});
