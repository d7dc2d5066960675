import { RetourError } from '../../../domain/errors.js';
import { CANCELLABLE_STATUSES } from '../../../domain/returnStatus.js';
import { SHOP_PLATFORM_CAPABILITIES } from '../../../domain/shopPlatforms.js';
import type { ShopPlatformAdapter } from '../../catalog/connections/port.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { cancelReturn } from '../../returns/cancelReturn.js';
import { recordSyncError } from '../platformFailures.js';
import { admitMarketplaceReturn, type MarketplaceConnection, type MarketplaceReturnState } from './admitMarketplaceReturn.js';

export interface PullOutcome {
  /** Returns taken into Retour's queue by this pull. */
  admitted: number;
  /** Returns acknowledged on the platform by this pull (new ones, and ones whose acknowledgement was lost). */
  acknowledged: number;
  /** Announced returns left for a later pull (order not synced yet) or refused; each is a sync error. */
  skipped: number;
  /** Returns called off in Retour because the marketplace cancelled them before anything came back. */
  cancelled: number;
}

/** A bounded walk: a platform that never ends its pages stops here, the next pull goes on. */
const MAX_PAGES = 100;

/**
 * Brings the returns a connection's marketplaces announced into Retour (the reconcile round and a
 * RETURNS_CHANGE call): the ones not acknowledged yet, or with `since` every one from then on (the
 * catch-up). Each is taken in once (admitMarketplaceReturn) and then acknowledged on the platform
 * with Retour's return number; an acknowledgement that failed is made by the next pull. A return
 * whose order is not in Retour yet is not acknowledged, so the platform lists it again once the
 * order has come in. A platform down fails the pull (the job retries); what was done stays done.
 */
export async function pullMarketplaceReturns(
  ctx: AppContext,
  connectionId: string,
  options: { since?: Date | null } = {},
): Promise<PullOutcome> {
  const outcome: PullOutcome = { admitted: 0, acknowledged: 0, skipped: 0, cancelled: 0 };
  const handle = await ctx.shops.connection(connectionId);
  if (!handle || !SHOP_PLATFORM_CAPABILITIES[handle.platform].inboundReturns) return outcome;
  const { adapter } = handle;
  if (!adapter.listMarketplaceReturns) return outcome;
  const row = await ctx.db
    .selectFrom('shop_connections')
    .select(['id', 'name', 'settings'])
    .where('id', '=', connectionId)
    .executeTakeFirstOrThrow();
  const connection: MarketplaceConnection = { id: row.id, name: row.name, settings: row.settings ?? {} };
  let cursor: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await adapter.listMarketplaceReturns({ cursor, updatedSince: options.since ?? null });
    for (const announced of page.items) {
      if (announced.status === 'CANCELLED') {
        if (await callOff(ctx, connectionId, announced.externalId)) outcome.cancelled++;
        continue;
      }
      const admission = await admitMarketplaceReturn(ctx, connection, announced);
      if (admission.kind === 'order_missing' || admission.kind === 'refused') {
        outcome.skipped++;
        await inUnit(ctx, { actor: systemActor }, ({ tx, now }) =>
          recordSyncError(tx, now, {
            connectionId,
            subject: 'marketplace_return',
            externalId: announced.externalId,
            err: new Error(admission.message),
          }),
        );
        continue;
      }
      if (admission.kind === 'admitted') outcome.admitted++;
      const target = { connectionId, externalId: announced.externalId, number: admission.number };
      if (!admission.acknowledged && (await acknowledge(ctx, adapter, target))) outcome.acknowledged++;
    }
    cursor = page.next;
    if (!cursor) break;
  }
  return outcome;
}

/**
 * A return the marketplace cancelled (the buyer changed their mind) is cancelled in Retour too,
 * while nothing came back and no money moved; later it stays as it is (the goods are here).
 */
async function callOff(ctx: AppContext, connectionId: string, externalId: string): Promise<boolean> {
  const copy = await ctx.db
    .selectFrom('platform_returns as p')
    .innerJoin('returns as r', 'r.id', 'p.return_id')
    .select(['r.id', 'r.status'])
    .where('p.connection_id', '=', connectionId)
    .where('p.external_id', '=', externalId)
    .where('p.origin', '=', 'platform')
    .executeTakeFirst();
  if (!copy || !(CANCELLABLE_STATUSES as readonly string[]).includes(copy.status)) return false;
  try {
    await cancelReturn(ctx, { actor: systemActor }, { returnId: copy.id, reason: 'Cancelled on the marketplace' });
    return true;
  } catch (err) {
    if (err instanceof RetourError) return false;
    throw err;
  }
}

/** How long one pull holds a return's acknowledgement: longer than the call with its time-out. */
const ACK_LEASE_MS = 60_000;

/** Changes the remembered state of a marketplace return under its row lock; answers what `change` says. */
function withCopy<T>(
  ctx: AppContext,
  target: { connectionId: string; externalId: string },
  change: (state: MarketplaceReturnState, now: Date) => { state: MarketplaceReturnState | null; answer: T },
): Promise<T> {
  return inUnit(ctx, { actor: systemActor }, async ({ tx, now }) => {
    const row = await tx
      .selectFrom('platform_returns')
      .select(['id', 'reported'])
      .where('connection_id', '=', target.connectionId)
      .where('external_id', '=', target.externalId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const out = change((row.reported ?? {}) as MarketplaceReturnState, now);
    if (out.state)
      await tx
        .updateTable('platform_returns')
        .set({ reported: JSON.stringify(out.state), updated_at: now, last_error: null })
        .where('id', '=', row.id)
        .execute();
    return out.answer;
  });
}

/**
 * Tells the platform Retour's number for its return, once: a pull takes the acknowledgement for a
 * minute before it calls, so two pulls at once (a webhook's and the round's) never both call; one
 * that failed leaves it to the next pull.
 */
async function acknowledge(
  ctx: AppContext,
  adapter: ShopPlatformAdapter,
  target: { connectionId: string; externalId: string; number: string },
): Promise<boolean> {
  const mine = await withCopy(ctx, target, (state, now) => {
    const held = state.ackLeaseUntil && new Date(state.ackLeaseUntil).getTime() > now.getTime();
    if (state.acknowledgedAt || held) return { state: null, answer: false };
    return { state: { ...state, ackLeaseUntil: new Date(now.getTime() + ACK_LEASE_MS).toISOString() }, answer: true };
  });
  if (!mine) return false;
  try {
    await adapter.acknowledgeMarketplaceReturn?.(target.externalId, target.number);
  } catch (err) {
    await withCopy(ctx, target, (state) => ({ state: { ...state, ackLeaseUntil: null }, answer: null }));
    throw err;
  }
  await withCopy(ctx, target, (state, now) => ({
    state: { ...state, ackLeaseUntil: null, acknowledgedAt: now.toISOString() },
    answer: null,
  }));
  return true;
}
