import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { inFactTransaction } from './factTransaction.js';
import { type ReturnScope, upsertReturnFactsSql } from './returnFactsSql.js';

/** Returns refreshed per statement: a chunk's lines, events and settlements read by index. */
export const RETURN_CHUNK = 2_000;

/**
 * Upserts the analytics_return_lines rows of these returns (or all of them) from the live tables,
 * one insert … select … on conflict per chunk, and deletes the rows of lines (or returns) that no
 * longer exist. Days are counted in `timeZone`.
 */
export async function refreshReturnFacts(
  db: Kysely<Database>,
  returnIds: readonly string[] | 'all',
  timeZone: string,
): Promise<void> {
  if (returnIds === 'all') {
    for (const scope of await returnRanges(db, RETURN_CHUNK * 10)) await refreshScope(db, scope, timeZone);
    await sql`delete from analytics_return_lines a
      where not exists (select 1 from return_lines l where l.id = a.return_line_id)`.execute(db);
    return;
  }
  const ids = [...new Set(returnIds)].sort();
  for (let i = 0; i < ids.length; i += RETURN_CHUNK) {
    const chunk = ids.slice(i, i + RETURN_CHUNK);
    await refreshScope(db, { ids: chunk }, timeZone);
    await sql`delete from analytics_return_lines a
      where a.return_id = any(${chunk}::text[])
        and not exists (select 1 from return_lines l where l.id = a.return_line_id)`.execute(db);
  }
}

/** Refreshes one scope of returns in one statement. */
export async function refreshScope(db: Kysely<Database>, scope: ReturnScope, timeZone: string): Promise<void> {
  await inFactTransaction(db, async (tx) => {
    await upsertReturnFactsSql(scope, timeZone).execute(tx);
  });
}

/** The returns cut into ranges of about `size` ids each, in id order: every return falls in one. */
export async function returnRanges(db: Kysely<Database>, size: number): Promise<ReturnScope[]> {
  const { rows } = await sql<{ id: string }>`select id from (
      select id, row_number() over (order by id) as n from returns
    ) x where (n - 1) % ${size} = 0 order by id`.execute(db);
  return rows.map((r, i) => ({ from: r.id, to: rows[i + 1]?.id ?? null }));
}

/** The returns of these orders (an order's country or channel changed) or customers (a segment). */
export async function returnsOf(db: Kysely<Database>, of: { orderIds?: readonly string[]; customerIds?: readonly string[] }) {
  const orders = [...(of.orderIds ?? [])];
  const customers = [...(of.customerIds ?? [])];
  if (orders.length + customers.length === 0) return [];
  const { rows } = await sql<{ id: string }>`select id from returns
    where order_id = any(${orders}::text[]) or customer_id = any(${customers}::text[])`.execute(db);
  return rows.map((r) => r.id);
}
