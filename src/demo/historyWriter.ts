import type { Tx } from '../app/kernel/transaction.js';
import { BATCH_ROWS, type FullRow, PipelinedInserts } from './bulkInsert.js';
import { HISTORY_COLUMNS, HISTORY_TABLES, type HistoryTable } from './columns.js';
import type { SeedProgressReport } from './seedProgress.js';

/** The fewest rows sent early: fewer would cost more in statements than they save at the end. */
const EARLY_BATCH_ROWS = 200;

/** What the progress says while a table's batches go in. */
const STAGES: Record<HistoryTable, string> = {
  customers: 'customers',
  products: 'catalogue',
  variants: 'catalogue',
  stock_movements: 'catalogue',
  orders: 'orders',
  order_lines: 'orders',
  returns: 'returns',
  return_lines: 'returns',
  settlements: 'returns',
  events: 'timeline',
};

/**
 * Writes the rows of the demo's history as they are made, in batches of `BATCH_ROWS` rows per
 * table. With the foreign keys off, a full batch goes to PostgreSQL at once (pipelined), so the
 * database writes while Node makes the next rows: the two sides of the seed overlap. With the keys
 * on, a row must go in after the rows it refers to, so every row is held until `done` and the
 * tables are written parents first. Progress is told while `done` writes: the batches answered
 * out of those left when it began, a number that no longer grows.
 */
export class HistoryWriter {
  readonly #inserts: PipelinedInserts;
  readonly #streaming: boolean;
  readonly #progress: SeedProgressReport;
  /** Rows made and not queued yet, per table. */
  readonly #pending = new Map<HistoryTable, object[]>();
  /** Batches answered since `done` began, and how many were left then (none before). */
  #written = 0;
  #left = 0;

  constructor(tx: Tx, streaming: boolean, progress: SeedProgressReport) {
    this.#inserts = new PipelinedInserts(tx);
    this.#streaming = streaming;
    this.#progress = progress;
  }

  add<T extends HistoryTable>(table: T, rows: readonly FullRow<T>[]): void {
    let pending = this.#pending.get(table);
    if (!pending) {
      pending = [];
      this.#pending.set(table, pending);
    }
    for (const row of rows) pending.push(row);
    if (this.#streaming && pending.length >= BATCH_ROWS) {
      const whole = pending.length - (pending.length % BATCH_ROWS);
      this.#queue(table, pending.splice(0, whole) as FullRow<T>[]);
    }
  }

  /** Lets the batches answered meanwhile be followed by the next; for a caller busy making rows.
   * When the database is about to run out of work, the table with the most rows waiting sends
   * them before it has a whole batch: the database keeps busy, and less is left for the end. */
  async breathe(): Promise<void> {
    await this.#inserts.breathe();
    if (!this.#streaming || this.#inserts.backlog >= 2) return;
    let most: HistoryTable | undefined;
    let rows = 0;
    for (const [table, pending] of this.#pending) {
      if (pending.length > rows) {
        most = table;
        rows = pending.length;
      }
    }
    if (most && rows >= EARLY_BATCH_ROWS) this.#queue(most, this.#pending.get(most)?.splice(0) as FullRow<typeof most>[]);
  }

  /** Writes what is left, parents first, and waits for every batch. */
  async done(): Promise<void> {
    for (const table of HISTORY_TABLES) {
      const rows = this.#pending.get(table);
      if (rows && rows.length > 0) this.#queue(table, rows.splice(0) as FullRow<typeof table>[]);
    }
    this.#written = 0;
    this.#left = this.#inserts.backlog;
    await this.#inserts.done();
  }

  /** Writes nothing more and waits for what is in flight: for a history that failed, before the
   * rollback. Answers the failure of the first batch that failed, if one did. */
  abandon(): Promise<{ reason: unknown } | null> {
    this.#pending.clear();
    return this.#inserts.abandon();
  }

  #queue<T extends HistoryTable>(table: T, rows: readonly FullRow<T>[]): void {
    this.#inserts.queue(table, HISTORY_COLUMNS[table], rows, () => {
      if (this.#left > 0) this.#progress.at('writing', ++this.#written / this.#left, STAGES[table]);
    });
  }
}
