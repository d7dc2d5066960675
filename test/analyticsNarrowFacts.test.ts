import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDb, type RetourDb } from '../src/db/connection.js';
import { migrateTo, migrateToLatest } from '../src/db/migrate.js';
import { randomWorld, seeded, worldDatabase, writeWorld } from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';

/** The narrow facts read back with their keys' ids, beside what the wide facts say they should be. */
async function narrowAgainstWide(db: RetourDb) {
  // A stage's seconds from the wide moments: both known and in order, else none.
  const stage = (from: string, to: string, name: string) =>
    sql.raw(`(case when ${from} is not null and ${to} is not null and ${to} >= ${from}
      then extract(epoch from ${to} - ${from})::float8 end) as stage_${name}`);
  const key = (column: string) => sql.raw(`(select value from analytics_keys k where k.id = ${column})`);
  const cells = await sql<Record<string, unknown>>`select day::text, currency, ${key('sku_key')} as sku,
      ${key('channel_key')} as channel_id, country, segment, ${key('variant_key')} as variant_id,
      ${key('product_key')} as product_id, ${key('category_key')} as category_id, units::bigint, value_amount, lines
    from analytics_sales_cells order by 1, 2, 3, 4, 5, 6`.execute(db);
  const days = await sql<Record<string, unknown>>`select day::text, currency, sku, channel_id, country, segment, variant_id,
      product_id, category_id, units::bigint, value_amount, lines
    from analytics_sales_days order by 1, 2, 3, 4, 5, 6`.execute(db);
  const months = await sql<Record<string, unknown>>`select month::text, currency, ${key('sku_key')} as sku,
      ${key('channel_key')} as channel_id, country, segment, ${key('variant_key')} as variant_id,
      ${key('product_key')} as product_id, ${key('category_key')} as category_id, units::bigint, value_amount::bigint,
      lines::bigint
    from analytics_sales_months order by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(db);
  const monthsOfDays = await sql<Record<string, unknown>>`select date_trunc('month', day::timestamp)::date::text as month,
      currency, sku, channel_id, country, segment, variant_id, product_id, category_id, sum(units)::bigint as units,
      sum(value_amount)::bigint as value_amount, sum(lines)::bigint as lines
    from analytics_sales_days group by 1, 2, 3, 4, 5, 6, 7, 8, 9 order by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(db);
  const narrowLines = await sql<Record<string, unknown>>`select return_line_id, ${key('return_key')} as return_id,
      ${key('customer_key')} as customer_id, currency, ${key('channel_key')} as channel_id, country, segment,
      ${key('sku_key')} as sku, ${key('variant_key')} as variant_id, ${key('product_key')} as product_id,
      ${key('category_key')} as category_id, ${key('warehouse_key')} as warehouse_id, ${key('reason_key')} as reason_id,
      reason_code, controllable, ordered_day::text, requested_day::text, requested_at, withdrawal_at, refunded_at,
      repurchased_at, stage_approval, stage_first_scan, stage_receipt, stage_inspection, stage_refund,
      stage_request_to_refund, quantity, value_amount, requested_resolution,
      granted_resolution, keep_item, grade, disposition, recovered_amount, refund_amount, credit_amount,
      credit_spent_amount, exchange_amount, bonus_amount, label_cost_amount, fee_amount, inspection_seconds, commented,
      comment_words
    from analytics_counted_lines order by return_line_id`.execute(db);
  const wideLines = await sql<Record<string, unknown>>`select return_line_id, return_id, customer_id, currency, channel_id,
      country, segment, sku, variant_id, product_id, category_id, warehouse_id, reason_id, reason_code, controllable,
      ordered_day::text, requested_day::text, requested_at, withdrawal_at, refunded_at, repurchased_at,
      ${stage('requested_at', 'approved_at', 'approval')}, ${stage('approved_at', 'first_scan_at', 'first_scan')},
      ${stage('first_scan_at', 'received_at', 'receipt')}, ${stage('received_at', 'inspected_at', 'inspection')},
      ${stage('inspected_at', 'refunded_at', 'refund')}, ${stage('requested_at', 'refunded_at', 'request_to_refund')},
      quantity, value_amount, requested_resolution, granted_resolution,
      keep_item, grade, disposition, recovered_amount, refund_amount, credit_amount, credit_spent_amount,
      exchange_amount, bonus_amount, label_cost_amount, fee_amount, inspection_seconds,
      coalesce(btrim(comment) <> '', false) as commented, nullif(comment_words, '{}') as comment_words
    from analytics_return_lines where counted order by return_line_id`.execute(db);
  const figures = await sql<Record<string, unknown>>`select ${key('customer_key')} as customer_id, currency, orders, units,
      gross_amount, returned_amount, first_order_at, last_order_at
    from analytics_customer_figures order by 1, 2`.execute(db);
  const customers = await sql<Record<string, unknown>>`select customer_id, currency, orders, units, gross_amount,
      returned_amount, first_order_at, last_order_at
    from analytics_customers order by 1, 2`.execute(db);
  return {
    figures: figures.rows,
    customers: customers.rows,
    cells: cells.rows,
    days: days.rows,
    months: months.rows,
    monthsOfDays: monthsOfDays.rows,
    narrowLines: narrowLines.rows,
    wideLines: wideLines.rows,
  };
}

