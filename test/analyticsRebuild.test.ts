import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAnalytics } from '../src/app/analytics/facts/rebuildAnalytics.js';
import { refreshReturnFacts } from '../src/app/analytics/facts/refreshReturnFacts.js';
import { refreshCustomers, refreshDeliveryDays, refreshSalesDays } from '../src/app/analytics/facts/rollups.js';
import type { DbHandle } from '../src/db/connection.js';
import { seedDemo } from '../src/demo/seedDemo.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { testContext } from './support/testContext.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const TZ = 'Europe/Amsterdam';
const TABLES = {
  analytics_return_lines: 'return_line_id',
  analytics_sales_days: 'currency, day, sku, channel_id, country, segment',
  analytics_delivery_days: 'day, category_id, channel_id, country',
  analytics_customers: 'customer_id, currency',
} as const;

/** Every row of the fact tables, in key order, without the refresh's own time. */
async function snapshot(handle: DbHandle) {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(TABLES)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(key)}`.execute(
      handle.db,
    );
    out[table] = rows.map(({ updated_at: _, ...rest }) => rest);
  }
  return out;
}

async function emptyFacts(handle: DbHandle) {
  for (const table of Object.keys(TABLES)) await sql`delete from ${sql.table(table)}`.execute(handle.db);
}

describe.each(DB_KINDS)('analytics rebuild on %s', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    await seedDemo(testContext(handle.db, { now: () => NOW }), { customers: 60, orders: 250, seed: 11 });
  }, 120_000);
  afterAll(() => handle?.close());

  it('fills every fact table with rows true to the live tables', async () => {
    await emptyFacts(handle);
    const steps: string[] = [];
    const result = await rebuildAnalytics(handle.db, { timeZone: TZ, onProgress: (p) => steps.push(p.step) });
    expect(steps).toEqual(expect.arrayContaining(['sales days', 'delivery days', 'customers', 'returns']));
    const live = await sql<{ lines: number; orders: number }>`select
        (select count(*) from return_lines)::int as lines, (select count(*) from orders where cancelled_at is null)::int as orders`.execute(
      handle.db,
    );
    expect(result.returnLines).toBe(live.rows[0]?.lines);
    expect(result.returnLines).toBeGreaterThan(0);
    const sums = await sql<{ orders: number; lines: number; units: number; value: number }>`select
        (select sum(orders)::int from analytics_customers) as orders,
        (select sum(lines)::int from analytics_sales_days) as lines,
        (select sum(units)::int from analytics_sales_days) as units,
        (select sum(value_amount)::int from analytics_sales_days) as value`.execute(handle.db);
    const direct = await sql<{ lines: number; units: number; value: number }>`select count(*)::int as lines,
        sum(ol.quantity)::int as units, sum(ol.paid_amount)::int as value
        from order_lines ol join orders o on o.id = ol.order_id where o.cancelled_at is null`.execute(handle.db);
    expect(sums.rows[0]?.orders).toBe(live.rows[0]?.orders);
    expect(sums.rows[0]).toMatchObject(direct.rows[0] ?? {});
    // Money that went back is in the facts: refunds and credit of settled lines.
    const money = await sql<{ paid: number; facts: number }>`select
        (select coalesce(sum((x->>'amount')::bigint), 0)::int from settlements s, jsonb_array_elements(s.lines) x
          where s.status = 'succeeded' and s.kind in ('refund', 'store_credit')) as paid,
        (select coalesce(sum(refund_amount + credit_amount), 0)::int from analytics_return_lines) as facts`.execute(handle.db);
    expect(money.rows[0]?.facts).toBe(money.rows[0]?.paid);
  });

  it('gives the same rows as refreshing every return, day and customer one by one', async () => {
    await rebuildAnalytics(handle.db, { timeZone: TZ });
    const rebuilt = await snapshot(handle);
    await emptyFacts(handle);
    const returns = await handle.db.selectFrom('returns').select('id').execute();
    // In several calls, as the refresh job would see them.
    const ids = returns.map((r) => r.id);
    await refreshReturnFacts(handle.db, ids.slice(0, 10), TZ);
    await refreshReturnFacts(handle.db, ids.slice(10), TZ);
    const days = await sql<{ day: string }>`select distinct (placed_at at time zone ${TZ})::date::text as day from orders
      union select distinct (delivered_at at time zone ${TZ})::date::text from order_lines where delivered_at is not null`.execute(
      handle.db,
    );
    const allDays = days.rows.map((r) => r.day);
    await refreshSalesDays(handle.db, allDays, TZ);
    await refreshDeliveryDays(handle.db, allDays, TZ);
    const customers = await handle.db.selectFrom('customers').select('id').execute();
    await refreshCustomers(
      handle.db,
      customers.map((c) => c.id),
    );
    expect(await snapshot(handle)).toEqual(rebuilt);
  });
});
