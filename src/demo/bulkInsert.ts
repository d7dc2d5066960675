import type { Insertable } from 'kysely';
import type { Tx } from '../app/kernel/transaction.js';
import type { Database } from '../db/schema.js';
import { insertUnnested, type PgType, type UnnestColumns } from '../db/unnestRows.js';

export type { PgType } from '../db/unnestRows.js';

type Row<T extends keyof Database> = Insertable<Database[T]>;

/** Every insertable column of a table with its type: the compiler checks none is missing. */
export type ColumnTypes<T extends keyof Database> = { [K in keyof Row<T> & string]-?: PgType };

/** A row that names every column (defaults are not used: a missing value would become NULL). */
export type FullRow<T extends keyof Database> = { [K in keyof Row<T>]-?: Exclude<Row<T>[K], undefined> };

/** Rows per statement. Each column travels as one array parameter, so PostgreSQL's 65,535
 * bind-parameter limit is never near; the size only bounds the statement's memory. */
export const BATCH_ROWS = 1000;

/** Inserts rows with `insert … select * from unnest($1::text[], $2::int8[], …)`: one parameter
 * per column instead of one per value (see `unnestRows`). On PGlite that is about three times
 * faster than a multi-row VALUES list, because parsing and binding thousands of parameters
 * dominates there. */
export async function bulkInsert<T extends keyof Database>(
  tx: Tx,
  table: T,
  columns: ColumnTypes<T>,
  rows: readonly FullRow<T>[],
  afterBatch: () => void = () => {},
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    await insertUnnested(tx, table, columns as UnnestColumns<FullRow<T>>, batch);
    afterBatch();
  }
}

/** Number of statements `bulkInsert` uses for `count` rows (for progress totals). */
export const batchesFor = (count: number) => Math.ceil(count / BATCH_ROWS);
