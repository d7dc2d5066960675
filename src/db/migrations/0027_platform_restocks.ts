import { type Kysely, sql } from 'kysely';

// Units Retour put back on its shelf that go to a shop platform's inventory too (Shopify): one row
// per stock movement and connection, so a movement reaches the platform once however often its job
// runs, and an attempt whose answer was lost is known when the next one starts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('platform_restocks')
    .addColumn('movement_id', 'text', (c) => c.notNull().references('stock_movements.id'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('shop_connections.id').onDelete('cascade'))
    // pending: to be sent (or being sent, see attempts and updated_at) · done · failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    // The platform's location the units went to; null: the shop's primary one.
    .addColumn('location_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('platform_restocks_pk', ['movement_id', 'connection_id'])
    .execute();
  await db.schema
    .createIndex('platform_restocks_unsent')
    .on('platform_restocks')
    .columns(['connection_id', 'created_at'])
    .where(sql.ref('status'), '<>', 'done')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('platform_restocks').execute();
}
