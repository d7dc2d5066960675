import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';

/**
 * Runs a refresh in one transaction (its own, or the one `db` already is) with settings fit for
 * set-based work over many rows: no JIT compilation (PostgreSQL's planner overestimates the rows
 * of jsonb_array_elements and unnest, and JIT then spends seconds compiling a statement that runs
 * in a fraction of that), and sorts and hashes in memory rather than on disk.
 */
export async function inFactTransaction(
  db: Kysely<Database>,
  work: (tx: Kysely<Database>) => Promise<void>,
  options: { exclusive?: string } = {},
): Promise<void> {
  const run = async (tx: Kysely<Database>) => {
    await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(tx);
    // A rollup's delete-and-insert of the same day by two workers at once would meet on its key:
    // they take turns.
    if (options.exclusive) await sql`select pg_advisory_xact_lock(hashtext(${options.exclusive}))`.execute(tx);
    await work(tx);
  };
  await (db.isTransaction ? run(db) : db.transaction().execute(run));
}
