import { CARRIER_METHODS, type CarrierMethod } from '../../../domain/carriers.js';
import { RetourError } from '../../../domain/errors.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { CarrierError } from '../carriers/port.js';
import { chooseRoute } from '../routing/chooseRoute.js';
import { BOOKING_QUEUE, type BookingJob } from './bookingQueue.js';
import type { RoutedTo } from './bookingRequest.js';

const isCarrierMethod = (method: string | null): method is CarrierMethod =>
  method !== null && (CARRIER_METHODS as readonly string[]).includes(method);

/**
 * After a return was approved: routes it (where it goes, with which carrier and service), keeps
 * the decision on the return, and — when a carrier carries its method — opens its shipment and
 * queues the booking, in one transaction. The shipment's reference is the return number, unique,
 * so a repeated follow-up opens nothing more.
 *
 * No line joins the parcel after it was booked: a return is approved only once every line is
 * decided (statusAfterDecisions), lines are decided only while it is requested or under review,
 * and the booking lists every line not rejected (see bookingRequest). Should lines ever be approved
 * after the booking, they would go in an additional box (a shipment of their own) rather than a
 * re-announcement: none of the five carriers lets an announced parcel's items change, and voiding
 * to book again would leave the shopper holding a label that no longer counts. Where
 * no carrier is configured nothing is booked and Retour's own label stays the return's label.
 * Only a return still approved is planned (its row locked while the shipment is opened), so one
 * cancelled before this ran gets no label. Routing that cannot decide (no return address, a
 * destination no carrier reaches) is a label that will not come: `shipment.failed` tells staff.
 */
export async function planShipment(ctx: AppContext, returnId: string): Promise<{ shipmentId: string } | null> {
  const ret = await ctx.db
    .selectFrom('returns')
    .select(['number', 'method', 'status'])
    .where('id', '=', returnId)
    .executeTakeFirst();
  if (ret?.status !== 'approved' || !isCarrierMethod(ret.method)) return null;
  const method = ret.method;
  const open = await ctx.db.selectFrom('shipments').select('id').where('reference', '=', ret.number).executeTakeFirst();
  if (open) return null;
  // Routing may ask carriers for rates: done before the transaction, which then only writes.
  let decision: Awaited<ReturnType<typeof chooseRoute>>;
  try {
    decision = await chooseRoute(ctx, returnId);
  } catch (err) {
    if (!(err instanceof RetourError) && !(err instanceof CarrierError && err.kind !== 'transient')) throw err;
    await recordPlanningFailure(ctx, returnId, err);
    return null;
  }
  return inUnit(ctx, { actor: systemActor }, async (unit) => {
    const locked = await unit.tx.selectFrom('returns').select('status').where('id', '=', returnId).forUpdate().executeTakeFirst();
    if (locked?.status !== 'approved') return null;
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
        method,
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

/** The approval e-mail promised a label that now will not come: staff are told (label_failed),
 * once per return, with what routing said. */
async function recordPlanningFailure(ctx: AppContext, returnId: string, err: RetourError | CarrierError) {
  const error = `${err.code}: ${err.message}`.slice(0, 500);
  await inUnit(ctx, { actor: systemActor }, async (unit) => {
    const told = await unit.tx
      .selectFrom('events')
      .select('id')
      .where('return_id', '=', returnId)
      .where('type', '=', 'shipment.failed')
      .where('subject_type', '=', 'return')
      .executeTakeFirst();
    if (told) return;
    unit.record({
      type: 'shipment.failed',
      subjectType: 'return',
      subjectId: returnId,
      returnId,
      data: { carrier: 'carrier', error },
    });
  });
}
