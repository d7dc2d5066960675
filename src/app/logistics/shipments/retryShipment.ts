import { notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { BOOKING_QUEUE, type BookingJob } from './bookingQueue.js';

/** Staff try a failed booking again (the carrier is back, its refusal was fixed): the shipment
 * waits again and a booking job is queued with it. The attempt looks for the parcel under the
 * return's reference first, so a retry never buys a second label. */
export async function retryShipment(ctx: AppContext, meta: CommandMeta, input: { shipmentId: string }) {
  return inUnit(ctx, meta, async (unit) => {
    const row = await unit.tx
      .selectFrom('shipments')
      .select(['id', 'return_id', 'carrier', 'status', 'last_error'])
      .where('id', '=', input.shipmentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Shipment', input.shipmentId);
    if (row.status !== 'failed')
      throw new RetourError('conflict', 'SHIPMENT_NOT_FAILED', `Only a failed booking is tried again; this one is ${row.status}`);
    await unit.tx
      .updateTable('shipments')
      // The last error stays until the next attempt ends: it also says no attempt is in flight.
      .set({ status: 'pending', last_error: row.last_error ?? 'retried by staff', updated_at: unit.now })
      .where('id', '=', row.id)
      .execute();
    const job: BookingJob = { shipmentId: row.id };
    await ctx.jobs.enqueue(unit.tx, BOOKING_QUEUE, [{ data: { ...job } }]);
    unit.record({
      type: 'shipment.booking_delayed',
      subjectType: 'shipment',
      subjectId: row.id,
      returnId: row.return_id,
      reason: 'retried by staff',
      data: { carrier: row.carrier, error: row.last_error, retried: true },
    });
    return { shipmentId: row.id, status: 'pending' as const };
  });
}
