import { ShopError, type ShopPlatformAdapter } from '../../catalog/connections/port.js';
import type { AppContext } from '../../kernel/context.js';
import type { Unit } from '../../kernel/transaction.js';
import { isFinalFailure, platformFailureText, recordSyncError } from '../platformFailures.js';
import { platformReturnRequest } from './platformReturnRequest.js';
import {
  type ClaimedPush,
  claimPushedReturn,
  isCalledOff,
  isSettled,
  loadPushTarget,
  type PushTarget,
  savePushedReturn,
} from './pushedReturnState.js';
import { receiptToReport } from './receiptLines.js';

export type PushOutcome = 'nothing_to_do' | 'done' | 'failed';

/**
 * Brings the platform's copy of a return in line with Retour's (the `platforms.push` job of a
 * return): registered once it is approved, called off when Retour's is cancelled or expires, the
 * receipt of its graded lines reported, and closed once Retour's is settled or closed, each once. Safe to repeat: a try after one whose answer
 * was lost looks for the return on the platform before registering it. The platform refusing is
 * kept and shown (`return.platform_failed`, the connection's sync errors) and the return goes on in
 * Retour; a platform down or throttling makes the job retry (the error is thrown).
 */
export async function syncPlatformReturn(ctx: AppContext, returnId: string): Promise<PushOutcome> {
  const target = await loadPushTarget(ctx.db, returnId);
  if (!target) return 'nothing_to_do';
  const connection = await ctx.shops.connection(target.connectionId);
  if (!connection) return 'nothing_to_do';
  const claimed = await claimPushedReturn(ctx, target);
  if (!claimed) return 'nothing_to_do';
  const { adapter } = connection;
  let step = claimed.register ? 'register' : isCalledOff(target.status) ? 'cancel' : 'receipt';
  try {
    let externalId = claimed.externalId;
    if (claimed.register || (isCalledOff(target.status) && !externalId && claimed.mayHaveReached)) {
      step = 'register';
      externalId = await register(ctx, adapter, target, claimed);
    }
    if (externalId && isCalledOff(target.status)) {
      step = 'cancel';
      await cancel(ctx, adapter, claimed, externalId);
    } else if (externalId) {
      step = 'receipt';
      await reportReceipt(ctx, adapter, target, claimed.id, externalId);
      if (isSettled(target.status)) {
        step = 'close';
        await close(ctx, adapter, claimed, externalId);
      }
    }
    await savePushedReturn(ctx, claimed.id, async () => ({}));
    return 'done';
  } catch (err) {
    await recordPushFailure(ctx, target, claimed.id, step, err, isFinalFailure(err));
    if (!isFinalFailure(err)) throw err;
    return 'failed';
  }
}

/** Registers the return (or finds the one an earlier try registered) and keeps its platform id. A
 * return called off meanwhile is only looked for, never registered. */
async function register(
  ctx: AppContext,
  adapter: ShopPlatformAdapter,
  target: PushTarget,
  claimed: ClaimedPush,
): Promise<string | null> {
  let found =
    claimed.mayHaveReached && adapter.findReturn ? await adapter.findReturn(target.orderExternalId, target.number) : null;
  if (!found && !isCalledOff(target.status)) {
    if (!adapter.createReturn) return null;
    const request = await platformReturnRequest(ctx.db, target);
    if (request.lines.length === 0)
      throw new ShopError('rejected', 'NO_PLATFORM_LINES', 'None of the approved lines is an order line the platform knows');
    found = await adapter.createReturn(request);
  }
  if (!found) return null;
  const registered = found;
  await savePushedReturn(
    ctx,
    claimed.id,
    async (unit) => {
      unit.record({
        type: 'return.platform_registered',
        subjectType: 'return',
        subjectId: target.returnId,
        returnId: target.returnId,
        data: {
          platform: target.platform,
          connectionId: target.connectionId,
          externalId: registered.externalId,
          status: registered.status,
        },
      });
      return { externalId: registered.externalId, externalStatus: registered.status, lastError: null };
    },
    true,
  );
  return registered.externalId;
}

