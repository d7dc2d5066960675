import { type Kysely, sql } from 'kysely';

// Logistics: the carriers a shop books return parcels with, which carrier service carries each
// return method for shoppers of a country, the rules that route a return, the parcels booked (with
// the carrier's label, cost and tracking), and the tracking updates carriers sent or Retour polled.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('carrier_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // Sealed with the credential box, like payment providers' keys.
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    // The result of the last "test connection".
    .addColumn('checked_at', 'timestamptz')
    .addColumn('check_ok', 'boolean')
    .addColumn('check_message', 'text')
    // Where the carrier's tracking was last polled up to (carriers without webhooks).
    .addColumn('polled_until', 'timestamptz')
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('carrier_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('carrier_connections.id').onDelete('cascade'))
    // label · qr · pickup · partner
    .addColumn('method', 'text', (c) => c.notNull())
    // The shopper's country (ISO 3166-1 alpha-2).
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('needs_service_point', 'boolean', (c) => c.notNull().defaultTo(false))
    // pdf · zpl
    .addColumn('label_format', 'text', (c) => c.notNull().defaultTo('pdf'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('carrier_methods_once', ['connection_id', 'method', 'country', 'service_code'])
    .execute();
  await db.schema.createIndex('carrier_methods_by_country').on('carrier_methods').columns(['country', 'method']).execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // Which returns it takes: countries, categories, reasons, defects, methods (all when empty).
    .addColumn('conditions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Where they go: a warehouse (hub, refurbishment centre) or an address (vendor, repair partner).
    .addColumn('destination', 'jsonb', (c) => c.notNull())
    // Which service: the cheapest quoted, or the first configured for the method.
    .addColumn('service_choice', 'text', (c) => c.notNull().defaultTo('configured'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('returns')
    // The drop-off point the shopper chose, as the carrier described it.
    .addColumn('service_point', 'jsonb')
    // Where routing sent the return and why (rule, destination, rates compared).
    .addColumn('routing', 'jsonb')
    .addColumn('destination_warehouse_id', 'text')
    .addColumn('parcel_count', 'integer', (c) => c.notNull().defaultTo(1))
    // The carrier delivered the parcel at the warehouse: expected at the receiving station.
    .addColumn('carrier_delivered_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('shipments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('connection_id', 'text', (c) => c.references('carrier_connections.id'))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull())
    // Sent to the carrier as its dedupe key and used to find the parcel after a lost answer.
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    // pending · booked · failed · void_requested · voided
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('tracking_url', 'text')
    .addColumn('label_format', 'text', (c) => c.notNull().defaultTo('pdf'))
    .addColumn('label', 'bytea')
    .addColumn('label_content_type', 'text')
    .addColumn('qr_code', 'text')
    .addColumn('customs_document', 'bytea')
    // { confirmation, slot: { start, end }, status: booked | cancelled }
    .addColumn('pickup', 'jsonb')
    .addColumn('cost_amount', 'bigint')
    .addColumn('cost_currency', 'text')
    .addColumn('customs', 'jsonb')
    .addColumn('tracking_state', 'text')
    .addColumn('tracking_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('booked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('shipments_by_return').on('shipments').column('return_id').execute();

  // One row per box of a shipment (multi-collo returns), each with its tracking number.
  await db.schema
    .createTable('shipment_parcels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('collo', 'integer', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('tracking_url', 'text')
    .addColumn('tracking_state', 'text')
    .addColumn('tracking_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addUniqueConstraint('shipment_parcels_collo', ['shipment_id', 'collo'])
    .execute();
  await db.schema
    .createIndex('shipment_parcels_by_tracking')
    .on('shipment_parcels')
    .columns(['tracking_number', 'carrier'])
    .execute();

  await db.schema
    .createTable('tracking_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parcel_id', 'text', (c) => c.notNull().references('shipment_parcels.id'))
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('carrier_status', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    // webhook · poll
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('tracking_events_once', ['parcel_id', 'carrier_status', 'occurred_at'])
    .execute();
  await db.schema.createIndex('tracking_events_by_return').on('tracking_events').columns(['return_id', 'occurred_at']).execute();

  // Webhook deliveries as they came, answered at once and applied by a job; a delivery the carrier
  // sends again finds its key taken and is not applied twice. That key is also the only replay guard
  // where a signature does not cover its time (Shippo's over the body alone): rows must outlive any
  // replay window and are not to be pruned without a check of a signed time standing in.
  await db.schema
    .createTable('carrier_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('carrier_connections.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('updates', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('applied_at', 'timestamptz')
    .addColumn('error', 'text')
    .addUniqueConstraint('carrier_webhooks_once', ['connection_id', 'dedupe_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'carrier_webhooks',
    'tracking_events',
    'shipment_parcels',
    'shipments',
    'routing_rules',
    'carrier_methods',
    'carrier_connections',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema
    .alterTable('returns')
    .dropColumn('service_point')
    .dropColumn('routing')
    .dropColumn('destination_warehouse_id')
    .dropColumn('parcel_count')
    .dropColumn('carrier_delivered_at')
    .execute();
}
