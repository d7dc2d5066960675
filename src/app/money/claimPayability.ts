import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import { trackingProgress } from '../../domain/tracking.js';

/**
 * The shop pays for a parcel only once the carrier had it: handed in (or further along), and not
 * on its way back to the shopper. The parcel's own tracking decides, not only the kind staff chose
 * for the claim: a "lost" claim for a label never used would pay for goods still at the shopper's.
 */
export async function requireParcelWithCarrier(tx: Kysely<Database>, claim: { kind: string; parcel_id: string }): Promise<void> {
  const parcel = await tx
    .selectFrom('shipment_parcels')
    .select('tracking_state')
    .where('id', '=', claim.parcel_id)
    .executeTakeFirstOrThrow();
  if (claim.kind === 'returned_to_sender' || parcel.tracking_state === 'returned_to_sender') {
    throw new RetourError('conflict', 'GOODS_BACK_WITH_SHOPPER', 'The parcel went back to the shopper: nothing is owed for it');
  }
  if (!parcel.tracking_state || trackingProgress(parcel.tracking_state) < trackingProgress('handed_in')) {
    throw new RetourError(
      'conflict',
      'PARCEL_NOT_WITH_CARRIER',
      'The carrier never scanned this parcel: the goods are not known to have left the shopper',
      [],
      { trackingState: parcel.tracking_state },
    );
  }
}

/**
 * Whether any other parcel of the return may still reach the warehouse: one that is not itself
 * given up as lost (flagged as stalled, or claimed as lost) and not on its way back to the shopper.
 * A parcel delivered but not yet received still counts: the station has it to receive.
 */
export async function otherParcelsComing(tx: Kysely<Database>, returnId: string, parcelId: string): Promise<boolean> {
  const others = await tx
    .selectFrom('shipment_parcels as p')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .leftJoin('parcel_claims as c', 'c.parcel_id', 'p.id')
    .select(['p.id', 'p.tracking_state', 'p.flag_reason', 'c.kind'])
    .where('p.return_id', '=', returnId)
    .where('p.id', '<>', parcelId)
    .where('s.status', '=', 'booked')
    .execute();
  return others.some((p) => p.flag_reason !== 'stalled' && p.kind !== 'lost' && p.tracking_state !== 'returned_to_sender');
}
