import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { CarrierName } from '../../../domain/carriers.js';
import { allocate } from '../../../domain/money.js';
import { type ClaimKind, claimKindOf, defaultClaimAmount, type FlagReason } from '../../../domain/parcelClaims.js';
import type { TrackingState } from '../../../domain/tracking.js';

/** A parcel of a return a claim may be opened for, with what the claim would ask by default. */
export interface ClaimableParcel {
  parcelId: string;
  shipmentId: string;
  carrier: CarrierName;
  trackingNumber: string | null;
  trackingState: TrackingState | null;
  flaggedAt: Date | null;
  flagReason: FlagReason | null;
  /** The kind the flag suggests (lost for a parcel that stopped, damaged for an exception). */
  suggestedKind: ClaimKind | null;
  /** The goods in the parcel plus its share of the label's cost, in cents of `currency`. */
  defaultAmount: number;
  currency: string;
  claimId: string | null;
}

/**
 * The booked parcels of a return and what a claim for each asks by default: the approved goods'
 * paid value shared over the return's parcels (Retour does not know which item went in which box)
 * plus each parcel's share of its label's cost. Three queries whatever the size of the return.
 */
export async function claimableParcels(db: Kysely<Database>, returnId: string): Promise<ClaimableParcel[]> {
  const parcels = await db
    .selectFrom('shipment_parcels as p')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .leftJoin('parcel_claims as c', 'c.parcel_id', 'p.id')
    .select([
      'p.id',
      'p.shipment_id',
      'p.carrier',
      'p.tracking_number',
      'p.tracking_state',
      'p.flagged_at',
      'p.flag_reason',
      's.cost_amount',
      's.cost_currency',
      'c.id as claim_id',
    ])
    .where('p.return_id', '=', returnId)
    .where('s.status', '=', 'booked')
    .orderBy('p.shipment_id')
    .orderBy('p.collo')
    .execute();
  if (parcels.length === 0) return [];
  const goods = await db
    .selectFrom('return_lines as rl')
    .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .select(['rl.quantity', 'ol.quantity as ordered', 'ol.paid_amount', 'o.currency'])
    .where('rl.return_id', '=', returnId)
    .where('rl.acceptance', '=', 'approved')
    .execute();
  const currency =
    goods[0]?.currency ??
    (
      await db
        .selectFrom('returns as r')
        .innerJoin('orders as o', 'o.id', 'r.order_id')
        .select('o.currency')
        .where('r.id', '=', returnId)
        .executeTakeFirstOrThrow()
    ).currency;
  const value = goods.reduce((sum, g) => sum + Math.round((Number(g.paid_amount) * g.quantity) / Math.max(g.ordered, 1)), 0);
  const goodsShares = allocate(
    value,
    parcels.map(() => 1),
  );
  const perShipment = new Map<string, number>();
  for (const p of parcels) perShipment.set(p.shipment_id, (perShipment.get(p.shipment_id) ?? 0) + 1);
  const seen = new Map<string, number>();
  return parcels.map((p, i) => {
    const index = seen.get(p.shipment_id) ?? 0;
    seen.set(p.shipment_id, index + 1);
    const label =
      p.cost_amount !== null && p.cost_currency
        ? {
            amount:
              allocate(
                Number(p.cost_amount),
                Array.from({ length: perShipment.get(p.shipment_id) ?? 1 }, () => 1),
              )[index] ?? 0,
            currency: p.cost_currency,
          }
        : null;
    return {
      parcelId: p.id,
      shipmentId: p.shipment_id,
      carrier: p.carrier,
      trackingNumber: p.tracking_number,
      trackingState: p.tracking_state,
      flaggedAt: p.flagged_at,
      flagReason: p.flag_reason,
      suggestedKind: p.flag_reason ? claimKindOf(p.flag_reason) : null,
      defaultAmount: defaultClaimAmount(goodsShares[i] ?? 0, label, currency),
      currency,
      claimId: p.claim_id,
    };
  });
}
