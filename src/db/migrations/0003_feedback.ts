import { type Kysely, sql } from 'kysely';

// What shoppers say about a return once it is resolved: one rating per return, for analytics.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('return_feedback')
    .addColumn('return_id', 'text', (c) => c.primaryKey().references('returns.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('return_feedback').execute();
}
