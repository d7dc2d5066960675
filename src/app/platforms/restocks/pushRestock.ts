import { SHOP_PLATFORM_CAPABILITIES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { isFinalFailure, platformFailureText, recordSyncError } from '../platformFailures.js';
import type { PushOutcome } from '../returnsToPlatform/syncPlatformReturn.js';

/** Stock movements that put returned units back on the shelf, or take such a restock back out
 * when a line is graded again: these reach the platform's inventory. */
export const PLATFORM_RESTOCK_KINDS: readonly string[] = ['return_restock', 'return_restock_reversal'];

/** Only units restocked as new are the variant the platform sells; open-box and refurbished units
 * are sold otherwise and stay out of its count. */
export function restocksOnPlatform(movement: { kind: string; condition: string }): boolean {
  return PLATFORM_RESTOCK_KINDS.includes(movement.kind) && movement.condition === 'new';
}

/** How long one try holds a restock: longer than the platform call's time-out. */
const RESTOCK_LEASE_MS = 2 * 60_000;

export class PlatformRestockBusy extends Error {
  constructor(movementId: string) {
    super(`Restock ${movementId} is being sent by another try`);
    this.name = 'PlatformRestockBusy';
  }
}

interface RestockTarget {
  movementId: string;
  quantity: number;
  sku: string;
  variantRef: Record<string, string | number | null>;
  connectionId: string;
  platform: ShopPlatform;
  locationId: string | null;
}

/** The movement and the connection its variant came from, when that platform keeps inventory
 * Retour adds to and the shop has not switched that off (settings.pushRestocks); null otherwise. */
async function loadRestockTarget(ctx: AppContext, movementId: string): Promise<RestockTarget | null> {
  const row = await ctx.db
    .selectFrom('stock_movements as m')
    .innerJoin('variants as v', 'v.id', 'm.variant_id')
    .innerJoin('products as p', 'p.id', 'v.product_id')
    .innerJoin('shop_connections as c', 'c.id', 'p.connection_id')
    .select(['m.id', 'm.quantity', 'm.kind', 'm.condition', 'm.warehouse_id', 'v.sku', 'v.external_ref', 'c.id as connection_id'])
    .select(['c.platform', 'c.settings', 'c.enabled'])
    .where('m.id', '=', movementId)
    .executeTakeFirst();
  if (!row?.enabled || !row.external_ref || !restocksOnPlatform(row)) return null;
  if (!SHOP_PLATFORM_CAPABILITIES[row.platform].inventory || row.settings?.pushRestocks === false) return null;
  return {
    movementId: row.id,
    quantity: Number(row.quantity),
    sku: row.sku,
    variantRef: row.external_ref,
    connectionId: row.connection_id,
    platform: row.platform,
    locationId: row.settings?.locations?.[row.warehouse_id] ?? null,
  };
}

/** Takes the restock for one try: made on its first, and not taken again once sent or refused.
 * Throws PlatformRestockBusy while another try holds it within its lease. */
async function claimRestock(ctx: AppContext, target: RestockTarget): Promise<{ attempts: number } | null> {
  return inUnit(ctx, { actor: systemActor }, async ({ tx, now }) => {
    await tx
      .insertInto('platform_restocks')
      .values({
        movement_id: target.movementId,
        connection_id: target.connectionId,
        status: 'pending',
        quantity: target.quantity,
        location_id: target.locationId,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['movement_id', 'connection_id']).doNothing())
      .execute();
    const row = await tx
      .selectFrom('platform_restocks')
      .select(['status', 'attempts', 'last_error', 'updated_at'])
      .where('movement_id', '=', target.movementId)
      .where('connection_id', '=', target.connectionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status !== 'pending') return null;
    const inFlight = row.attempts > 0 && row.last_error === null && now.getTime() - row.updated_at.getTime() < RESTOCK_LEASE_MS;
    if (inFlight) throw new PlatformRestockBusy(target.movementId);
    await tx
      .updateTable('platform_restocks')
      .set({ attempts: row.attempts + 1, last_error: null, updated_at: now })
      .where('movement_id', '=', target.movementId)
      .where('connection_id', '=', target.connectionId)
      .execute();
    return { attempts: row.attempts + 1 };
  });
}

/**
 * Adds the units of one restock movement to the platform's inventory (the `platforms.push` job of
 * a movement), at the platform location mapped to the warehouse (settings.locations), or the
 * shop's primary one. Once per movement: the restock is claimed before the call and kept as sent
 * after it; a retry after a lost answer names the same movement, which the platform recognises
 * where it can. A refusal is kept among the connection's sync errors; a platform down or
 * throttling makes the job retry.
 */
export async function pushRestock(ctx: AppContext, movementId: string): Promise<PushOutcome> {
  const target = await loadRestockTarget(ctx, movementId);
  if (!target) return 'nothing_to_do';
  const connection = await ctx.shops.connection(target.connectionId);
  if (!connection?.adapter.restock) return 'nothing_to_do';
  const claimed = await claimRestock(ctx, target);
  if (!claimed) return 'nothing_to_do';
  try {
    await connection.adapter.restock(
      [{ variantRef: target.variantRef, sku: target.sku, quantity: target.quantity }],
      target.locationId,
      target.movementId,
    );
  } catch (err) {
    await recordRestockFailure(ctx, target.movementId, target.connectionId, err, isFinalFailure(err));
    if (!isFinalFailure(err)) throw err;
    return 'failed';
  }
  await ctx.db
    .updateTable('platform_restocks')
    .set({ status: 'done', last_error: null, updated_at: ctx.now() })
    .where('movement_id', '=', target.movementId)
    .where('connection_id', '=', target.connectionId)
    .execute();
  return 'done';
}

/** Keeps a failed try: a refusal (or a job out of tries) fails the restock for good and shows it
 * among the connection's sync errors; a transient failure only notes it for the retry. */
export async function recordRestockFailure(
  ctx: AppContext,
  movementId: string,
  connectionId: string | null,
  err: unknown,
  final: boolean,
): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, async ({ tx, now }) => {
    const rows = await tx
      .updateTable('platform_restocks')
      .set({ last_error: platformFailureText(err), updated_at: now, ...(final ? { status: 'failed' as const } : {}) })
      .where('movement_id', '=', movementId)
      .$if(connectionId !== null, (q) => q.where('connection_id', '=', connectionId as string))
      .where('status', '=', 'pending')
      .returning(['connection_id'])
      .execute();
    if (!final) return;
    for (const r of rows) {
      await recordSyncError(tx, now, { connectionId: r.connection_id, subject: 'restock', externalId: movementId, err });
    }
  });
}
