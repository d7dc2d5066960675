import type { AppContext } from '../../kernel/context.js';
import type { Tx } from '../../kernel/transaction.js';

/** The job queue announced marketplace returns are pulled from (one job per connection at a time),
 * and where a pull that kept failing goes. The job machinery (src/jobs) makes the queues and works them. */
export const MARKETPLACE_RETURNS_QUEUE = 'platforms.marketplace_returns';
export const MARKETPLACE_RETURNS_DEAD_QUEUE = 'platforms.marketplace_returns.dead';

export interface MarketplaceReturnsJob {
  connectionId: string;
  /** The catch-up: every return from then on (ISO); only the new ones when absent. */
  since?: string | null;
}

/**
 * Queues a pull of a connection's announced returns, in the caller's transaction (a RETURNS_CHANGE
 * webhook, the reconcile round): one waits per connection, so a burst of calls makes one pull.
 */
export async function queueMarketplaceReturnsPull(ctx: AppContext, tx: Tx, job: MarketplaceReturnsJob): Promise<void> {
  await ctx.jobs.enqueue(tx, MARKETPLACE_RETURNS_QUEUE, [{ data: { ...job }, singletonKey: job.connectionId }]);
}
