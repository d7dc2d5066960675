import { type RawBuilder, sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { RetentionCounts, RetentionPeriods } from '../../domain/privacy/retention.js';
import type { Tx } from '../kernel/transaction.js';

/** One kind of data the retention round clears, in batches found through an index that holds only
 * what is still to do (migration 0052). */
export interface RetentionStep {
  /** What it counts under in a run's report. */
  count: keyof RetentionCounts;
  /** The period that says when a row is due. */
  period: keyof RetentionPeriods;
  /** The index its due rows are found through (migration 0052). */
  index: string;
  /** The ids of at most `limit` due rows, oldest first, skipping rows other processes hold. */
  pick(cutoff: Date, limit: number): RawBuilder<{ id: string }>;
  /** How many rows are due: what a dry run reports. */
  due(db: RetourDb, cutoff: Date): Promise<number>;
  /** Clears at most `limit` due rows in `tx`, rows other processes hold skipped. `taken`: the rows
   * it took (fewer than `limit`: nothing more is due); `cleared`: what it counts; `files`: photos
   * whose files go once `tx` committed. */
  clear(tx: Tx, cutoff: Date, limit: number, now: Date): Promise<{ taken: number; cleared: number; files?: string[] }>;
}

/** The statuses no transition leaves (TERMINAL_STATUSES), spelled as the partial indexes of
 * migration 0052 spell them, so the planner can use those indexes. */
export const FINAL_RETURN = sql.raw(`status in ('closed', 'rejected', 'cancelled', 'expired')`);

/** A `count(*)` as a number (PostgreSQL answers bigint as a string). */
export async function countOf(query: Promise<{ rows: { n: string | number }[] }>): Promise<number> {
  const { rows } = await query;
  return Number(rows[0]?.n ?? 0);
}
