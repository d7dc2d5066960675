import { SHOP_PLATFORM_CAPABILITIES, SHOP_PLATFORMS } from '../../domain/shopPlatforms.js';
import { anyConnectionOf } from '../catalog/connections/connectedPlatforms.js';
import type { AppCaches } from '../kernel/context.js';
import type { AfterCommitSubscriber, PublishedEvent } from '../kernel/subscribers.js';
import type { Tx } from '../kernel/transaction.js';
import { PLATFORM_PUSH_QUEUE, type PlatformPushJob, platformJobKey } from './platformPushQueue.js';
import { restocksOnPlatform } from './restocks/pushRestock.js';
import { RETURN_PUSH_PLATFORMS } from './returnsToPlatform/pushedReturnState.js';

/** Platforms Retour's restocks are added to. */
const INVENTORY_PLATFORMS = SHOP_PLATFORMS.filter((p) => SHOP_PLATFORM_CAPABILITIES[p].inventory);

/** Queues a `platforms.push` job in a transaction of its own (a second one for the same return or
 * movement is not queued while one waits). */
async function queuePush(tx: Tx, ctx: Parameters<AfterCommitSubscriber['handle']>[0], job: PlatformPushJob) {
  await ctx.jobs.enqueue(tx, PLATFORM_PUSH_QUEUE, [{ data: { ...job }, singletonKey: platformJobKey(job) }]);
}

/** Of the events, those about returns of orders that came from a platform Retour registers returns
 * on: one read, and none at all for a shop without such an enabled connection (the kept copy says). */
async function eventsOfPushedReturns(
  caches: AppCaches,
  tx: Tx,
  events: readonly PublishedEvent[],
): Promise<readonly PublishedEvent[]> {
  const ids = [...new Set(events.flatMap((e) => (e.returnId ? [e.returnId] : [])))];
  if (ids.length === 0) return [];
  if (!(await anyConnectionOf(caches, tx, RETURN_PUSH_PLATFORMS, { enabledOnly: true }))) return [];
  const rows = await tx
    .selectFrom('returns as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('shop_connections as c', 'c.id', 'o.connection_id')
    .select('r.id')
    .where('r.id', 'in', ids)
    .where('c.platform', 'in', [...RETURN_PUSH_PLATFORMS])
    .where('c.enabled', '=', true)
    .execute();
  const pushed = new Set(rows.map((r) => r.id));
  return events.filter((e) => e.returnId && pushed.has(e.returnId));
}

/** A return of a Shopify order appears in Shopify once approved (a merchant sees there what is
 * coming back, not every request Retour may still refuse), is called off there when it is in
 * Retour, its graded lines are reported there, and it is closed there once settled or closed. */
const pushReturns: AfterCommitSubscriber = {
  name: 'platforms.push-returns',
  on: ['return.approved', 'return.cancelled', 'return.expired', 'return.lines_inspected', 'return.resolved', 'return.closed'],
  narrow: (ctx, tx, events) => eventsOfPushedReturns(ctx.caches, tx, events),
  handle: async (ctx, event) => {
    const returnId = event.returnId;
    if (!returnId) return;
    await ctx.db.transaction().execute((tx) => queuePush(tx, ctx, { kind: 'return', returnId }));
  },
};

/** Units restocked as new for a variant a platform owns go to that platform's inventory too (one
 * read keeps only variants of connections whose platform keeps inventory; none at all without an
 * enabled connection of such a platform). */
const pushRestocks: AfterCommitSubscriber = {
  name: 'platforms.push-restocks',
  on: ['stock.moved'],
  narrow: async (ctx, tx, events) => {
    const wanted = events.filter((e) =>
      restocksOnPlatform({ kind: String(e.data.kind ?? ''), condition: String(e.data.condition ?? '') }),
    );
    if (wanted.length === 0) return [];
    if (!(await anyConnectionOf(ctx.caches, tx, INVENTORY_PLATFORMS, { enabledOnly: true }))) return [];
    const variantIds = [...new Set(wanted.map((e) => e.subject.id))];
    const rows = await tx
      .selectFrom('variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .innerJoin('shop_connections as c', 'c.id', 'p.connection_id')
      .select('v.id')
      .where('v.id', 'in', variantIds)
      .where('c.platform', 'in', INVENTORY_PLATFORMS)
      .where('c.enabled', '=', true)
      .execute();
    const owned = new Set(rows.map((r) => r.id));
    return wanted.filter((e) => owned.has(e.subject.id));
  },
  handle: async (ctx, event) => {
    const movementId = typeof event.data.movementId === 'string' ? event.data.movementId : null;
    if (!movementId) return;
    await ctx.db.transaction().execute((tx) => queuePush(tx, ctx, { kind: 'restock', movementId }));
  },
};

export const platformSubscribers = { afterCommit: [pushReturns, pushRestocks] };
