import { type Kysely, sql } from 'kysely';

// The risk queue lists returns by score, newest first, a page after a cursor of (score, created,
// id), and the customers by risk lists the assessed customers by (score, assessed, id): each gets
// the index of its order, so a page reads its rows in order instead of sorting every return or
// customer. The earlier customers' index (score, id, scores above 0) matched neither.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index returns_risk_queue_idx on returns (risk_score, created_at, id)`.execute(db);
  await sql`create index customers_risk_list_idx on customers (risk_score, risk_assessed_at, id)
    where risk_assessed_at is not null`.execute(db);
  await sql`drop index if exists customers_risk_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index customers_risk_idx on customers (risk_score desc, id) where risk_score > 0`.execute(db);
  await sql`drop index if exists customers_risk_list_idx`.execute(db);
  await sql`drop index if exists returns_risk_queue_idx`.execute(db);
}
