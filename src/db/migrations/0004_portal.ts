import { type Kysely, sql } from 'kysely';

// What the shopper portal needs beyond a bare return: the shop's brand, stores to bring a return
// to, stock to offer exchanges from, photos, and the chosen exchange, pickup slot or store.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('shop_settings')
    .addColumn('logo_url', 'text')
    .addColumn('brand_color', 'text')
    .addColumn('support_email', 'text')
    .execute();

  // A store is a warehouse shoppers can walk into: it takes returns over the counter.
  await db.schema
    .alterTable('warehouses')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('warehouse').check(sql`kind in ('warehouse', 'store')`))
    .addColumn('opening_hours', 'text')
    .execute();

  // The stock ledger: on hand is the sum of the movements per variant, warehouse and condition.
  await db.schema
    .createTable('stock_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('variant_id', 'text', (c) => c.notNull().references('variants.id'))
    .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
    .addColumn('condition', 'text', (c) => c.notNull().check(sql`condition in ('new', 'open_box', 'refurbished')`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity <> 0`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('return_line_id', 'text', (c) => c.references('return_lines.id'))
    .addColumn('note', 'text')
    .addColumn('actor', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stock_movements_variant_idx')
    .on('stock_movements')
    .columns(['variant_id', 'condition', 'warehouse_id'])
    .execute();

  await db.schema
    .alterTable('returns')
    .addColumn('pickup_slot_start', 'timestamptz')
    .addColumn('pickup_slot_end', 'timestamptz')
    .addColumn('store_id', 'text', (c) => c.references('warehouses.id'))
    .execute();

  await db.schema
    .alterTable('return_lines')
    .addColumn('exchange_variant_id', 'text', (c) => c.references('variants.id'))
    .addColumn('exchange_unit_price', 'integer')
    .execute();
  await db.schema
    .createIndex('return_lines_exchange_variant_idx')
    .on('return_lines')
    .column('exchange_variant_id')
    .where(sql.ref('exchange_variant_id'), 'is not', null)
    .execute();

  // Photos are uploaded while the shopper fills in the form, before the return exists; they
  // belong to the order until the return request attaches them to its line.
  await db.schema
    .createTable('return_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('return_line_id', 'text', (c) => c.references('return_lines.id').onDelete('set null'))
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('return_photos_line_idx').on('return_photos').column('return_line_id').execute();
  await db.schema.createIndex('return_photos_order_idx').on('return_photos').column('order_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('return_photos').execute();
  await db.schema.alterTable('return_lines').dropColumn('exchange_variant_id').dropColumn('exchange_unit_price').execute();
  await db.schema
    .alterTable('returns')
    .dropColumn('pickup_slot_start')
    .dropColumn('pickup_slot_end')
    .dropColumn('store_id')
    .execute();
  await db.schema.dropTable('stock_movements').execute();
  await db.schema.alterTable('warehouses').dropColumn('kind').dropColumn('opening_hours').execute();
  await db.schema
    .alterTable('shop_settings')
    .dropColumn('logo_url')
    .dropColumn('brand_color')
    .dropColumn('support_email')
    .execute();
}
