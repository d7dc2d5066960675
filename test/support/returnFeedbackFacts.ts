import { sql } from 'kysely';
import type { RetourDb } from '../../src/db/connection.js';

export interface FeedbackRow {
  return_id: string;
  customer_id: string;
  rating: number;
  comment: string | null;
  created_at: Date;
}

/** Writes ratings for returns known only as analytics facts: the foreign keys to returns and
 * customers are not checked in this transaction (the tests' database user may skip them), so a
 * test need not make whole orders and returns to rate. */
export async function insertFeedbackOfFacts(db: RetourDb, rows: FeedbackRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('return_feedback')
        .values(rows.slice(i, i + 500))
        .execute();
  });
}
