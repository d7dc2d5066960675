import { type Kysely, sql } from 'kysely';

// The tracking round asks carriers about quiet parcels a few hundred at a time: each parcel keeps
// when it was last asked, so the round goes through all of them in turn instead of asking the same
// few each time. Unapplied webhook deliveries are looked up per connection by every apply job and
// tracking round; once applied (nearly all of them) they are never looked up that way again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shipment_parcels').addColumn('polled_at', 'timestamptz').execute();
  await db.schema
    .createIndex('carrier_webhooks_unapplied')
    .on('carrier_webhooks')
    .columns(['connection_id', 'received_at'])
    .where(sql.ref('applied_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('carrier_webhooks_unapplied').execute();
  await db.schema.alterTable('shipment_parcels').dropColumn('polled_at').execute();
}
