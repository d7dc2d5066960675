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

interface Batch {
  table: keyof Database;
  columns: UnnestColumns<object>;
  rows: readonly object[];
  afterBatch: () => void;
}

/**
 * Bulk inserts sent one after the other on a transaction's connection without waiting for each:
 * rows are queued (`queue`) and their batches go out as the ones before are answered, so the
 * caller goes on making rows while PostgreSQL writes. At most two batches are in flight: the next
 * batch's arrays are built as soon as one is in, while PostgreSQL writes the other, so besides the
 * rows themselves only two batches' column arrays and statements are held at once, however large
 * the load. The transaction's connection (Kysely's SingleConnectionProvider) runs one statement at
 * a time and holds the second batch, first come first served, until the answer to the first is
 * read: batches run in the order queued, which is what writing parents first relies on. So a
 * caller busy making rows lets answers in (and the next batch out) by awaiting `breathe` often;
 * the database waits from the end of a batch until the caller's next breath. A failure stops the
 * sending and is reported (by `breathe` or `done`) only once every batch sent has been answered,
 * as the first batch that failed: a statement still waiting for the connection when the caller
 * rolls the transaction back would run after the rollback, outside the transaction, and commit
 * its rows.
 */
export class PipelinedInserts {
  readonly #tx: Tx;
  /** Batches queued and not sent yet, oldest first. */
  readonly #queue: Batch[] = [];
  #inFlight = 0;
  #failure: { reason: unknown } | null = null;
  /** Waiting for the next batch to be answered. */
  #waiting: (() => void)[] = [];

  constructor(tx: Tx) {
    this.#tx = tx;
  }

  /** Queues the rows' batches (as `bulkInsert` writes them) and returns at once; `afterBatch` is
   * told as each is in. */
  queue<T extends keyof Database>(
    table: T,
    columns: ColumnTypes<T>,
    rows: readonly FullRow<T>[],
    afterBatch: () => void = () => {},
  ) {
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      const batch = rows.slice(start, start + BATCH_ROWS);
      this.#queue.push({ table, columns: columns as UnnestColumns<object>, rows: batch, afterBatch });
    }
    this.#send();
  }

  /** Lets the answers that came in be read, and the batches they make room for go out; fails
   * (once nothing is in flight) when a batch failed. */
  async breathe(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#failure) await this.done();
  }

  /** Waits for every batch queued; fails with the first that failed. */
  async done(): Promise<void> {
    while (this.#inFlight > 0 || (this.#queue.length > 0 && !this.#failure)) await this.#nextAnswer();
    if (this.#failure) throw this.#failure.reason;
  }

  /** Batches sent and not answered, and queued. */
  get backlog(): number {
    return this.#inFlight + this.#queue.length;
  }

  /** Sends nothing more and waits for the batches in flight: for a caller that failed and is about
   * to roll back, so no batch runs after the rollback. Answers the first batch's failure, if one
   * failed: on PostgreSQL it is the cause of what failed after it in the transaction. */
  async abandon(): Promise<{ reason: unknown } | null> {
    this.#queue.length = 0;
    while (this.#inFlight > 0) await this.#nextAnswer();
    return this.#failure;
  }

  #nextAnswer(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Sends queued batches while fewer than two are in flight and none failed. */
  #send(): void {
    while (this.#inFlight < 2 && this.#queue.length > 0 && !this.#failure) {
      const batch = this.#queue.shift() as Batch;
      this.#inFlight++;
      insertUnnested(this.#tx, batch.table, batch.columns, batch.rows).then(
        () => this.#settled(batch.afterBatch),
        (reason: unknown) => {
          this.#failure ??= { reason };
          this.#settled(() => {});
        },
      );
    }
  }

  #settled(afterBatch: () => void): void {
    this.#inFlight--;
    try {
      afterBatch();
    } catch (reason) {
      this.#failure ??= { reason };
    }
    this.#send();
    for (const wake of this.#waiting.splice(0)) wake();
  }
}
