import type { Kysely } from 'kysely';

// Each box of a shipment keeps the carrier that moves it as the connection's API names it (an
// aggregator's carrier token or code: usps, postnl, dhl_express …), since an aggregator's tracking
// lookup wants it beside the tracking number; and, for a return of several boxes, the label of
// that box alone where the carrier makes one per box (the shipment keeps the one of all boxes).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('shipment_parcels')
    .addColumn('carrier_code', 'text')
    .addColumn('label', 'bytea')
    .addColumn('label_content_type', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('shipment_parcels')
    .dropColumn('carrier_code')
    .dropColumn('label')
    .dropColumn('label_content_type')
    .execute();
}
