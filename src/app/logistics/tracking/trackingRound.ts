import type { AppContext } from '../../kernel/context.js';
import { flagStalledParcels } from '../claims/flagStalledParcels.js';
import { applyStoredWebhooks, connectionsWithStaleWebhooks } from './applyStoredWebhooks.js';
import { type PollReport, pollTracking } from './pollTracking.js';

/** Stored deliveries still unapplied this long after they came were missed by their job (it gave up). */
const STALE_WEBHOOK_MS = 5 * 60_000;

/** The background round of tracking: stored webhooks no job applied, then polling (see
 * pollTracking), then parcels that stopped moving are flagged as lost (after the polling, which
 * may still bring their news). */
export async function trackingRound(ctx: AppContext): Promise<PollReport & { webhooks: number; stalled: number }> {
  let webhooks = 0;
  for (const id of await connectionsWithStaleWebhooks(ctx, new Date(ctx.now().getTime() - STALE_WEBHOOK_MS)))
    webhooks += (await applyStoredWebhooks(ctx, id)).deliveries;
  const polled = await pollTracking(ctx);
  return { ...polled, webhooks, stalled: await flagStalledParcels(ctx) };
}
