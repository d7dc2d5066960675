import { type Kysely, sql } from 'kysely';

// Parcels that went wrong on the way and the claims filed with the carrier for them: a parcel is
// flagged once (trouble reported, or no tracking news for the shop's number of working days), and
// staff file at most one claim per parcel, from open to accepted (with what the carrier paid) or
// rejected.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('shipment_parcels')
    .addColumn('flagged_at', 'timestamptz')
    // exception · returned_to_sender · stalled
    .addColumn('flag_reason', 'text')
    .execute();
  // The stalled round looks only at parcels the carrier has and nobody flagged yet.
  await sql`create index shipment_parcels_unflagged_moving on shipment_parcels (tracking_at)
    where flagged_at is null and tracking_state in ('handed_in', 'in_transit', 'at_pickup_point')`.execute(db);
  await db.schema
    .alterTable('shop_settings')
    .addColumn('stalled_parcel_days', 'integer', (c) => c.notNull().defaultTo(7))
    .execute();
  await db.schema
    .createTable('parcel_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
    // One claim per parcel: a second is a conflict, not a duplicate payment to chase.
    .addColumn('parcel_id', 'text', (c) => c.notNull().unique().references('shipment_parcels.id'))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('tracking_number', 'text')
    // lost · damaged · returned_to_sender
    .addColumn('kind', 'text', (c) => c.notNull())
    // open · submitted · accepted · rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_claimed', 'bigint', (c) => c.notNull())
    .addColumn('amount_paid', 'bigint')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('carrier_reference', 'text')
    .addColumn('opened_by', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('parcel_claims_by_return').on('parcel_claims').column('return_id').execute();
  await db.schema.createIndex('parcel_claims_by_status').on('parcel_claims').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('parcel_claims').execute();
  await db.schema.alterTable('shop_settings').dropColumn('stalled_parcel_days').execute();
  await sql`drop index if exists shipment_parcels_unflagged_moving`.execute(db);
  await db.schema.alterTable('shipment_parcels').dropColumn('flagged_at').dropColumn('flag_reason').execute();
}
