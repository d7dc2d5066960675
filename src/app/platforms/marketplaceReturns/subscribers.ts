import { SHOP_PLATFORM_CAPABILITIES, SHOP_PLATFORMS } from '../../../domain/shopPlatforms.js';
import { anyConnectionOf } from '../../catalog/connections/connectedPlatforms.js';
import type { AfterCommitSubscriber } from '../../kernel/subscribers.js';
import { syncMarketplaceReturn } from './syncMarketplaceReturn.js';

const MARKETPLACE_PLATFORMS = SHOP_PLATFORMS.filter((p) => SHOP_PLATFORM_CAPABILITIES[p].inboundReturns);

/**
 * A return of a marketplace order keeps the marketplace told: registered there when Retour made it
 * and it is approved, its receipt reported once graded, its refund recorded as the marketplace's.
 * Each event is a job of its own (retried with back-off by the follow-up queue); the work looks at
 * the state and does only what is left, so the events of one return may come in any order.
 */
const keepMarketplaceTold: AfterCommitSubscriber = {
  name: 'platforms.marketplace-return',
  on: ['return.approved', 'return.lines_inspected', 'return.inspected', 'return.marketplace_announced'],
  handle: async (ctx, event) => {
    if (event.returnId) await syncMarketplaceReturn(ctx, event.returnId);
  },
  // Shops without marketplace connections (switched on or off: a return of a marketplace order is
  // kept told either way) pay no read and no job, the kept copy of the connections says so.
  narrow: async (ctx, tx, events) => {
    const ids = [...new Set(events.flatMap((e) => (e.returnId ? [e.returnId] : [])))];
    if (ids.length === 0) return [];
    if (!(await anyConnectionOf(ctx.caches, tx, MARKETPLACE_PLATFORMS, { enabledOnly: false }))) return [];
    const rows = await tx
      .selectFrom('returns as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .innerJoin('shop_connections as c', 'c.id', 'o.connection_id')
      .select('r.id')
      .where('r.id', 'in', ids)
      .where('c.platform', 'in', MARKETPLACE_PLATFORMS)
      .execute();
    const mine = new Set(rows.map((r) => r.id));
    return events.filter((e) => e.returnId && mine.has(e.returnId));
  },
};

export const marketplaceReturnSubscribers = { afterCommit: [keepMarketplaceTold] };
