import { notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';

/** The queue webhook deliveries are sent from (see src/jobs). */
export const WEBHOOK_QUEUE = 'webhook.deliver';

export const DELIVERY_PAYLOAD_REMOVED = 'DELIVERY_PAYLOAD_REMOVED';

/** Whether retention emptied the delivery's payload (to `{}`). */
export function deliveryPayloadRemoved(payload: unknown): boolean {
  return payload === null || (typeof payload === 'object' && Object.keys(payload as object).length === 0);
}

/** Sends a delivery again (a dead one after the receiver is fixed, or one staff want repeated):
 * it goes back to pending with a fresh job and the full retry schedule. */
export async function replayWebhookDelivery(ctx: AppContext, meta: CommandMeta, deliveryId: string) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const d = await tx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select(['d.id', 'd.status', 'd.event_type', 'd.payload', 'e.id as endpoint_id', 'e.enabled'])
      .where('d.id', '=', deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw notFound('Webhook delivery', deliveryId);
    if (!d.enabled)
      throw new RetourError('conflict', 'ENDPOINT_DISABLED', 'Switch the endpoint on before replaying to it', [], {
        endpointId: d.endpoint_id,
      });
    if (d.status === 'pending') return { id: d.id, status: d.status, replayed: false };
    // Retention emptied the body: a replay would sign and send `{}`.
    if (deliveryPayloadRemoved(d.payload))
      throw new RetourError(
        'conflict',
        DELIVERY_PAYLOAD_REMOVED,
        "This delivery's payload was removed by retention; it cannot be replayed",
      );
    await tx.updateTable('webhook_deliveries').set({ status: 'pending', updated_at: now }).where('id', '=', d.id).execute();
    await ctx.jobs.enqueue(tx, WEBHOOK_QUEUE, [{ data: { deliveryId: d.id } }]);
    record({
      type: 'webhook.delivery_replayed',
      subjectType: 'webhook_delivery',
      subjectId: d.id,
      data: { endpointId: d.endpoint_id, eventType: d.event_type, previousStatus: d.status },
    });
    return { id: d.id, status: 'pending', replayed: true };
  });
}
