import type { AppContext } from '../../kernel/context.js';
import { applyShopWebhooks, connectionsWithStaleShopWebhooks, type ReturnsAnnounced } from './applyShopWebhooks.js';
import { queueSyncRound } from './syncQueue.js';

/** Stored deliveries still unapplied this long after they came were missed by their job (it gave up). */
const STALE_WEBHOOK_MS = 5 * 60_000;

/**
 * The background round of shop sync (every RETOUR_SHOP_SYNC_MINUTES): a catch-up queued for every
 * switched-on connection, so what a lost webhook missed comes in within a period, and webhooks no
 * job applied are applied now.
 */
export async function shopSyncRound(
  ctx: AppContext,
  options: { onReturns?: ReturnsAnnounced } = {},
): Promise<{ queued: number; webhooks: number }> {
  let webhooks = 0;
  for (const id of await connectionsWithStaleShopWebhooks(ctx, new Date(ctx.now().getTime() - STALE_WEBHOOK_MS)))
    webhooks += (await applyShopWebhooks(ctx, id, options)).deliveries;
  const { queued } = await queueSyncRound(ctx);
  return { queued, webhooks };
}