async function cancel(ctx: AppContext, adapter: ShopPlatformAdapter, claimed: ClaimedPush, externalId: string) {
  if (claimed.state.cancelledAt || !adapter.cancelReturn) return;
  const cancelled = await adapter.cancelReturn(externalId);
  await savePushedReturn(
    ctx,
    claimed.id,
    async (unit, row) => ({
      externalStatus: cancelled.status,
      lastError: null,
      state: { ...row.state, cancelledAt: unit.now.toISOString() },
    }),
    true,
  );
}

/** Closes the platform's copy of a settled return, once: a refund made apart from the return
 * (Shopify's refundCreate) leaves it open there otherwise. */
async function close(ctx: AppContext, adapter: ShopPlatformAdapter, claimed: ClaimedPush, externalId: string) {
  if (claimed.state.closedAt || claimed.state.closeFailed || !adapter.closeReturn) return;
  const closed = await adapter.closeReturn(externalId);
  await savePushedReturn(
    ctx,
    claimed.id,
    async (unit, row) => ({
      externalStatus: closed.status,
      lastError: null,
      state: { ...row.state, closedAt: unit.now.toISOString() },
    }),
    true,
  );
}

/** Reports the graded lines not reported yet, and remembers them so none is reported twice. */
async function reportReceipt(ctx: AppContext, adapter: ShopPlatformAdapter, target: PushTarget, id: string, externalId: string) {
  if (!adapter.reportReceipt) return;
  const fresh = await ctx.db.selectFrom('platform_returns').select('reported').where('id', '=', id).executeTakeFirstOrThrow();
  const lines = await receiptToReport(ctx.db, target.returnId, (fresh.reported ?? {}) as { receipt?: Record<string, unknown> });
  if (lines.length === 0) return;
  await adapter.reportReceipt(
    externalId,
    lines.map(({ returnLineId: _id, ...line }) => line),
  );
  await savePushedReturn(
    ctx,
    id,
    async (unit, row) => {
      const receipt = { ...(row.state.receipt ?? {}) };
      const at = unit.now.toISOString();
      for (const l of lines) receipt[l.returnLineId] = { accepted: l.accepted, rejected: l.rejected, restocked: l.restocked, at };
      return { lastError: null, state: { ...row.state, receipt } };
    },
    true,
  );
}

/**
 * Keeps a failed try. A refusal (or a job out of tries) is shown where staff look: the
 * `return.platform_failed` event on the return, a sync error on the connection, the copy's last
 * error; a refused registration is not tried again and a refused receipt not reported again. A
 * platform down or throttling only notes the error: the job retries.
 */
export async function recordPushFailure(
  ctx: AppContext,
  target: PushTarget,
  id: string,
  step: string,
  err: unknown,
  final: boolean,
): Promise<void> {
  const error = platformFailureText(err);
  await savePushedReturn(ctx, id, async (unit: Unit, row) => {
    if (!final) return { lastError: error };
    const state = { ...row.state };
    if (step === 'register' && !row.externalId) state.registerFailed = error;
    if (step === 'close') state.closeFailed = error;
    if (step === 'receipt') {
      const lines = await receiptToReport(unit.tx, target.returnId, state);
      const receipt = { ...(state.receipt ?? {}) };
      const at = unit.now.toISOString();
      for (const l of lines)
        receipt[l.returnLineId] = { accepted: l.accepted, rejected: l.rejected, restocked: l.restocked, at, failed: error };
      state.receipt = receipt;
    }
    await recordSyncError(unit.tx, unit.now, {
      connectionId: target.connectionId,
      subject: `return_${step}`,
      externalId: row.externalId ?? target.number,
      err,
    });
    unit.record({
      type: 'return.platform_failed',
      subjectType: 'return',
      subjectId: target.returnId,
      returnId: target.returnId,
      data: { platform: target.platform, connectionId: target.connectionId, step, error },
    });
    return { lastError: error, state };
  });
}
