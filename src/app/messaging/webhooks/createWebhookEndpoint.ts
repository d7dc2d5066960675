import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { assertOutboundUrl } from '../../kernel/egress.js';
import { newId } from '../../kernel/ids.js';
import { randomToken } from '../../kernel/tokens.js';
import { inUnit } from '../../kernel/transaction.js';
import { forgetWebhookEndpoints } from './enabledEndpoints.js';
import { presentEndpoint, type WebhookEndpointView } from './webhookQueries.js';

export interface WebhookEndpointInput {
  url: string;
  description?: string | null;
  eventTypes: string[];
}

/** Subscribes a URL to event types. The signing secret is made here, returned this once, and
 * stored sealed with the encryption key (the worker needs it back to sign). */
export async function createWebhookEndpoint(
  ctx: AppContext,
  meta: CommandMeta,
  input: WebhookEndpointInput,
): Promise<WebhookEndpointView & { secret: string }> {
  // Resolved before the transaction: a slow name server holds no connection.
  await assertOutboundUrl(input.url, 'url');
  const secret = `whsec_${randomToken(32)}`;
  const result = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const id = newId('whe');
    const row = {
      id,
      url: input.url,
      description: input.description ?? null,
      event_types: JSON.stringify([...new Set(input.eventTypes)]),
      secret: ctx.payments.box.seal({ secret }),
      secret_hint: `…${secret.slice(-4)}`,
      enabled: true,
      created_by: meta.actor.id,
      created_at: now,
      updated_at: now,
    };
    const saved = await tx.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
    record({
      type: 'webhook.endpoint_created',
      subjectType: 'webhook_endpoint',
      subjectId: id,
      data: { url: input.url, eventTypes: input.eventTypes },
    });
    return { ...presentEndpoint(saved), secret };
  });
  await forgetWebhookEndpoints(ctx.caches);
  return result;
}
