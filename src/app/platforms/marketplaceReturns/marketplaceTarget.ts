import type { RetourDb } from '../../../db/connection.js';
import type { ShopConnectionSettings } from '../../../db/schema/connections.js';
import { CALLED_OFF_STATUSES, REVIEWABLE_STATUSES } from '../../../domain/returnStatus.js';
import { SHOP_PLATFORM_CAPABILITIES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';
import type { MarketplaceReturnState } from './admitMarketplaceReturn.js';

/** A return of an order a marketplace sold, with its copy on the platform if it has one. */
export interface MarketplaceTarget {
  returnId: string;
  number: string;
  status: string;
  orderExternalId: string;
  paymentProvider: string | null;
  connectionId: string;
  platform: ShopPlatform;
  settings: ShopConnectionSettings;
  copy: { id: string; externalId: string | null; origin: 'retour' | 'platform'; state: MarketplaceReturnState } | null;
}

/** The return when its order came from a connection whose marketplaces take returns (ChannelEngine)
 * and that connection is on; null otherwise. */
export async function loadMarketplaceTarget(db: RetourDb, returnId: string): Promise<MarketplaceTarget | null> {
  const row = await db
    .selectFrom('returns as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('shop_connections as c', 'c.id', 'o.connection_id')
    .leftJoin('platform_returns as p', (j) => j.onRef('p.return_id', '=', 'r.id').onRef('p.connection_id', '=', 'c.id'))
    .select(['r.id', 'r.number', 'r.status', 'o.external_id', 'o.payment_provider', 'c.id as connection_id', 'c.platform'])
    .select(['c.settings', 'c.enabled', 'p.id as copy_id', 'p.external_id as copy_external_id', 'p.origin', 'p.reported'])
    .where('r.id', '=', returnId)
    .executeTakeFirst();
  if (!row?.enabled || !row.external_id || !SHOP_PLATFORM_CAPABILITIES[row.platform].inboundReturns) return null;
  return {
    returnId: row.id,
    number: row.number,
    status: row.status,
    orderExternalId: row.external_id,
    paymentProvider: row.payment_provider,
    connectionId: row.connection_id,
    platform: row.platform,
    settings: row.settings ?? {},
    copy: row.copy_id
      ? {
          id: row.copy_id,
          externalId: row.copy_external_id ?? null,
          origin: row.origin ?? 'retour',
          state: (row.reported ?? {}) as MarketplaceReturnState,
        }
      : null,
  };
}

export const isCalledOff = (status: string) => (CALLED_OFF_STATUSES as readonly string[]).includes(status);
/** Approved or further on: the marketplace should know of it. */
export const isGoingAhead = (status: string) =>
  !isCalledOff(status) && !(REVIEWABLE_STATUSES as readonly string[]).includes(status);

/** Writes what a call learnt about the platform copy (under its row lock), with the events it makes. */
export async function saveMarketplaceCopy(
  ctx: AppContext,
  id: string,
  change: (
    unit: Unit,
    state: MarketplaceReturnState,
    externalId: string | null,
  ) => Promise<{ state: MarketplaceReturnState; externalId?: string; externalStatus?: string; lastError?: string | null }>,
): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, async (unit) => {
    const row = await unit.tx
      .selectFrom('platform_returns')
      .select(['external_id', 'reported'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const out = await change(unit, (row.reported ?? {}) as MarketplaceReturnState, row.external_id);
    await unit.tx
      .updateTable('platform_returns')
      .set({
        reported: JSON.stringify(out.state),
        updated_at: unit.now,
        ...(out.externalId !== undefined ? { external_id: out.externalId } : {}),
        ...(out.externalStatus !== undefined ? { external_status: out.externalStatus } : {}),
        ...(out.lastError !== undefined ? { last_error: out.lastError } : {}),
      })
      .where('id', '=', id)
      .execute();
  });
}
