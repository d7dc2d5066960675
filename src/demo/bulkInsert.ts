import { type Insertable, sql } from 'kysely';
import type { Tx } from '../app/kernel/transaction.js';
import type { Database } from '../db/schema.js';

/** PostgreSQL array element types the demo tables need. */
export type PgType = 'text' | 'int4' | 'int8' | 'bool' | 'jsonb' | 'timestamptz';

type Row<T extends keyof Database> = Insertable<Database[T]>;

/** Every insertable column of a table with its type: the compiler checks none is missing. */
export type ColumnTypes<T extends keyof Database> = { [K in keyof Row<T> & string]-?: PgType };

/** A row that names every column (defaults are not used: a missing value would become NULL). */
export type FullRow<T extends keyof Database> = { [K in keyof Row<T>]-?: Exclude<Row<T>[K], undefined> };

/** Rows per statement. Each column travels as one array parameter, so PostgreSQL's 65,535
 * bind-parameter limit is never near; the size only bounds the statement's memory. */
export const BATCH_ROWS = 1000;

function toArrayElement(value: unknown, type: PgType): unknown {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  // node-postgres would read a JS array inside the column array as a nested SQL array.
  if (type === 'jsonb' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}

/** Inserts rows with `insert … select * from unnest($1::text[], $2::int8[], …)`: one parameter
 * per column instead of one per value. On PGlite that is about three times faster than a
 * multi-row VALUES list, because parsing and binding thousands of parameters dominates there. */
export async function bulkInsert<T extends keyof Database>(
  tx: Tx,
  table: T,
  columns: ColumnTypes<T>,
  rows: readonly FullRow<T>[],
  afterBatch: () => void = () => {},
): Promise<void> {
  const names = Object.keys(columns) as (keyof ColumnTypes<T> & string)[];
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS) as readonly Record<string, unknown>[];
    const arrays = names.map((name) => {
      const type: PgType = columns[name];
      return sql`${batch.map((row) => toArrayElement(row[name], type))}::${sql.raw(type)}[]`;
    });
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
      select * from unnest(${sql.join(arrays)})`.execute(tx);
    afterBatch();
  }
}

/** Number of statements `bulkInsert` uses for `count` rows (for progress totals). */
export const batchesFor = (count: number) => Math.ceil(count / BATCH_ROWS);
