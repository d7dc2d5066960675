import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { type BookedReturn, type CarrierAdapter, CarrierError, type VoidResult } from '../carriers/port.js';
import type { ClaimedShipment } from './shipmentClaim.js';

/** What was done with the carrier about a parcel nobody wants any more. */
export interface Release {
  label: VoidResult;
  /** The pickup the carrier had booked was cancelled. */
  pickupCancelled: boolean;
}

/**
 * Gives back to the carrier a parcel that will not be sent: its booked pickup is cancelled (also
 * where the label itself cannot be voided, as with PostNL), and its label voided where the carrier
 * voids labels. A carrier that is down throws (the caller's job retries); a pickup the carrier no
 * longer cancels is left as it is.
 */
export async function releaseWithCarrier(adapter: CarrierAdapter, booked: BookedReturn): Promise<Release> {
  let pickupCancelled = false;
  if (booked.pickup) {
    try {
      await adapter.changePickup(booked, null);
      pickupCancelled = true;
    } catch (err) {
      if (!(err instanceof CarrierError) || err.kind === 'transient') throw err;
    }
  }
  const label = CARRIER_CAPABILITIES[adapter.name].voids ? await adapter.voidReturn(booked) : 'not_voidable';
  return { label, pickupCancelled };
}

/**
 * The return was called off while its parcel was being booked: what the carrier has is released
 * and the shipment is voided (only by the attempt that holds it), with `shipment.voided` and, for
 * a cancelled pickup, `shipment.pickup_changed`.
 */
export async function abandonBooking(
  ctx: AppContext,
  adapter: CarrierAdapter,
  shipment: ClaimedShipment,
  booked: BookedReturn | null,
): Promise<void> {
  const release = booked ? await releaseWithCarrier(adapter, booked) : null;
  const result = release?.label ?? 'nothing_booked';
  await inUnit(ctx, { actor: systemActor }, async (unit) => {
    const changed = await unit.tx
      .updateTable('shipments')
      .set({
        status: result === 'requested' ? 'void_requested' : 'voided',
        remote_id: booked?.remoteId ?? null,
        ...(release?.pickupCancelled && booked?.pickup
          ? { pickup: JSON.stringify({ ...booked.pickup, status: 'cancelled' }) }
          : {}),
        updated_at: unit.now,
      })
      .where('id', '=', shipment.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', shipment.attempt)
      .returning('id')
      .executeTakeFirst();
    if (!changed) return;
    const subject = { subjectType: 'shipment', subjectId: shipment.id, returnId: shipment.return_id };
    unit.record({ type: 'shipment.voided', ...subject, data: { carrier: shipment.carrier, result } });
    if (release?.pickupCancelled)
      unit.record({
        type: 'shipment.pickup_changed',
        ...subject,
        data: { slot: null, previousSlot: booked?.pickup?.slot ?? null, status: 'cancelled', confirmation: null },
      });
  });
}

/**
 * An attempt lost its shipment before it could keep what the carrier booked (its lease ran out and
 * another attempt took over, or the shipment was voided meanwhile). The parcel it booked is
 * released once the shipment is settled on another parcel or on none. While the attempt that took
 * over is still looking (pending, no parcel kept yet) it is left alone: that attempt finds it by
 * its reference and keeps it, and voiding it then would void the shopper's label.
 */
export async function releaseUnkept(ctx: AppContext, adapter: CarrierAdapter, shipmentId: string, booked: BookedReturn) {
  const row = await ctx.db
    .selectFrom('shipments')
    .select(['remote_id', 'status'])
    .where('id', '=', shipmentId)
    .executeTakeFirst();
  // The shipment keeps this parcel (the attempt that took over found it), or released it already.
  if (row?.remote_id === booked.remoteId) return null;
  if (row?.status === 'pending' && row.remote_id === null) return null;
  return releaseWithCarrier(adapter, booked);
}
