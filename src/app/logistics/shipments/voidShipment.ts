import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import { CALLED_OFF_STATUSES } from '../../../domain/returnStatus.js';
import { type AppContext, type CommandMeta, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { type BookedReturn, type CarrierAdapter, CarrierError, type VoidResult } from '../carriers/port.js';

export interface VoidOutcome {
  shipmentId: string;
  status: 'voided' | 'void_requested' | 'booked' | 'failed' | 'pending';
  result: VoidResult | 'nothing_booked' | null;
}

/** The shipment as the carrier booked it, from what Retour kept. */
export async function bookedReturnOf(ctx: AppContext, shipmentId: string) {
  const row = await ctx.db.selectFrom('shipments').selectAll().where('id', '=', shipmentId).executeTakeFirst();
  if (!row) throw notFound('Shipment', shipmentId);
  const parcels = await ctx.db
    .selectFrom('shipment_parcels')
    .select(['remote_id', 'tracking_number', 'tracking_url'])
    .where('shipment_id', '=', shipmentId)
    .orderBy('collo')
    .execute();
  const booked: BookedReturn = {
    remoteId: row.remote_id ?? '',
    ready: true,
    parcels: parcels.map((p) => ({ remoteId: p.remote_id, trackingNumber: p.tracking_number, trackingUrl: p.tracking_url })),
    cost: row.cost_amount !== null && row.cost_currency ? { amount: Number(row.cost_amount), currency: row.cost_currency } : null,
    qrCode: row.qr_code,
    pickup: row.pickup?.status === 'booked' ? { confirmation: row.pickup.confirmation, slot: row.pickup.slot } : null,
  };
  return { row, booked };
}

/**
 * Voids a booked label with its carrier, where the carrier allows it (unused labels are then not
 * charged): voided at once, or requested (the carrier decides later). A booked pickup is cancelled
 * with the carrier too, also where the label cannot be voided. A shipment nothing was booked for
 * yet is simply called off — only while no attempt has claimed it (an attempt in flight sees the
 * return called off and releases what it booked). Staff asking to void a label the carrier cannot
 * void are told so (409 CARRIER_CANNOT_VOID); a return's cancellation leaves such a label as it is.
 */
export async function voidShipment(
  ctx: AppContext,
  meta: CommandMeta,
  input: { shipmentId: string; strict?: boolean },
): Promise<VoidOutcome> {
  const { row, booked } = await bookedReturnOf(ctx, input.shipmentId);
  const unbooked = row.status === 'pending' && row.attempts === 0 && row.remote_id === null;
  if (row.status !== 'booked' && !unbooked) {
    if (input.strict) throw new RetourError('conflict', 'SHIPMENT_NOT_VOIDABLE', `Shipment ${row.id} is ${row.status}`);
    return { shipmentId: row.id, status: row.status, result: null };
  }
  if (unbooked) return markVoided(ctx, meta, row, 'nothing_booked');
  const voids = CARRIER_CAPABILITIES[row.carrier].voids;
  if (!voids && input.strict)
    throw new RetourError('conflict', 'CARRIER_CANNOT_VOID', `${row.carrier} labels cannot be voided; unused ones expire`);
  const connection = row.connection_id ? await ctx.carriers.connection(row.connection_id) : null;
  if (!connection) throw new RetourError('conflict', 'CARRIER_DISCONNECTED', 'The carrier connection is gone or switched off');
  if (booked.pickup) await cancelPickup(ctx, meta, row, connection.adapter, booked);
  const result = voids ? await connection.adapter.voidReturn(booked) : 'not_voidable';
  if (result === 'not_voidable') {
    if (input.strict) throw new RetourError('conflict', 'CARRIER_CANNOT_VOID', 'The carrier no longer voids this label');
    return { shipmentId: row.id, status: row.status, result };
  }
  return markVoided(ctx, meta, row, result);
}

type ShipmentRow = Awaited<ReturnType<typeof bookedReturnOf>>['row'];

/** The shipment is voided (or its void requested), if it is still as it was read. */
async function markVoided(
  ctx: AppContext,
  meta: CommandMeta,
  row: ShipmentRow,
  result: VoidResult | 'nothing_booked',
): Promise<VoidOutcome> {
  const status = result === 'requested' ? 'void_requested' : 'voided';
  return inUnit(ctx, meta, async (unit) => {
    const changed = await unit.tx
      .updateTable('shipments')
      .set({ status, updated_at: unit.now })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      // Nothing booked yet only while no attempt has claimed the shipment since it was read.
      .$if(result === 'nothing_booked', (q) => q.where('attempts', '=', 0).where('remote_id', 'is', null))
      .returning('id')
      .executeTakeFirst();
    if (changed)
      unit.record({
        type: 'shipment.voided',
        subjectType: 'shipment',
        subjectId: row.id,
        returnId: row.return_id,
        data: { carrier: row.carrier, result },
      });
    return { shipmentId: row.id, status: changed ? status : row.status, result };
  });
}

/** Cancels the carrier's pickup of a parcel that will not be sent; false where the carrier no
 * longer cancels it (it is too late: the driver comes for nothing). */
async function cancelPickup(
  ctx: AppContext,
  meta: CommandMeta,
  row: ShipmentRow,
  adapter: CarrierAdapter,
  booked: BookedReturn,
): Promise<boolean> {
  try {
    await adapter.changePickup(booked, null);
  } catch (err) {
    if (err instanceof CarrierError && err.kind !== 'transient') return false;
    throw err;
  }
  await inUnit(ctx, meta, async (unit) => {
    await unit.tx
      .updateTable('shipments')
      .set({ pickup: JSON.stringify({ ...booked.pickup, status: 'cancelled' }), updated_at: unit.now })
      .where('id', '=', row.id)
      .execute();
    unit.record({
      type: 'shipment.pickup_changed',
      subjectType: 'shipment',
      subjectId: row.id,
      returnId: row.return_id,
      data: { slot: null, previousSlot: booked.pickup?.slot ?? null, status: 'cancelled', confirmation: null },
    });
  });
  return true;
}

/** After a return was cancelled or expired: its labels are voided where the carrier allows. */
export async function voidReturnShipments(ctx: AppContext, returnId: string): Promise<VoidOutcome[]> {
  const ret = await ctx.db.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirst();
  if (!ret || !(CALLED_OFF_STATUSES as readonly string[]).includes(ret.status)) return [];
  const shipments = await ctx.db
    .selectFrom('shipments')
    .select('id')
    .where('return_id', '=', returnId)
    .where('status', 'in', ['pending', 'booked'])
    .execute();
  const outcomes: VoidOutcome[] = [];
  for (const s of shipments) outcomes.push(await voidShipment(ctx, { actor: systemActor }, { shipmentId: s.id }));
  return outcomes;
}