async function expectNarrowToFollow(db: RetourDb, what: string) {
  const n = await narrowAgainstWide(db);
  expect(n.cells, `${what}: sales cells`).toEqual(n.days);
  expect(n.months, `${what}: sales months`).toEqual(n.monthsOfDays);
  expect(n.narrowLines, `${what}: counted lines`).toEqual(n.wideLines);
  expect(n.figures, `${what}: customer figures`).toEqual(n.customers);
}

/** Customers' figures for the customers of `world`'s lines, in two currencies for some. */
function customerRows(customerIds: string[], r: ReturnType<typeof seeded>) {
  return customerIds.flatMap((id) =>
    (r.chance(0.3) ? ['EUR', 'SEK'] : ['EUR']).map((currency) => ({
      customer_id: id,
      currency,
      orders: r.int(1, 9),
      units: r.int(1, 30),
      gross_amount: r.int(0, 90_000),
      returned_amount: r.int(0, 9_000),
      first_order_at: new Date(Date.UTC(2025, r.int(0, 11), r.int(1, 28))),
      last_order_at: r.chance(0.2) ? null : new Date(Date.UTC(2026, r.int(0, 4), r.int(1, 28))),
    })),
  );
}

describe.each(DB_KINDS)('narrow analytics facts follow the wide ones (%s)', (kind) => {
  const suite = worldDatabase(kind);

  it('after inserts, updates, upserts, deletes of some days and lines, and truncation', async () => {
    const db = suite.handle.db;
    for (let seed = 1; seed <= 6; seed++) {
      const r = seeded(seed);
      const world = randomWorld(r, r.int(20, 80));
      await writeWorld(db, world);
      const customerIds = [...new Set(world.lines.map((l) => l.customer_id))];
      await db.deleteFrom('analytics_customers').execute();
      await db.insertInto('analytics_customers').values(customerRows(customerIds, r)).execute();
      await expectNarrowToFollow(db, `seed ${seed}, written`);
      expect((await narrowAgainstWide(db)).cells.length).toBeGreaterThan(0);
      // The processing moments, on some lines out of order (a refund before the inspection).
      await sql`update analytics_return_lines set approved_at = requested_at + interval '90 minutes',
          first_scan_at = requested_at + (length(return_line_id) % 5) * interval '17 hours',
          received_at = requested_at + interval '3 days',
          inspected_at = requested_at + interval '3 days 2 hours 7.25 seconds',
          refunded_at = case when length(return_line_id) % 3 = 0 then requested_at + interval '3 days 1 hour'
            else requested_at + interval '5 days' end
        where length(return_line_id) % 4 <> 0`.execute(db);
      await expectNarrowToFollow(db, `seed ${seed}, moments set`);

      // A day's sales deleted and written again with other figures (as a refresh of that day does).
      const day = r.pick(world.sales).day;
      await db.deleteFrom('analytics_sales_days').where('day', '=', day).execute();
      await expectNarrowToFollow(db, `seed ${seed}, day ${day} deleted`);
      await db
        .insertInto('analytics_sales_days')
        .values(world.sales.filter((s) => s.day === day).map((s) => ({ ...s, units: Number(s.units) + 1 })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      await expectNarrowToFollow(db, `seed ${seed}, day ${day} written again`);
      // Written again over what is there (an upsert), one of them now of another variant.
      await db
        .insertInto('analytics_sales_days')
        .values(
          world.sales.filter((s) => s.day === day).map((s, i) => ({ ...s, units: 3, variant_id: i === 0 ? 'var_new' : null })),
        )
        .onConflict((oc) =>
          oc
            .columns(['currency', 'day', 'sku', 'channel_id', 'country', 'segment'])
            .doUpdateSet((eb) => ({ units: eb.ref('excluded.units'), variant_id: eb.ref('excluded.variant_id') })),
        )
        .execute();
      await expectNarrowToFollow(db, `seed ${seed}, day ${day} upserted`);
      // Updated in place: units, and a SKU moved to another product.
      await db.updateTable('analytics_sales_days').set({ units: 7, product_id: 'prod_moved' }).where('day', '=', day).execute();
      await expectNarrowToFollow(db, `seed ${seed}, day ${day} updated`);

      // Lines upserted as a refresh does: one counted no more, one counted now, one moved in time.
      const [a, b, c] = world.lines;
      if (a && b && c) {
        await db
          .insertInto('analytics_return_lines')
          .values([
            { ...a, counted: !a.counted },
            { ...b, counted: true, warehouse_id: 'wh_new', reason_id: 'rsn_new' },
            { ...c, requested_day: '2026-03-03', refund_amount: 123 },
          ])
          .onConflict((oc) =>
            oc.column('return_line_id').doUpdateSet((eb) => ({
              counted: eb.ref('excluded.counted'),
              warehouse_id: eb.ref('excluded.warehouse_id'),
              reason_id: eb.ref('excluded.reason_id'),
              requested_day: eb.ref('excluded.requested_day'),
              refund_amount: eb.ref('excluded.refund_amount'),
            })),
          )
          .execute();
        await expectNarrowToFollow(db, `seed ${seed}, lines upserted`);
        await db.deleteFrom('analytics_return_lines').where('return_line_id', '=', b.return_line_id).execute();
        await expectNarrowToFollow(db, `seed ${seed}, a line deleted`);
      }
      // A customer's figures refreshed (deleted and written again) and one updated in place.
      const [first, second] = customerIds;
      if (first && second) {
        await db.deleteFrom('analytics_customers').where('customer_id', '=', first).execute();
        await expectNarrowToFollow(db, `seed ${seed}, a customer deleted`);
        await db
          .insertInto('analytics_customers')
          .values(customerRows([first], r))
          .execute();
        await db.updateTable('analytics_customers').set({ gross_amount: 1 }).where('customer_id', '=', second).execute();
        await expectNarrowToFollow(db, `seed ${seed}, customers written again`);
      }
    }
    await sql`truncate analytics_sales_days, analytics_return_lines, analytics_customers`.execute(db);
    await expectNarrowToFollow(db, 'truncated');
    const left = await sql<{ n: number }>`select ((select count(*) from analytics_sales_cells)
      + (select count(*) from analytics_sales_months) + (select count(*) from analytics_counted_lines)
      + (select count(*) from analytics_customer_figures))::int as n`.execute(db);
    expect(left.rows[0]?.n).toBe(0);
  });
});

describe('narrow analytics facts of a database that had facts before them (pglite)', () => {
  it('copies the facts there were when the migration ran', async () => {
    const handle = await openDb({ dataDir: 'memory://' });
    try {
      await migrateTo(handle.db, '0041_analytics_product_and_shopper_indexes');
      const r = seeded(7);
      const world = randomWorld(r, 60);
      await writeWorld(handle.db, world);
      const customerIds = [...new Set(world.lines.map((l) => l.customer_id))];
      await handle.db.insertInto('analytics_customers').values(customerRows(customerIds, r)).execute();
      await migrateToLatest(handle.db);
      await expectNarrowToFollow(handle.db, 'copied by the migration');
      expect((await narrowAgainstWide(handle.db)).narrowLines.length).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });
});
