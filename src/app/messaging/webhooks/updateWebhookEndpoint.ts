import { notFound } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { assertOutboundUrl } from '../../kernel/egress.js';
import { inUnit } from '../../kernel/transaction.js';
import { forgetWebhookEndpoints } from './enabledEndpoints.js';
import { presentEndpoint, type WebhookEndpointView } from './webhookQueries.js';

export interface WebhookEndpointPatch {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  /** Switching an endpoint back on clears why it was switched off. */
  enabled?: boolean;
}

/** Changes an endpoint's address, subscriptions or whether it receives anything. */
export async function updateWebhookEndpoint(
  ctx: AppContext,
  meta: CommandMeta,
  id: string,
  patch: WebhookEndpointPatch,
): Promise<WebhookEndpointView> {
  await assertOutboundUrl(patch.url, 'url');
  const result = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const before = await tx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('Webhook endpoint', id);
    const after = await tx
      .updateTable('webhook_endpoints')
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.eventTypes !== undefined ? { event_types: JSON.stringify([...new Set(patch.eventTypes)]) } : {}),
        ...(patch.enabled !== undefined
          ? { enabled: patch.enabled, ...(patch.enabled ? { disabled_reason: null, disabled_at: null } : { disabled_at: now }) }
          : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    record({
      type: 'webhook.endpoint_updated',
      subjectType: 'webhook_endpoint',
      subjectId: id,
      data: { changed: Object.keys(patch), enabled: after.enabled },
    });
    return presentEndpoint(after);
  });
  await forgetWebhookEndpoints(ctx.caches);
  return result;
}
