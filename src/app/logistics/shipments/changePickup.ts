import { notFound, RetourError } from '../../../domain/errors.js';
import { isOneOf } from '../../../domain/oneOf.js';
import { canChangePickup, pickupChangeCutoff } from '../../../domain/pickupCutoff.js';
import { isOfferedSlot, type PickupSlot } from '../../../domain/pickupSlots.js';
import { CANCELLABLE_STATUSES } from '../../../domain/returnStatus.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { slotOnOffer } from '../../returns/shippingOffers.js';
import type { BookedReturn } from '../carriers/port.js';

export interface PickupChange {
  returnId: string;
  pickupSlot: PickupSlot | null;
  /** Until when the (new) pickup can be changed or cancelled. */
  changeableUntil: Date | null;
}

/**
 * Moves a return's home pickup to another slot on offer, or cancels it (`slot: null`), until the
 * cut-off the evening before the pickup. Where the carrier has booked it, the carrier moves or
 * cancels it first (a CarrierError leaves everything as it was); the return keeps the new slot and
 * `shipment.pickup_changed` is recorded.
 */
export async function changePickup(
  ctx: AppContext,
  meta: CommandMeta,
  input: { returnId: string; slot: PickupSlot | null },
): Promise<PickupChange> {
  const ret = await ctx.db
    .selectFrom('returns')
    .select(['id', 'order_id', 'status', 'method', 'pickup_slot_start', 'pickup_slot_end'])
    .where('id', '=', input.returnId)
    .executeTakeFirst();
  if (!ret) throw notFound('Return', input.returnId);
  if (ret.method !== 'pickup') throw new RetourError('conflict', 'NOT_A_PICKUP', 'This return is not picked up at home');
  if (!isOneOf(CANCELLABLE_STATUSES, ret.status))
    throw new RetourError('conflict', 'PICKUP_NOT_CHANGEABLE', `The return is ${ret.status}: its pickup can no longer change`);
  const { timezone } = await getShopSettingsCached(ctx.caches, ctx.db);
  const now = ctx.now();
  if (ret.pickup_slot_start && !canChangePickup(ret.pickup_slot_start, now, timezone))
    throw new RetourError(
      'conflict',
      'PICKUP_CUTOFF_PASSED',
      'The pickup can no longer be changed: the carrier has planned it',
      [],
      {
        cutoff: pickupChangeCutoff(ret.pickup_slot_start, timezone).toISOString(),
      },
    );
  if (input.slot && !(await onOffer(ctx, ret.order_id, input.slot, now, timezone)))
    throw new RetourError('invalid', 'PICKUP_SLOT_NOT_OFFERED', 'This time is no longer on offer', [
      { path: 'slot', message: 'choose one of the slots on offer', code: 'PICKUP_SLOT_NOT_OFFERED' },
    ]);

  const shipment = await bookedShipment(ctx, ret.id);
  const carrierPickup = shipment ? await changeWithCarrier(ctx, shipment, input.slot) : null;

  return inUnit(ctx, meta, async (unit) => {
    const changed = await unit.tx
      .updateTable('returns')
      .set({ pickup_slot_start: input.slot?.start ?? null, pickup_slot_end: input.slot?.end ?? null, updated_at: unit.now })
      .where('id', '=', ret.id)
      .where('status', 'in', CANCELLABLE_STATUSES)
      .returning('id')
      .executeTakeFirst();
    if (!changed) throw new RetourError('conflict', 'PICKUP_NOT_CHANGEABLE', 'The return changed meanwhile; look again');
    if (shipment && carrierPickup)
      await unit.tx
        .updateTable('shipments')
        .set({ pickup: JSON.stringify(carrierPickup), updated_at: unit.now })
        .where('id', '=', shipment.id)
        .execute();
    unit.record({
      type: 'shipment.pickup_changed',
      subjectType: shipment ? 'shipment' : 'return',
      subjectId: shipment?.id ?? ret.id,
      returnId: ret.id,
      data: {
        slot: input.slot,
        previousSlot: ret.pickup_slot_start ? { start: ret.pickup_slot_start, end: ret.pickup_slot_end } : null,
        status: input.slot ? 'booked' : 'cancelled',
        confirmation: carrierPickup?.confirmation ?? null,
      },
    });
    return {
      returnId: ret.id,
      pickupSlot: input.slot,
      changeableUntil: input.slot ? pickupChangeCutoff(input.slot.start, timezone) : null,
    };
  });
}

/** One of the carrier's windows where it has its own, else one of Retour's. */
async function onOffer(ctx: AppContext, orderId: string, slot: PickupSlot, now: Date, timeZone: string) {
  return slotOnOffer(slot, await ctx.shipping.pickupSlots(orderId), (s) => isOfferedSlot(s, now, timeZone));
}

/** The return's booked parcel with a pickup, as the carrier booked it. */
async function bookedShipment(ctx: AppContext, returnId: string) {
  const row = await ctx.db
    .selectFrom('shipments')
    .selectAll()
    .where('return_id', '=', returnId)
    .where('status', '=', 'booked')
    .where('method', '=', 'pickup')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row?.connection_id || !row.remote_id) return null;
  const parcels = await ctx.db
    .selectFrom('shipment_parcels')
    .select(['remote_id', 'tracking_number', 'tracking_url'])
    .where('shipment_id', '=', row.id)
    .orderBy('collo')
    .execute();
  const booked: BookedReturn = {
    remoteId: row.remote_id,
    ready: true,
    parcels: parcels.map((p) => ({ remoteId: p.remote_id, trackingNumber: p.tracking_number, trackingUrl: p.tracking_url })),
    cost: row.cost_amount !== null && row.cost_currency ? { amount: Number(row.cost_amount), currency: row.cost_currency } : null,
    qrCode: row.qr_code,
    pickup:
      row.pickup && row.pickup.status === 'booked' ? { confirmation: row.pickup.confirmation, slot: row.pickup.slot } : null,
  };
  return { id: row.id, connectionId: row.connection_id, booked, pickup: row.pickup };
}

/** The carrier moves or cancels its pickup; answers the pickup as the shipment then keeps it. */
async function changeWithCarrier(
  ctx: AppContext,
  shipment: NonNullable<Awaited<ReturnType<typeof bookedShipment>>>,
  slot: PickupSlot | null,
) {
  const connection = await ctx.carriers.connection(shipment.connectionId);
  if (!connection) throw new RetourError('conflict', 'CARRIER_DISCONNECTED', 'The carrier connection is gone or switched off');
  const after = await connection.adapter.changePickup(shipment.booked, slot);
  const confirmation = after.pickup?.confirmation ?? shipment.pickup?.confirmation ?? '';
  if (!slot)
    return {
      confirmation,
      slot: shipment.pickup?.slot ?? shipment.booked.pickup?.slot ?? { start: '', end: '' },
      status: 'cancelled' as const,
    };
  return { confirmation, slot: after.pickup?.slot ?? slot, status: 'booked' as const };
}
