import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAnalytics } from '../src/app/analytics/facts/rebuildAnalytics.js';
import type { DbHandle } from '../src/db/connection.js';
import { type LargeShopResult, seedLargeShop } from '../src/demo/largeShop/seedLargeShop.js';
import { createTestDb, DB_KINDS } from './support/databases.js';

const AS_OF = new Date('2026-11-20T15:00:00Z');
const TZ = 'Europe/Amsterdam';

/** Rows of `query` (a count of rows that break a rule). */
async function broken(handle: DbHandle, query: string): Promise<number> {
  const { rows } = await sql.raw<{ n: number }>(`select count(*)::int as n from (${query}) broken`).execute(handle.db);
  return rows[0]?.n ?? -1;
}

describe.each(DB_KINDS)('the large demo shop on %s', (kind) => {
  let handle: DbHandle;
  let result: LargeShopResult;
  let constraintsBefore: number;
  const countConstraints = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = current_schema()`.execute(handle.db)
    ).rows[0]?.n ?? 0;

  beforeAll(async () => {
    handle = await createTestDb(kind);
    constraintsBefore = await countConstraints();
    // On PostgreSQL the indexes are built on a second connection while the load goes on.
    result = await seedLargeShop(handle.db, {
      orders: 2000,
      days: 730,
      seed: 3,
      asOf: AS_OF,
      connections: kind === 'postgres' ? 2 : 1,
    });
  }, 120_000);
  afterAll(() => handle?.close());

  it('writes the rows it counts, with every key and index put back', async () => {
    expect(result.rows.orders).toBe(2000);
    expect(result.rows.order_lines).toBeGreaterThan(5000);
    expect(result.rows.returns).toBeGreaterThan(200);
    for (const table of ['orders', 'order_lines', 'returns', 'return_lines', 'events', 'settlements']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db);
      expect(rows[0]?.n, table).toBe(result.rows[table]);
    }
    expect(await countConstraints()).toBe(constraintsBefore);
  });

  it('keeps every reference and quantity whole', async () => {
    const rules = {
      'lines of unknown orders': 'select 1 from order_lines ol left join orders o on o.id = ol.order_id where o.id is null',
      'orders of unknown customers': 'select 1 from orders o left join customers c on c.id = o.customer_id where c.id is null',
      'returns of unknown orders': 'select 1 from returns r left join orders o on o.id = r.order_id where o.id is null',
      'return lines of another order': `select 1 from return_lines rl join returns r on r.id = rl.return_id
        join order_lines ol on ol.id = rl.order_line_id where ol.order_id <> r.order_id`,
      'more returned than ordered': `select 1 from return_lines rl join order_lines ol on ol.id = rl.order_line_id
        group by ol.id, ol.quantity having sum(rl.quantity) > ol.quantity`,
      'returns of another customer':
        'select 1 from returns r join orders o on o.id = r.order_id where o.customer_id <> r.customer_id',
      'orders whose total is not their lines': `select 1 from orders o join order_lines ol on ol.order_id = o.id
        group by o.id, o.subtotal_amount having sum(ol.paid_amount) <> o.subtotal_amount`,
      'returns asked before delivery': `select 1 from returns r join return_lines rl on rl.return_id = r.id
        join order_lines ol on ol.id = rl.order_line_id where ol.delivered_at is null or r.created_at < ol.delivered_at`,
      'history after now': `select 1 from events where occurred_at > '${AS_OF.toISOString()}'
        union all select 1 from settlements where succeeded_at > '${AS_OF.toISOString()}'
        union all select 1 from orders where placed_at > '${AS_OF.toISOString()}'`,
      'settled more than paid': `select 1 from return_lines rl join order_lines ol on ol.id = rl.order_line_id
        where rl.settled_amount > ol.paid_amount`,
    };
    for (const [rule, query] of Object.entries(rules)) expect(await broken(handle, query), rule).toBe(0);
  });

  it('is read by the facts rebuild into plausible figures', async () => {
    const rebuilt = await rebuildAnalytics(handle.db, { timeZone: TZ });
    expect(rebuilt.returnLines).toBe(result.rows.return_lines);
    const { rows } = await sql<{ rate: number; moments: number; late: number; problem: number }>`select
        (select sum(quantity) filter (where counted) from analytics_return_lines)::float8
          / (select sum(units) from analytics_sales_days)::float8 as rate,
        (select count(*)::int from analytics_return_lines
          where approved_at < requested_at or received_at < first_scan_at or refunded_at < inspected_at) as moments,
        (select count(*)::int from analytics_return_lines where refunded_at > requested_at + interval '14 days') as late,
        (select count(*)::int from analytics_return_lines a join products p on p.id = a.product_id
          where p.title in ('Slim jeans', 'Wrap dress', 'Chelsea boot', 'Klank Buds Sport')) as problem`.execute(handle.db);
    const figures = rows[0];
    expect(figures?.rate).toBeGreaterThan(0.05);
    expect(figures?.rate).toBeLessThan(0.4);
    expect(figures?.moments).toBe(0);
    expect(figures?.late).toBeGreaterThan(0);
    expect(figures?.problem).toBeGreaterThan(0);
    const byKind = await sql<{ code: string; rate: number }>`select c.code,
        sum(a.q)::float8 / sum(s.u)::float8 as rate
      from (select category_id, sum(units) as u from analytics_sales_days group by 1) s
      join categories c on c.id = s.category_id
      join (select category_id, sum(quantity) as q from analytics_return_lines where counted group by 1) a
        on a.category_id = s.category_id
      where c.code in ('trousers', 'dresses', 'phones', 'computers')
      group by c.code`.execute(handle.db);
    const rate = new Map(byKind.rows.map((r) => [r.code, r.rate]));
    // Fashion comes back several times as often as electronics.
    expect(Math.min(rate.get('trousers') ?? 0, rate.get('dresses') ?? 0)).toBeGreaterThan(
      2 * Math.max(rate.get('phones') ?? 1, rate.get('computers') ?? 1),
    );
  }, 120_000);
});
