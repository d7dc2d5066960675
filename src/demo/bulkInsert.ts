import type { Insertable } from 'kysely';
import type { Tx } from '../app/kernel/transaction.js';
import type { ColumnTypes } from '../db/columnTypes.js';
import type { Database } from '../db/schema.js';
import { insertUnnested, type UnnestColumns } from '../db/unnestRows.js';

export type { ColumnTypes } from '../db/columnTypes.js';
export type { PgType } from '../db/unnestRows.js';

type Row<T extends keyof Database> = Insertable<Database[T]>;

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

/**
 * Bulk inserts sent one after the other on a transaction's connection without waiting for each:
 * while PostgreSQL writes a batch, the next batch's arrays are built, so the Node and the
 * PostgreSQL sides of a large load overlap instead of taking turns. At most two batches are in
 * flight: batch n is sent once batch n−2 is in, so besides the rows themselves (all made before
 * the load) only two batches' column arrays and statements are held at once, however large the
 * load. A failure is reported (by `insert` while it waits to send, else by `done`) only once every
 * batch sent has been answered, as the first batch that failed: a statement still waiting for the
 * connection when the caller rolls the transaction back would run after the rollback, outside the
 * transaction, and commit its rows.
 */
export class PipelinedInserts {
  /** The batches sent and not yet known to be in, oldest first. */
  readonly #pending: Promise<void>[] = [];
  readonly #tx: Tx;

  constructor(tx: Tx) {
    this.#tx = tx;
  }

  /** Sends the rows' batches (as `bulkInsert` writes them); `afterBatch` is told as each is in. */
  async insert<T extends keyof Database>(
    table: T,
    columns: ColumnTypes<T>,
    rows: readonly FullRow<T>[],
    afterBatch: () => void = () => {},
  ): Promise<void> {
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      // The batch before last must be in before this one goes: two in flight, never more.
      if (this.#pending.length >= 2) {
        try {
          await this.#pending[0];
          this.#pending.shift();
        } catch {
          await this.#settle();
        }
      }
      const batch = rows.slice(start, start + BATCH_ROWS);
      const written = insertUnnested(this.#tx, table, columns as UnnestColumns<FullRow<T>>, batch).then(afterBatch);
      written.catch(() => {}); // reported by #settle
      this.#pending.push(written);
      // Lets the statement go out to PostgreSQL before the next one is built.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Waits for every batch sent; fails with the first that failed. */
  async done(): Promise<void> {
    await this.#settle();
  }

  /** Waits until no batch is in flight, then fails with the oldest that failed, if any. */
  async #settle(): Promise<void> {
    const results = await Promise.allSettled(this.#pending.splice(0));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/** Number of statements `bulkInsert` uses for `count` rows (for progress totals). */
export const batchesFor = (count: number) => Math.ceil(count / BATCH_ROWS);
