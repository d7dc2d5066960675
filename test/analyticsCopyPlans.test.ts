import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { createTestDb, DB_KINDS } from './support/databases.js';

const customerRow = (i: number) => ({
  customer_id: `cus_plan_${String(i).padStart(6, '0')}`,
  currency: 'EUR',
  orders: 1,
  units: 2,
  gross_amount: 5000,
  returned_amount: 0,
  first_order_at: null,
  last_order_at: null,
});

// A session's first firing of the narrow facts' copy triggers used to fix their plans for the
// session's life: fired while the statistics called the copy empty, a delete of a few customers
// then scanned every customer figure. The same session must reach them by key once they are many.
describe.each(DB_KINDS)('the narrow facts copy triggers plan each firing (%s)', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(() => handle?.close());

  it('reach a customer figure by its key after the table grew in the same session', async () => {
    await handle.db.connection().execute(async (session) => {
      // First firings, as on a shop whose sales were copied (the dictionary holds their SKUs) and
      // whose customers were not yet: a refresh's first delete of customers not there yet.
      await sql`insert into analytics_keys (value) select 'sku-' || g from generate_series(1, 2000) g`.execute(session);
      // Statistics gathered then (by hand or a routine ANALYZE) say the figures are empty.
      await sql`analyze analytics_keys, analytics_customer_figures`.execute(session);
      await session.deleteFrom('analytics_customers').where('customer_id', '=', customerRow(0).customer_id).execute();

      for (let from = 1; from <= 6000; from += 1000)
        await session
          .insertInto('analytics_customers')
          .values(Array.from({ length: 1000 }, (_, i) => customerRow(from + i)))
          .execute();

      const scans = await session.transaction().execute(async (tx) => {
        await tx
          .deleteFrom('analytics_customers')
          .where('customer_id', 'in', [customerRow(10).customer_id, customerRow(2000).customer_id, customerRow(5999).customer_id])
          .execute();
        // This transaction's own scans of the copy (counted per backend, read before commit).
        const { rows } = await sql<{
          seq: number;
          idx: number;
          read: number;
          del: number;
        }>`select seq_scan::int as seq, coalesce(idx_scan, 0)::int as idx, seq_tup_read::int as read, n_tup_del::int as del
          from pg_stat_xact_user_tables where relname = 'analytics_customer_figures'`.execute(tx);
        return rows[0];
      });
      // A backend's pending counts may still hold its earlier transactions' (the first firings'
      // scans of the empty table), so what tells is the rows read by scans: none of the 6,000.
      expect(scans?.read).toBeLessThan(100);
      expect(scans?.idx).toBeGreaterThan(0);

      const left = await sql<{ n: number }>`select count(*)::int as n from analytics_customer_figures`.execute(session);
      expect(left.rows[0]?.n).toBe(5997);
    });
  });
});
