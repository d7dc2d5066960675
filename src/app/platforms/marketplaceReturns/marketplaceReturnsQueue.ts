import { SHOP_PLATFORM_CAPABILITIES, SHOP_PLATFORMS } from '../../../domain/shopPlatforms.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';

/** The job queue announced marketplace returns are pulled from (one job waiting per connection),
 * and where a pull that kept failing goes. The job machinery (src/jobs) makes the queues and works them. */
export const MARKETPLACE_RETURNS_QUEUE = 'platforms.marketplace_returns';
export const MARKETPLACE_RETURNS_DEAD_QUEUE = 'platforms.marketplace_returns.dead';

export interface MarketplaceReturnsJob {
  connectionId: string;
  /** The catch-up: every return from then on (ISO); only those not acknowledged yet when absent. */
  since?: string | null;
}

const MARKETPLACE_PLATFORMS = SHOP_PLATFORMS.filter((p) => SHOP_PLATFORM_CAPABILITIES[p].inboundReturns);

/** Queues a pull of a connection's announced returns in the caller's transaction: one waits per
 * connection, so a burst of RETURNS_CHANGE calls makes one pull. */
export async function queueMarketplaceReturnsPull(ctx: AppContext, tx: Tx, job: MarketplaceReturnsJob): Promise<void> {
  await ctx.jobs.enqueue(tx, MARKETPLACE_RETURNS_QUEUE, [{ data: { ...job }, singletonKey: job.connectionId }]);
}

/** A platform said its returns changed (a RETURNS_CHANGE webhook, applied by the shop sync): pull them. */
export async function marketplaceReturnsChanged(ctx: AppContext, connectionId: string, since: Date | null): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, ({ tx }) =>
    queueMarketplaceReturnsPull(ctx, tx, { connectionId, since: since?.toISOString() ?? null }),
  );
}

/**
 * The periodic round: every switched-on connection whose marketplaces announce returns gets a pull
 * of the returns not acknowledged yet, so one whose webhook call was lost still comes in.
 */
export async function queueMarketplaceReturnsRound(ctx: AppContext): Promise<{ queued: number }> {
  const connections = await ctx.db
    .selectFrom('shop_connections')
    .select('id')
    .where('enabled', '=', true)
    .where('platform', 'in', MARKETPLACE_PLATFORMS)
    .execute();
  if (connections.length === 0) return { queued: 0 };
  await inUnit(ctx, { actor: systemActor }, async ({ tx }) => {
    for (const c of connections) await queueMarketplaceReturnsPull(ctx, tx, { connectionId: c.id });
  });
  return { queued: connections.length };
}
