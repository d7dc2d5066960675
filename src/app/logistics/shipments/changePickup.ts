import { sql } from 'kysely';
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
 * `shipment.pickup_changed` is recorded. While the carrier is booking the parcel the pickup cannot
 * change (409 PICKUP_BEING_BOOKED: the booking already sent the old slot); of two changes at the
 * same time only the first kept stands, the other's pickup is cancelled again (409).
 */
export async function changePickup(
  ctx: AppContext,
  meta: CommandMeta,
  input: { returnId: string; slot: PickupSlot | null },
): Promise<PickupChange> {
  const { ret, timezone } = await changeableReturn(ctx, input);
  const shipment = await pickupShipment(ctx, ret.id);
  if (shipment?.status === 'pending' && shipment.attempts > 0) throw beingBooked();
  const carrierPickup = shipment?.status === 'booked' ? await changeWithCarrier(ctx, shipment, input.slot) : null;

  try {
    return await inUnit(ctx, meta, async (unit) => {
      const changed = await unit.tx
        .updateTable('returns')
        .set({ pickup_slot_start: input.slot?.start ?? null, pickup_slot_end: input.slot?.end ?? null, updated_at: unit.now })
        .where('id', '=', ret.id)
        .where('status', 'in', CANCELLABLE_STATUSES)
        .returning('id')
        .executeTakeFirst();
      if (!changed) throw new RetourError('conflict', 'PICKUP_NOT_CHANGEABLE', 'The return changed meanwhile; look again');
      if (shipment?.status === 'pending') {
        // The booking reads the slot once it claimed the shipment: only before that may it change.
        const now = await unit.tx
          .selectFrom('shipments')
          .select(['status', 'attempts'])
          .where('id', '=', shipment.id)
          .forUpdate()
          .executeTakeFirst();
        if (now?.status === 'pending' && now.attempts > 0) throw beingBooked();
      }
      if (shipment && carrierPickup) {
        // Compare-and-set: a change that raced this one wrote its pickup first.
        const kept = await unit.tx
          .updateTable('shipments')
          .set({ pickup: JSON.stringify(carrierPickup), updated_at: unit.now })
          .where('id', '=', shipment.id)
          .$if(shipment.pickup === null, (q) => q.where('pickup', 'is', null))
          .$if(shipment.pickup !== null, (q) => q.where(sql<boolean>`pickup = ${JSON.stringify(shipment.pickup)}::jsonb`))
          .returning('id')
          .executeTakeFirst();
        if (!kept) throw new PickupRaceLost();
      }
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
  } catch (err) {
    if (!(err instanceof PickupRaceLost)) throw err;
    // The other change stands: the pickup this one just booked is cancelled again.
    if (shipment?.status === 'booked' && carrierPickup?.status === 'booked') await undoPickup(ctx, shipment, carrierPickup);
    throw new RetourError('conflict', 'PICKUP_CHANGED_MEANWHILE', 'The pickup was changed at the same time; look again');
  }
}

/** Another change of the same pickup was kept first. */
class PickupRaceLost extends Error {}

const beingBooked = () =>
  new RetourError(
    'conflict',
    'PICKUP_BEING_BOOKED',
    'The carrier is booking the parcel and its pickup right now; change the pickup once it is booked',
  );

/** The return, if its pickup may change now to the slot asked for (before the cut-off, a slot on
 * offer), with the shop's time zone. */
async function changeableReturn(ctx: AppContext, input: { returnId: string; slot: PickupSlot | null }) {
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
  return { ret, timezone };
}

/** One of the carrier's windows where it has its own, else one of Retour's. */
async function onOffer(ctx: AppContext, orderId: string, slot: PickupSlot, now: Date, timeZone: string) {
  return slotOnOffer(slot, await ctx.shipping.pickupSlots(orderId), (s) => isOfferedSlot(s, now, timeZone));
}

/** The return's parcel to be picked up: one still to be booked (the booking takes the slot the
 * return then has), or one booked, as the carrier booked it. */
async function pickupShipment(ctx: AppContext, returnId: string) {
  const row = await ctx.db
    .selectFrom('shipments')
    .selectAll()
    .where('return_id', '=', returnId)
    .where('status', 'in', ['pending', 'booked'])
    .where('method', '=', 'pickup')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row?.connection_id) return null;
  if (row.status === 'pending' || !row.remote_id)
    return {
      id: row.id,
      status: 'pending' as const,
      attempts: row.attempts,
      connectionId: row.connection_id,
      pickup: row.pickup,
    };
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
  return {
    id: row.id,
    status: 'booked' as const,
    attempts: row.attempts,
    connectionId: row.connection_id,
    booked,
    pickup: row.pickup,
  };
}

type BookedPickupShipment = Extract<NonNullable<Awaited<ReturnType<typeof pickupShipment>>>, { status: 'booked' }>;

/** Cancels with the carrier a pickup this change booked but could not keep; a carrier that fails
 * here leaves it (the shopper is told to look again, staff see the carrier's pickups). */
async function undoPickup(ctx: AppContext, shipment: BookedPickupShipment, pickup: { confirmation: string; slot: PickupSlot }) {
  const connection = await ctx.carriers.connection(shipment.connectionId);
  await connection?.adapter
    .changePickup({ ...shipment.booked, pickup: { confirmation: pickup.confirmation, slot: pickup.slot } }, null)
    .catch(() => undefined);
}

/** The carrier moves or cancels its pickup; answers the pickup as the shipment then keeps it. */
async function changeWithCarrier(ctx: AppContext, shipment: BookedPickupShipment, slot: PickupSlot | null) {
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
