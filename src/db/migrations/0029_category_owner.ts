import { type Kysely, sql } from 'kysely';

// A category a shop connection brought in (a Shopify collection, a WooCommerce category) is the
// platform's: sync renames it, so staff cannot, and it is found by the platform's own code, never
// by taking over a category of the shop's own that has the same code.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('categories')
    .addColumn('connection_id', 'text', (c) => c.references('shop_connections.id'))
    .addColumn('external_id', 'text')
    .execute();
  await db.schema
    .createIndex('categories_by_connection')
    .on('categories')
    .columns(['connection_id', 'external_id'])
    .unique()
    .where(sql.ref('connection_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('categories_by_connection').execute();
  await db.schema.alterTable('categories').dropColumn('connection_id').dropColumn('external_id').execute();
}
