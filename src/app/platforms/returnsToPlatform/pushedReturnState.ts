import type { RetourDb } from '../../../db/connection.js';
import { CALLED_OFF_STATUSES, REVIEWABLE_STATUSES } from '../../../domain/returnStatus.js';
import { SHOP_PLATFORM_CAPABILITIES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';

/** Platforms whose returns this context registers (ChannelEngine's marketplace returns have rules
 * of their own). */
export const RETURN_PUSH_PLATFORMS: readonly ShopPlatform[] = ['shopify'];

/** How long one job works on a return's platform copy: longer than the few platform calls of one
 * try with their time-outs. A try whose process died is taken over after it. */
export const PUSH_LEASE_MS = 2 * 60_000;

/** What a return's `platform_returns.reported` holds for a return Retour registered. */
export interface PushedReturnState {
  /** Tries to register it so far: after one, a lost answer may have registered it. */
  registerAttempts?: number;
  /** A try holds the return until then. */
  leaseUntil?: string | null;
  /** The platform refused to register it (or never answered): the return goes on in Retour only. */
  registerFailed?: string | null;
  cancelledAt?: string | null;
  /** Closed on the platform once Retour's return was settled (resolved) or closed. */
  closedAt?: string | null;
  /** The platform refused to close it: not asked again. */
  closeFailed?: string | null;
  /** Per return line: what the receipt told the platform, or why it could not. */
  receipt?: Record<string, { accepted: number; rejected: number; restocked: boolean; at: string; failed?: string }>;
}

/** Another try is working on this return's platform copy right now: the job tries again later. */
export class PlatformReturnBusy extends Error {
  constructor(returnId: string) {
    super(`The platform copy of return ${returnId} is being brought up to date by another try`);
    this.name = 'PlatformReturnBusy';
  }
}

export interface PushTarget {
  returnId: string;
  number: string;
  status: string;
  currency: string;
  shippingFee: number;
  orderExternalId: string;
  connectionId: string;
  platform: ShopPlatform;
}

/** The return and where its order came from, when that platform takes Retour's returns and the
 * shop has not switched that off (settings.pushReturns); null otherwise. */
export async function loadPushTarget(db: RetourDb, returnId: string): Promise<PushTarget | null> {
  const row = await db
    .selectFrom('returns as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('shop_connections as c', 'c.id', 'o.connection_id')
    .select([
      'r.id',
      'r.number',
      'r.status',
      'r.currency',
      'r.return_shipping_fee',
      'o.external_id',
      'c.id as connection_id',
      'c.platform',
      'c.settings',
      'c.enabled',
    ])
    .where('r.id', '=', returnId)
    .executeTakeFirst();
  if (!row?.enabled || !row.external_id || !pushesReturns(row.platform, row.settings)) return null;
  return {
    returnId: row.id,
    number: row.number,
    status: row.status,
    currency: row.currency,
    shippingFee: Number(row.return_shipping_fee),
    orderExternalId: row.external_id,
    connectionId: row.connection_id,
    platform: row.platform,
  };
}

export function pushesReturns(platform: ShopPlatform, settings: { pushReturns?: boolean } | null): boolean {
  return (
    RETURN_PUSH_PLATFORMS.includes(platform) &&
    SHOP_PLATFORM_CAPABILITIES[platform].pushesReturns &&
    settings?.pushReturns !== false
  );
}

export const isCalledOff = (status: string) => (CALLED_OFF_STATUSES as readonly string[]).includes(status);
/** Settled (resolved) or closed in Retour: nothing more is to come for the platform's copy. */
export const isSettled = (status: string) => status === 'resolved' || status === 'closed';
/** Approved, or further on (sent, received, graded, lost …): the shop expects it on the platform. */
export const isGoingAhead = (status: string) =>
  !isCalledOff(status) && !(REVIEWABLE_STATUSES as readonly string[]).includes(status);

export interface ClaimedPush {
  id: string;
  externalId: string | null;
  externalStatus: string | null;
  state: PushedReturnState;
  /** This try is to register the return (counted already). */
  register: boolean;
  /** An earlier try may have registered it before its answer was lost: look before making another. */
  mayHaveReached: boolean;
}

/**
 * Takes the return's platform copy for one try, so two jobs never register it twice: the row is
 * made when the return is first to be registered, locked while read, and held until the try ends
 * (or its lease runs out). Answers null when there is nothing to hold (called off before it ever
 * went to the platform); throws PlatformReturnBusy while another try holds it.
 */
export async function claimPushedReturn(ctx: AppContext, target: PushTarget): Promise<ClaimedPush | null> {
  return inUnit(ctx, { actor: systemActor }, async ({ tx, now }) => {
    const find = () =>
      tx
        .selectFrom('platform_returns')
        .select(['id', 'external_id', 'external_status', 'reported'])
        .where('return_id', '=', target.returnId)
        .where('connection_id', '=', target.connectionId)
        .forUpdate()
        .executeTakeFirst();
    let row = await find();
    if (!row) {
      if (!isGoingAhead(target.status)) return null;
      await tx
        .insertInto('platform_returns')
        .values({
          id: newId('plr'),
          return_id: target.returnId,
          connection_id: target.connectionId,
          origin: 'retour',
          reported: JSON.stringify({}),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['return_id', 'connection_id']).doNothing())
        .execute();
      row = await find();
      if (!row) throw new PlatformReturnBusy(target.returnId);
    }
    const state = (row.reported ?? {}) as PushedReturnState;
    if (state.leaseUntil && new Date(state.leaseUntil).getTime() > now.getTime()) throw new PlatformReturnBusy(target.returnId);
    const attempts = state.registerAttempts ?? 0;
    const register = row.external_id === null && !state.registerFailed && isGoingAhead(target.status);
    const next: PushedReturnState = {
      ...state,
      leaseUntil: new Date(now.getTime() + PUSH_LEASE_MS).toISOString(),
      registerAttempts: attempts + (register ? 1 : 0),
    };
    await tx
      .updateTable('platform_returns')
      .set({ reported: JSON.stringify(next), updated_at: now })
      .where('id', '=', row.id)
      .execute();
    return {
      id: row.id,
      externalId: row.external_id,
      externalStatus: row.external_status,
      state: next,
      register,
      mayHaveReached: attempts > 0,
    };
  });
}

/** Writes what a try learnt about the return's platform copy, with the events it makes, and lets
 * the copy go (the lease ends) unless `keep` says the try goes on. */
export async function savePushedReturn(
  ctx: AppContext,
  id: string,
  change: (
    unit: Unit,
    row: { externalId: string | null; state: PushedReturnState },
  ) => Promise<{
    externalId?: string | null;
    externalStatus?: string | null;
    lastError?: string | null;
    state?: PushedReturnState;
  }>,
  keep = false,
): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, async (unit) => {
    const row = await unit.tx
      .selectFrom('platform_returns')
      .select(['external_id', 'reported'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const current = { externalId: row.external_id, state: (row.reported ?? {}) as PushedReturnState };
    const out = await change(unit, current);
    const state = { ...(out.state ?? current.state), ...(keep ? {} : { leaseUntil: null }) };
    await unit.tx
      .updateTable('platform_returns')
      .set({
        reported: JSON.stringify(state),
        updated_at: unit.now,
        ...(out.externalId !== undefined ? { external_id: out.externalId } : {}),
        ...(out.externalStatus !== undefined ? { external_status: out.externalStatus } : {}),
        ...(out.lastError !== undefined ? { last_error: out.lastError } : {}),
      })
      .where('id', '=', id)
      .execute();
  });
}
