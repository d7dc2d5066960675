import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

describe.each(DB_KINDS)('analytics refresh by the workers (%s)', (kind) => {
  let t: TestApp;
  let workers: Workers;
  beforeAll(async () => {
    t = await createTestApp(kind, {}, { followUps: 'manual' });
    await seedCatalogue(t.ctx);
    workers = await startWorkers(t.ctx, t.handle, { pollMs: 50 });
  });
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
  });

  it('brings an imported order into the sales and delivery days and its customer without anyone asking', async () => {
    const delivered = new Date(t.clock.now.getTime() - DAY);
    const [order] = await seedOrders(t.ctx, [orderFixture('9001', delivered)]);
    const customer = await t.ctx.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', order?.id ?? '')
      .executeTakeFirstOrThrow();
    const counted = () =>
      sql<{ sales: number; deliveries: number; customers: number }>`select
          (select coalesce(sum(units), 0)::int from analytics_sales_days) as sales,
          (select coalesce(sum(units), 0)::int from analytics_delivery_days) as deliveries,
          (select count(*)::int from analytics_customers where customer_id = ${customer.customer_id}) as customers`
        .execute(t.ctx.db)
        .then((r) => r.rows[0]);
    const facts = await until(
      async () => {
        const c = await counted();
        return c && c.sales === 5 && c.deliveries === 5 && c.customers === 1 ? c : null;
      },
      { what: 'the order in the analytics facts', pending: counted },
    );
    expect(facts).toEqual({ sales: 5, deliveries: 5, customers: 1 });
    await until(async () => (await t.ctx.db.selectFrom('analytics_stale').select('key').execute()).length === 0, {
      what: 'the marks forgotten once refreshed',
    });
  });
});
