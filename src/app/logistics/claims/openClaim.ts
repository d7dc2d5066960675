import { notFound, RetourError } from '../../../domain/errors.js';
import type { ClaimKind } from '../../../domain/parcelClaims.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { claimableParcels } from './claimableParcels.js';
import { type ClaimDetail, claimInUnit } from './claimViews.js';

export interface OpenClaimInput {
  returnId: string;
  parcelId: string;
  kind: ClaimKind;
  /** Cents; left out: the goods in the parcel plus its share of the label's cost. */
  amountClaimed?: number | null;
  carrierReference?: string | null;
  note?: string | null;
}

/**
 * Staff open the claim for one booked parcel of a return, with the carrier that carried it: one
 * claim per parcel, so a second (another tab, a retry without a key) is a conflict naming the
 * first. The amount is in the order's currency.
 */
export async function openClaim(ctx: AppContext, meta: CommandMeta, input: OpenClaimInput): Promise<ClaimDetail> {
  return inUnit(ctx, meta, async (unit) => {
    const ret = await unit.tx
      .selectFrom('returns')
      .select(['id', 'number'])
      .where('id', '=', input.returnId)
      .forUpdate()
      .executeTakeFirst();
    if (!ret) throw notFound('Return', input.returnId);
    const parcel = (await claimableParcels(unit.tx, input.returnId)).find((p) => p.parcelId === input.parcelId);
    if (!parcel) {
      throw new RetourError('invalid', 'PARCEL_NOT_OF_RETURN', `Parcel ${input.parcelId} is no booked parcel of this return`, [
        { path: 'parcelId', message: 'not a booked parcel of this return' },
      ]);
    }
    if (parcel.claimId) {
      throw new RetourError('conflict', 'CLAIM_EXISTS', 'This parcel has a claim already', [], { claimId: parcel.claimId });
    }
    const claimId = newId('clm');
    const amount = input.amountClaimed ?? parcel.defaultAmount;
    await unit.tx
      .insertInto('parcel_claims')
      .values({
        id: claimId,
        return_id: input.returnId,
        shipment_id: parcel.shipmentId,
        parcel_id: parcel.parcelId,
        carrier: parcel.carrier,
        tracking_number: parcel.trackingNumber,
        kind: input.kind,
        status: 'open',
        amount_claimed: amount,
        currency: parcel.currency,
        carrier_reference: input.carrierReference ?? null,
        opened_by: meta.actor.id,
        created_at: unit.now,
        updated_at: unit.now,
      })
      .execute();
    const opened = {
      type: 'claim.opened',
      subjectType: 'parcel_claim',
      subjectId: claimId,
      returnId: input.returnId,
      reason: input.note ?? null,
      data: {
        number: ret.number,
        claimId,
        parcelId: parcel.parcelId,
        carrier: parcel.carrier,
        trackingNumber: parcel.trackingNumber,
        kind: input.kind,
        amountClaimed: amount,
        currency: parcel.currency,
        carrierReference: input.carrierReference ?? null,
      },
    };
    unit.record(opened);
    return claimInUnit(unit, claimId, meta.actor, [opened]);
  });
}
