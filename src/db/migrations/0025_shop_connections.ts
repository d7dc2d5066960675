import { type Kysely, sql } from 'kysely';

// Shop platforms and marketplaces: the connections that bring orders and products in (Shopify,
// WooCommerce, ChannelEngine), their sync runs and errors, the webhooks they sent, and where each
// order, line, product, variant and return lives on its platform. Products become editable (options
// in order, images, an owner), and stores get a staff role of their own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shop_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Orders of this connection land in this sales channel (a marketplace's orders too).
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // Sealed with the credential box, like payment and carrier keys.
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    // The secret part of this connection's webhook URL (ChannelEngine signs nothing).
    .addColumn('webhook_token', 'text', (c) => c.notNull().unique())
    // What the shop chose: refund through the platform, push returns, restock location, reason map …
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('checked_at', 'timestamptz')
    .addColumn('check_ok', 'boolean')
    .addColumn('check_message', 'text')
    // The catch-up's cursor: changes up to this moment are in.
    .addColumn('synced_until', 'timestamptz')
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('orders_received', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('webhooks_received', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('webhooks_rejected', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('shop_sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('shop_connections.id').onDelete('cascade'))
    // backfill · reconcile · manual
    .addColumn('kind', 'text', (c) => c.notNull())
    // orders · products · returns
    .addColumn('resource', 'text', (c) => c.notNull())
    // running · succeeded · failed
    .addColumn('status', 'text', (c) => c.notNull())
    // Where the next page starts: a run that stopped resumes here.
    .addColumn('cursor', 'text')
    .addColumn('updated_since', 'timestamptz')
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer')
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('started_by', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('shop_sync_runs_by_connection')
    .on('shop_sync_runs')
    .columns(['connection_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('shop_sync_errors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('shop_connections.id').onDelete('cascade'))
    .addColumn('run_id', 'text')
    // What failed: an order, a product, a webhook, a return pushed, a refund …
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    // The platform's own message, as it gave it.
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('shop_sync_errors_by_connection')
    .on('shop_sync_errors')
    .columns(['connection_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('shop_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('shop_connections.id').onDelete('cascade'))
    // The platform's delivery id: a repeat of a delivery is dropped.
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    // The event as the adapter read it (ShopWebhookEvent), applied by a job.
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('applied_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addUniqueConstraint('shop_webhooks_once', ['connection_id', 'delivery_id'])
    .execute();
  await db.schema
    .createIndex('shop_webhooks_unapplied')
    .on('shop_webhooks')
    .columns(['connection_id', 'received_at'])
    .where(sql.ref('applied_at'), 'is', null)
    .execute();

  // Where a return made in Retour (or announced by a marketplace) lives on its platform.
  await db.schema
    .createTable('platform_returns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('shop_connections.id'))
    .addColumn('external_id', 'text')
    .addColumn('external_status', 'text')
    // retour: made in Retour and pushed · platform: started on the marketplace
    .addColumn('origin', 'text', (c) => c.notNull())
    // What was last reported back (receipt, refund decision), so a repeat reports nothing twice.
    .addColumn('reported', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('platform_returns_once', ['return_id', 'connection_id'])
    .execute();
  await db.schema
    .createIndex('platform_returns_by_external')
    .on('platform_returns')
    .columns(['connection_id', 'external_id'])
    .unique()
    .where(sql.ref('external_id'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('orders')
    .addColumn('connection_id', 'text', (c) => c.references('shop_connections.id'))
    // When the platform last changed the order: an older copy never overwrites a newer one.
    .addColumn('source_updated_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('marketplace', 'text')
    .addColumn('discount_codes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('shipping_lines', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createIndex('orders_by_connection')
    .on('orders')
    .columns(['connection_id', 'external_id'])
    .unique()
    .where(sql.ref('connection_id'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('order_lines')
    .addColumn('external_id', 'text')
    // What the platform needs to refer to the line (ShopOrderLine.ref).
    .addColumn('external_ref', 'jsonb')
    .execute();
  // An order edited at its source updates its lines in place, found by the platform's line id.
  await db.schema
    .createIndex('order_lines_by_external')
    .on('order_lines')
    .columns(['order_id', 'external_id'])
    .unique()
    .where(sql.ref('external_id'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('products')
    // The connection that owns it: read-only in Retour, edited on the platform.
    .addColumn('connection_id', 'text', (c) => c.references('shop_connections.id'))
    .addColumn('external_id', 'text')
    .addColumn('source_url', 'text')
    // Option names in the shop's order (Size before Colour).
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // [{ url, alt }] in the shop's order; the first is the product's picture.
    .addColumn('images', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('description', 'text')
    .addColumn('updated_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('products_by_connection')
    .on('products')
    .columns(['connection_id', 'external_id'])
    .unique()
    .where(sql.ref('connection_id'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('variants')
    .addColumn('external_id', 'text')
    .addColumn('external_ref', 'jsonb')
    .addColumn('image_url', 'text')
    .execute();

  await sql`alter table staff_users drop constraint if exists staff_users_role_check`.execute(db);
  await sql`alter table staff_users add constraint staff_users_role_check check (role in ('admin','agent','warehouse','analyst','store'))`.execute(
    db,
  );
  await sql`alter table api_keys drop constraint if exists api_keys_role_check`.execute(db);
  await sql`alter table api_keys add constraint api_keys_role_check check (role in ('admin','agent','warehouse','analyst','store'))`.execute(
    db,
  );
  // A store's staff work at one store: its stock is where the goods they take back go.
  await db.schema.alterTable('staff_users').addColumn('store_id', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('store_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('store_id').execute();
  await db.schema.alterTable('staff_users').dropColumn('store_id').execute();
  await sql`alter table api_keys drop constraint if exists api_keys_role_check`.execute(db);
  await sql`alter table api_keys add constraint api_keys_role_check check (role in ('admin','agent','warehouse','analyst'))`.execute(
    db,
  );
  await sql`alter table staff_users drop constraint if exists staff_users_role_check`.execute(db);
  await sql`alter table staff_users add constraint staff_users_role_check check (role in ('admin','agent','warehouse','analyst'))`.execute(
    db,
  );
  for (const column of ['image_url', 'external_ref', 'external_id']) {
    await db.schema.alterTable('variants').dropColumn(column).execute();
  }
  await db.schema.dropIndex('products_by_connection').execute();
  for (const column of ['updated_at', 'description', 'images', 'options', 'source_url', 'external_id', 'connection_id']) {
    await db.schema.alterTable('products').dropColumn(column).execute();
  }
  await db.schema.dropIndex('order_lines_by_external').execute();
  await db.schema.alterTable('order_lines').dropColumn('external_ref').dropColumn('external_id').execute();
  await db.schema.dropIndex('orders_by_connection').execute();
  for (const column of [
    'shipping_lines',
    'discount_codes',
    'marketplace',
    'cancelled_at',
    'source_updated_at',
    'connection_id',
  ]) {
    await db.schema.alterTable('orders').dropColumn(column).execute();
  }
  await db.schema.dropTable('platform_returns').execute();
  await db.schema.dropTable('shop_webhooks').execute();
  await db.schema.dropTable('shop_sync_errors').execute();
  await db.schema.dropTable('shop_sync_runs').execute();
  await db.schema.dropTable('shop_connections').execute();
}
