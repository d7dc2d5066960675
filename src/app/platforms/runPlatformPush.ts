import { ShopError } from '../catalog/connections/port.js';
import type { AppContext } from '../kernel/context.js';
import type { PlatformPushJob } from './platformPushQueue.js';
import { pushRestock, recordRestockFailure } from './restocks/pushRestock.js';
import { isCalledOff, loadPushTarget } from './returnsToPlatform/pushedReturnState.js';
import { recordPushFailure, syncPlatformReturn } from './returnsToPlatform/syncPlatformReturn.js';

/** Runs one `platforms.push` job: a return's platform copy brought up to date, or a restock sent. */
export async function runPlatformPush(ctx: AppContext, job: PlatformPushJob): Promise<void> {
  if (job.kind === 'return') await syncPlatformReturn(ctx, job.returnId);
  else await pushRestock(ctx, job.movementId);
}

/**
 * The last try of a job failed too (its retries are spent): what it was to do is given up and
 * shown where staff look, with the last error the platform gave. A return goes on in Retour.
 */
export async function giveUpPlatformPush(ctx: AppContext, job: PlatformPushJob): Promise<void> {
  const gaveUp = new ShopError('transient', 'PLATFORM_UNREACHABLE', 'The platform did not take it after several tries');
  if (job.kind === 'restock') {
    await recordRestockFailure(ctx, job.movementId, null, gaveUp, true);
    return;
  }
  const target = await loadPushTarget(ctx.db, job.returnId);
  if (!target) return;
  const row = await ctx.db
    .selectFrom('platform_returns')
    .select(['id', 'external_id', 'last_error'])
    .where('return_id', '=', target.returnId)
    .where('connection_id', '=', target.connectionId)
    .executeTakeFirst();
  if (!row) return;
  const step = !row.external_id ? 'register' : isCalledOff(target.status) ? 'cancel' : 'receipt';
  const err = row.last_error
    ? new ShopError('transient', 'PLATFORM_UNREACHABLE', `Gave up after several tries; last: ${row.last_error}`)
    : gaveUp;
  await recordPushFailure(ctx, target, row.id, step, err, true);
}
