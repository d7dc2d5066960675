import { subscribes } from '../../../domain/webhookSignature.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import type { PublishedEvent } from '../../kernel/subscribers.js';
import type { Tx } from '../../kernel/unit.js';
import { enabledWebhookEndpoints } from './enabledEndpoints.js';
import { WEBHOOK_QUEUE } from './replayWebhookDelivery.js';

/** One delivery per enabled endpoint that subscribes to an event's type, and a job to send it.
 * A delivery made already (the endpoint and event are unique together) is not made again. */
export async function planWebhookDeliveries(
  ctx: AppContext,
  tx: Tx,
  events: readonly PublishedEvent[],
  now: Date,
): Promise<number> {
  const endpoints = await enabledWebhookEndpoints(ctx.caches, tx);
  const deliveries = events.flatMap((e) =>
    endpoints
      .filter((endpoint) => subscribes(endpoint.event_types, e.type))
      .map((endpoint) => ({
        id: newId('whd'),
        endpoint_id: endpoint.id,
        event_id: e.id,
        event_type: e.type,
        payload: JSON.stringify(e),
        status: 'pending' as const,
        created_at: now,
        updated_at: now,
      })),
  );
  if (deliveries.length === 0) return 0;
  const made = await tx
    .insertInto('webhook_deliveries')
    .values(deliveries)
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
    .returning('id')
    .execute();
  await ctx.jobs.enqueue(
    tx,
    WEBHOOK_QUEUE,
    made.map((d) => ({ data: { deliveryId: d.id }, singletonKey: d.id })),
  );
  return made.length;
}
