import type { Kysely } from 'kysely';

// Returns taken back over a store's counter or at its till: which store, which return, who took it,
// and the request that did it, so that a repeated request (a double tap, a till retrying after a
// lost answer) finds the same return again instead of opening a second one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('counter_returns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('warehouses.id'))
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    // Who asked and their Idempotency-Key: one counter return per request.
    .addColumn('request_key', 'text', (c) => c.notNull().unique())
    .addColumn('taken_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // When the shopper's receipt was made (once the goods were graded and the money started).
    .addColumn('receipt_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('counter_returns_return_idx').on('counter_returns').column('return_id').execute();
  await db.schema.createIndex('counter_returns_store_idx').on('counter_returns').columns(['store_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('counter_returns').execute();
}
