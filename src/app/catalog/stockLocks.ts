import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../kernel/transaction.js';

/** The first key of every stock lock (the second is the variant id's hash), so they cannot be
 * mistaken for an advisory lock of anything else. */
export const STOCK_LOCK_NAMESPACE = 0x53544f4b; // 'STOK'

/** `shared`: the writer only puts units on the shelf (a restock), so it need not wait for another
 * one. `alone`: it takes units out (or promises them) after reading what is on hand, so it waits
 * for every writer of the variant under way and they wait for it. */
export type StockLockMode = 'shared' | 'alone';

/**
 * The select that takes each variant's stock lock until the transaction ends. Advisory locks are
 * heavyweight locks and queue in order: a restock asking after a take-out already waits behind it,
 * so a stream of restocks cannot starve a take-out (a row's share lock, such as the one a foreign
 * key takes, is granted past a FOR UPDATE still waiting). The keys are the ids' hashes: two
 * variants whose ids collide share a lock, which only costs some waiting. They are taken in key
 * order, collisions once, so two writers never hold one each of the other's; the lock function is
 * volatile, and PostgreSQL runs a volatile output after the ORDER BY.
 */
function stockLockSelect(variantIds: readonly string[], mode: StockLockMode): RawBuilder<unknown> {
  const take = mode === 'shared' ? sql.raw('pg_advisory_xact_lock_shared') : sql.raw('pg_advisory_xact_lock');
  return sql`select ${take}(${sql.lit(STOCK_LOCK_NAMESPACE)}, k) as locked
    from (select distinct hashtext(id) as k from unnest(${[...new Set(variantIds)]}::text[]) as id) as keys
    order by k`;
}

/** Takes the stock lock of each variant until the transaction ends. Every writer of the stock
 * ledger takes it before anything else of the variant: take-outs then still lock the variant's row
 * for update, and read what is on hand with no restock of it under way. */
export async function lockVariantsForStock(tx: Tx, variantIds: readonly string[], mode: StockLockMode): Promise<void> {
  if (variantIds.length === 0) return;
  await stockLockSelect(variantIds, mode).execute(tx);
}

/** The count of stock locks taken, for a statement that takes them before its writes in one round
 * trip: `where ${stockLocksTaken(...)} >= 0` is checked once, before any row goes in. */
export function stockLocksTaken(variantIds: readonly string[], mode: StockLockMode): RawBuilder<number> {
  return sql<number>`(select count(*) from (${stockLockSelect(variantIds, mode)}) as taken)`;
}
