import type { SyncResource } from '../../../db/schema/connections.js';
import { RetourError } from '../../../domain/errors.js';
import { SHOP_PLATFORM_CAPABILITIES, type ShopPlatform, type SyncKind } from '../../../domain/shopPlatforms.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import type { Tx } from '../../kernel/transaction.js';
import { runSync, type SyncOutcome } from './runSync.js';

/** The queue sync runs are taken from (one waiting job per connection), and where a run whose job
 * kept failing goes. The job machinery (src/jobs) makes the queues and works them. */
export const SYNC_QUEUE = 'catalog.sync';
export const SYNC_DEAD_QUEUE = 'catalog.sync.dead';

export interface SyncJob {
  connectionId: string;
  kind: SyncKind;
  /** Read in this order: products first, so the orders' lines find their variants. */
  resources: Extract<SyncResource, 'orders' | 'products'>[];
  startedBy: string | null;
}

/** Whether the sync reads the connection's products: when the shop says so, by default where the
 * platform owns the catalogue. */
export function importsProducts(platform: ShopPlatform, settings: { importProducts?: boolean }): boolean {
  return (settings.importProducts ?? SHOP_PLATFORM_CAPABILITIES[platform].ownsCatalog) && platform !== 'channelengine';
}

/** Queues a sync of a connection; a second one while one waits is not queued again. */
export async function queueSync(tx: Tx, ctx: AppContext, job: SyncJob): Promise<void> {
  await ctx.jobs.enqueue(tx, SYNC_QUEUE, [{ data: { ...job }, singletonKey: job.connectionId }]);
}

/**
 * "Sync now": a connection never read in full gets its backfill (going on from where a failed one
 * stopped), any other a catch-up from where the last one ended. Products come first where the
 * connection imports them. The run happens in a job; its progress shows on the connection.
 */
export async function requestSync(
  ctx: AppContext,
  meta: CommandMeta,
  connectionId: string,
  input: { kind?: SyncKind; resource?: 'orders' | 'products' } = {},
): Promise<{ queued: true; kind: SyncKind; resources: SyncJob['resources'] }> {
  const connection = await ctx.db
    .selectFrom('shop_connections')
    .select(['id', 'platform', 'enabled', 'settings', 'synced_until'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!connection) throw new RetourError('not_found', 'SHOP_CONNECTION_NOT_FOUND', 'No such shop connection');
  if (!connection.enabled) {
    throw new RetourError('conflict', 'SHOP_CONNECTION_DISABLED', 'The connection is switched off: switch it on to sync');
  }
  const kind = input.kind ?? (connection.synced_until ? 'manual' : 'backfill');
  const products = importsProducts(connection.platform, connection.settings ?? {});
  if (input.resource === 'products' && !products) {
    throw new RetourError('invalid', 'PRODUCTS_NOT_SYNCED', 'This connection does not import products', [
      { path: 'resource', message: 'orders only' },
    ]);
  }
  const resources: SyncJob['resources'] = input.resource ? [input.resource] : products ? ['products', 'orders'] : ['orders'];
  await ctx.db
    .transaction()
    .execute((tx) => queueSync(tx, ctx, { connectionId, kind, resources, startedBy: meta.actor.id ?? meta.actor.type }));
  return { queued: true, kind, resources };
}

/** Thrown by a sync job whose connection is busy with another run: the job is tried again later. */
export class SyncBusy extends Error {
  constructor(connectionId: string) {
    super(`Shop connection ${connectionId} is running another sync; this one waits its turn`);
    this.name = 'SyncBusy';
  }
}

/** The job of the sync queue: the resources in turn. A connection busy with another run has the
 * job tried again later (the queue's retries); a connection switched off or gone ends it. */
export async function runSyncJob(ctx: AppContext, job: SyncJob): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  for (const resource of job.resources) {
    const connection = await ctx.shops.connection(job.connectionId);
    if (!connection) return outcomes;
    const outcome = await runSync(ctx, job.connectionId, { kind: job.kind, resource, startedBy: job.startedBy });
    if (outcome.status === 'busy') throw new SyncBusy(job.connectionId);
    outcomes.push(outcome);
    if (outcome.status !== 'succeeded') return outcomes;
  }
  return outcomes;
}

/**
 * The periodic round of shop sync: every switched-on connection gets a catch-up from where its last
 * one ended (its first backfill when it never had one), so an order whose webhook was lost comes in
 * within a period; and deliveries no job applied (it gave up, the process died) are applied.
 */
export async function queueSyncRound(ctx: AppContext): Promise<{ queued: number }> {
  const connections = await ctx.db
    .selectFrom('shop_connections')
    .select(['id', 'platform', 'settings', 'synced_until'])
    .where('enabled', '=', true)
    .execute();
  if (connections.length === 0) return { queued: 0 };
  await ctx.db.transaction().execute(async (tx) => {
    for (const c of connections) {
      const resources: SyncJob['resources'] = importsProducts(c.platform, c.settings ?? {}) ? ['products', 'orders'] : ['orders'];
      await queueSync(tx, ctx, {
        connectionId: c.id,
        kind: c.synced_until ? 'reconcile' : 'backfill',
        resources,
        startedBy: 'round',
      });
    }
  });
  return { queued: connections.length };
}
