import { type Kysely, sql } from 'kysely';

// The risk queue lists returns by score, newest first, a page after a cursor of (score, created,
// id): the index of that order lets a page read its rows in order instead of sorting every return.
// The customers by risk keep their index on the score alone: one on the moment they were last
// assessed would change with every return request, and so forbid PostgreSQL's in-page (HOT)
// update of the customer's row that a score staying at 0 allows now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index returns_risk_queue_idx on returns (risk_score, created_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists returns_risk_queue_idx`.execute(db);
}
