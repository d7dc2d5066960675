import { runSync, type SyncOutcome } from '../app/catalog/sync/runSync.js';
import { importsProducts } from '../app/catalog/sync/syncQueue.js';
import type { AppContext } from '../app/kernel/context.js';
import { isOneOf } from '../domain/oneOf.js';
import { SYNC_KINDS, type SyncKind } from '../domain/shopPlatforms.js';
import { ProgressBar } from './progress.js';

const RESOURCES = ['orders', 'products'] as const;

/**
 * `retour sync <connection id or name> [--kind backfill|reconcile] [--resource orders|products]`:
 * runs a connection's sync in this process with a progress bar (a backfill goes on from where a
 * stopped one was). Without --kind: the backfill when the connection never finished one, else a
 * catch-up. Without --resource: products first where the connection imports them, then orders.
 */
export async function syncConnectionCommand(
  ctx: AppContext,
  target: string | undefined,
  flags: { kind?: string; resource?: string },
  out: (line: string) => void = console.log,
  progressTo: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  if (!target) {
    out('sync needs a connection: retour sync <connection id or name> [--kind backfill|reconcile] [--resource orders|products]');
    return 2;
  }
  if (flags.kind && !isOneOf(SYNC_KINDS, flags.kind)) {
    out(`--kind must be one of ${SYNC_KINDS.join(', ')}`);
    return 2;
  }
  if (flags.resource && !isOneOf(RESOURCES, flags.resource)) {
    out(`--resource must be one of ${RESOURCES.join(', ')}`);
    return 2;
  }
  const matches = await ctx.db
    .selectFrom('shop_connections')
    .select(['id', 'name', 'platform', 'settings', 'synced_until'])
    .where((eb) => eb.or([eb('id', '=', target), eb('name', '=', target)]))
    .execute();
  const connection = matches[0];
  if (!connection || matches.length > 1) {
    out(matches.length > 1 ? `More than one connection is called "${target}": give its id` : `No connection "${target}"`);
    return 2;
  }
  const kind: SyncKind = (flags.kind as SyncKind | undefined) ?? (connection.synced_until ? 'reconcile' : 'backfill');
  const resources = flags.resource
    ? [flags.resource as (typeof RESOURCES)[number]]
    : importsProducts(connection.platform, connection.settings ?? {})
      ? (['products', 'orders'] as const)
      : (['orders'] as const);
  let failed = false;
  for (const resource of resources) {
    const bar = new ProgressBar(`${connection.name}: ${resource} (${kind})`, progressTo);
    const outcome: SyncOutcome = await runSync(
      ctx,
      connection.id,
      { kind, resource, startedBy: 'cli' },
      {
        onProgress: (p) =>
          p.waiting
            ? bar.update(
                p.processed,
                Math.max(p.total ?? 0, p.processed + 1),
                `waiting for ${connection.platform} to prepare the data`,
              )
            : bar.update(p.processed, Math.max(p.total ?? p.processed, p.processed)),
      },
    );
    bar.done();
    if (outcome.status === 'busy') {
      out(`${connection.name} is running another sync (${outcome.runId}); try again when it is done.`);
      return 1;
    }
    const resumed = outcome.resumed ? ', resumed where the last one stopped' : '';
    out(`${resource}: ${outcome.status}, ${outcome.processed} read, ${outcome.errors} skipped${resumed} (run ${outcome.runId})`);
    if (outcome.status === 'failed') {
      out(`  ${outcome.error}. Run the same command again to go on from where it stopped.`);
      failed = true;
      break;
    }
  }
  return failed ? 1 : 0;
}
