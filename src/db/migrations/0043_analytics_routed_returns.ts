import { type Kysely, sql } from 'kysely';

// The ROI report credits routing with the returns sent to a store or by the cheapest carrier, over
// the period's creation times: a year is 170,000 returns of which about 20,000 are such. This
// partial index holds only those, so the report reads them without the rest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index returns_routed_created_idx on returns (created_at)
    where method = 'store' or routing ->> 'serviceChoice' = 'cheapest'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists returns_routed_created_idx`.execute(db);
}
