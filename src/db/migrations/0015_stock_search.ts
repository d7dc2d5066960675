import { type Kysely, sql } from 'kysely';

// Stock is searched by the start of a SKU in any case: an index on the lower-cased SKU with
// pattern operators lets `lower(sku) like 'abc%'` use it whatever the database's collation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index variants_sku_lower_idx on variants (lower(sku) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index variants_sku_lower_idx`.execute(db);
}
