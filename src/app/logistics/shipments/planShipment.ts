import { CARRIER_METHODS, type CarrierMethod } from '../../../domain/carriers.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { chooseRoute } from '../routing/chooseRoute.js';
import { BOOKING_QUEUE, type BookingJob } from './bookingQueue.js';
import type { RoutedTo } from './bookingRequest.js';

const isCarrierMethod = (method: string | null): method is CarrierMethod =>
  method !== null && (CARRIER_METHODS as readonly string[]).includes(method);

/**
 * After a return was approved: routes it (where it goes, with which carrier and service), keeps
 * the decision on the return, and — when a carrier carries its method — opens its shipment and
 * queues the booking, in one transaction. The shipment's reference is the return number, unique,
 * so a second approval (of lines decided later) or a repeated follow-up opens nothing more. Where
 * no carrier is configured nothing is booked and Retour's own label stays the return's label.
 */
export async function planShipment(ctx: AppContext, returnId: string): Promise<{ shipmentId: string } | null> {
  const ret = await ctx.db.selectFrom('returns').select(['number', 'method']).where('id', '=', returnId).executeTakeFirst();
  if (!ret || !isCarrierMethod(ret.method)) return null;
  const open = await ctx.db.selectFrom('shipments').select('id').where('reference', '=', ret.number).executeTakeFirst();
  if (open) return null;
  // Routing may ask carriers for rates: done before the transaction, which then only writes.
  const decision = await chooseRoute(ctx, returnId);
  return inUnit(ctx, { actor: systemActor }, async (unit) => {
    await unit.tx
      .updateTable('returns')
      // The destination travels with the explanation: the booking sends the parcel there.
      .set({
        routing: JSON.stringify({ ...decision.explanation, to: decision.to } satisfies RoutedTo),
        destination_warehouse_id: decision.destinationWarehouseId,
      })
      .where('id', '=', returnId)
      .execute();
    if (!decision.connectionId || !decision.carrier || !decision.service) return null;
    const made = await unit.tx
      .insertInto('shipments')
      .values({
        id: newId('shp'),
        return_id: returnId,
        connection_id: decision.connectionId,
        carrier: decision.carrier,
        method: ret.method as CarrierMethod,
        service_code: decision.service.code,
        reference: ret.number,
        status: 'pending',
        label_format: decision.service.labelFormat,
        created_at: unit.now,
        updated_at: unit.now,
      })
      .onConflict((oc) => oc.column('reference').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!made) return null;
    const job: BookingJob = { shipmentId: made.id };
    await ctx.jobs.enqueue(unit.tx, BOOKING_QUEUE, [{ data: { ...job }, singletonKey: made.id }]);
    return { shipmentId: made.id };
  });
}
