import { marketplaceReasonFor } from '../../../domain/marketplaceReturns.js';
import { type PlatformReturnRequest, ShopError, type ShopPlatformAdapter } from '../../catalog/connections/port.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { isFinalFailure, platformFailureText, recordSyncError } from '../platformFailures.js';
import type { MarketplaceReturnState } from './admitMarketplaceReturn.js';
import { type MarketplaceTarget, saveMarketplaceCopy } from './marketplaceTarget.js';

/** How long one try holds a return's registration: longer than its few calls with their time-outs. */
const LEASE_MS = 2 * 60_000;

/** Another try is registering this return right now: the job tries again later. */
export class MarketplaceCopyBusy extends Error {
  constructor(returnId: string) {
    super(`Return ${returnId} is being registered on the marketplace by another try`);
    this.name = 'MarketplaceCopyBusy';
  }
}

interface Claim {
  id: string;
  externalId: string | null;
  /** An earlier try may have registered it before its answer was lost: look before making another. */
  mayHaveReached: boolean;
  /** Nothing to do: registered already, or refused for good. */
  done: boolean;
}

/** Takes the return's registration for one try: the row is made (origin `retour`) and locked, and
 * held by a lease so two jobs never register it at once. */
async function claim(ctx: AppContext, target: MarketplaceTarget): Promise<Claim> {
  return inUnit(ctx, { actor: systemActor }, async ({ tx, now }) => {
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
    const row = await tx
      .selectFrom('platform_returns')
      .select(['id', 'external_id', 'reported'])
      .where('return_id', '=', target.returnId)
      .where('connection_id', '=', target.connectionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const state = (row.reported ?? {}) as MarketplaceReturnState;
    if (row.external_id || state.registerFailed)
      return { id: row.id, externalId: row.external_id, mayHaveReached: true, done: true };
    if (state.leaseUntil && new Date(state.leaseUntil).getTime() > now.getTime()) throw new MarketplaceCopyBusy(target.returnId);
    const attempts = state.registerAttempts ?? 0;
    const next: MarketplaceReturnState = {
      ...state,
      registerAttempts: attempts + 1,
      leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
    };
    await tx
      .updateTable('platform_returns')
      .set({ reported: JSON.stringify(next), updated_at: now })
      .where('id', '=', row.id)
      .execute();
    return { id: row.id, externalId: null, mayHaveReached: attempts > 0, done: false };
  });
}

/** What ChannelEngine is asked to register: the approved lines it knows, by product number, each
 * with the marketplace reason for the shop's reason (or its parent's) and the shopper's comment. */
async function returnRequest(ctx: AppContext, target: MarketplaceTarget): Promise<PlatformReturnRequest> {
  const lines = await ctx.db
    .selectFrom('return_lines as rl')
    .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
    .innerJoin('returns as r', 'r.id', 'rl.return_id')
    .leftJoin('reasons as re', 're.id', 'rl.reason_id')
    .leftJoin('reasons as parent', 'parent.id', 're.parent_id')
    .select(['rl.quantity', 'rl.comment', 'ol.sku', 'ol.external_id', 'ol.external_ref', 'r.currency'])
    .select(['re.code as reason_code', 'parent.code as parent_code'])
    .where('rl.return_id', '=', target.returnId)
    .where('rl.acceptance', '=', 'approved')
    .orderBy('ol.line_number')
    .execute();
  const map = target.settings.reasonMap;
  return {
    returnNumber: target.number,
    orderExternalId: target.orderExternalId,
    lines: lines.flatMap((l) => {
      if (!l.external_id) return [];
      const own = marketplaceReasonFor(l.reason_code, map);
      const reason = own === 'OTHER' && l.parent_code ? marketplaceReasonFor(l.parent_code, map) : own;
      const ref = (l.external_ref ?? {}) as Record<string, string | number | null>;
      return [{ lineExternalId: l.external_id, lineRef: ref, sku: l.sku, quantity: l.quantity, reason, note: l.comment }];
    }),
    shippingFee: 0,
    currency: lines[0]?.currency ?? 'EUR',
  };
}

/**
 * Registers a return made in Retour for a marketplace order on ChannelEngine, once: a try after one
 * whose answer was lost looks for it by Retour's number first. ChannelEngine refusing is kept and
 * shown (`return.platform_failed`, the connection's sync errors) and not tried again; the return
 * goes on in Retour. A platform down or throttling throws, and the job retries. Answers the
 * platform's id of the return, or null when it is not (and will not be) registered.
 */
export async function registerOnMarketplace(
  ctx: AppContext,
  target: MarketplaceTarget,
  adapter: ShopPlatformAdapter,
): Promise<string | null> {
  if (!adapter.createReturn) return null;
  const claimed = await claim(ctx, target);
  if (claimed.done) return claimed.externalId;
  try {
    let found =
      claimed.mayHaveReached && adapter.findReturn ? await adapter.findReturn(target.orderExternalId, target.number) : null;
    if (!found) {
      const request = await returnRequest(ctx, target);
      if (request.lines.length === 0)
        throw new ShopError('rejected', 'NO_PLATFORM_LINES', 'None of the approved lines is an order line the marketplace knows');
      found = await adapter.createReturn(request);
    }
    const registered = found;
    await saveMarketplaceCopy(ctx, claimed.id, async (unit, state) => {
      unit.record({
        type: 'return.platform_registered',
        subjectType: 'return',
        subjectId: target.returnId,
        returnId: target.returnId,
        data: { platform: target.platform, connectionId: target.connectionId, externalId: registered.externalId },
      });
      return {
        state: { ...state, leaseUntil: null },
        externalId: registered.externalId,
        externalStatus: registered.status,
        lastError: null,
      };
    });
    return registered.externalId;
  } catch (err) {
    await recordMarketplaceFailure(ctx, target, claimed.id, 'register', err);
    if (!isFinalFailure(err)) throw err;
    return null;
  }
}

/** A line of the receipt: what came back of it, as the marketplace is told. */
export interface ReceiptLine {
  returnLineId: string;
  lineExternalId: string;
  sku: string;
  accepted: number;
  rejected: number;
  restocked: boolean;
}

/** The receipt as remembered per return line (with the refusal, when the marketplace refused it). */
export function receiptState(lines: ReceiptLine[], now: Date, failed?: string): NonNullable<MarketplaceReturnState['receipt']> {
  const at = now.toISOString();
  return Object.fromEntries(
    lines.map((l) => [
      l.returnLineId,
      { accepted: l.accepted, rejected: l.rejected, restocked: l.restocked, at, ...(failed ? { failed } : {}) },
    ]),
  );
}

/**
 * Keeps a failed call. A refusal is shown where staff look: the `return.platform_failed` event on
 * the return, a sync error on the connection, the copy's last error; a platform down or throttling
 * only notes the error (the job retries).
 */
export async function recordMarketplaceFailure(
  ctx: AppContext,
  target: MarketplaceTarget,
  copyId: string,
  step: 'register' | 'receipt',
  err: unknown,
  lines?: ReceiptLine[],
): Promise<void> {
  const error = platformFailureText(err);
  const final = isFinalFailure(err);
  await saveMarketplaceCopy(ctx, copyId, async (unit, state, externalId) => {
    const next: MarketplaceReturnState = { ...state, leaseUntil: null };
    if (!final) return { state: next, lastError: error };
    if (step === 'register') next.registerFailed = error;
    else next.receipt = receiptState(lines ?? [], unit.now, error);
    await recordSyncError(unit.tx, unit.now, {
      connectionId: target.connectionId,
      subject: `return_${step}`,
      externalId: externalId ?? target.number,
      err,
    });
    unit.record({
      type: 'return.platform_failed',
      subjectType: 'return',
      subjectId: target.returnId,
      returnId: target.returnId,
      data: { platform: target.platform, connectionId: target.connectionId, step, error },
    });
    return { state: next, lastError: error };
  });
}
