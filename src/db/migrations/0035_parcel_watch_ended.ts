import { type Kysely, sql } from 'kysely';

// A parcel whose return is over (closed, called off, lost) is never waited for again, yet one that
// was never delivered stayed in the stalled round's partial index for ever, walked past every
// round. The round now marks such a parcel's watch as ended once, and the index leaves it out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shipment_parcels').addColumn('watch_ended_at', 'timestamptz').execute();
  await sql`drop index if exists shipment_parcels_unflagged_moving`.execute(db);
  await sql`create index shipment_parcels_unflagged_moving on shipment_parcels (tracking_at)
    where flagged_at is null and watch_ended_at is null
      and tracking_state in ('handed_in', 'in_transit', 'at_pickup_point')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists shipment_parcels_unflagged_moving`.execute(db);
  await sql`create index shipment_parcels_unflagged_moving on shipment_parcels (tracking_at)
    where flagged_at is null and tracking_state in ('handed_in', 'in_transit', 'at_pickup_point')`.execute(db);
  await db.schema.alterTable('shipment_parcels').dropColumn('watch_ended_at').execute();
}
