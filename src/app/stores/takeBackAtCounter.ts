import { RetourError } from '../../domain/errors.js';
import { isOneOf } from '../../domain/oneOf.js';
import type { LineReceipt } from '../../domain/returnLifecycle.js';
import { ARRIVED_RECEPTIONS, AWAITED_RECEPTIONS } from '../../domain/returnLine.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { settleReturn } from '../money/settleReturn.js';
import { inspectLines } from '../returns/inspection/inspectLines.js';
import { receiveLines } from '../returns/inspection/receiveLines.js';
import { writeReturnRequest } from '../returns/requestReturn.js';
import { gatherShipping } from '../returns/shippingOffers.js';
import { checkBeforeTakingBack, requireAwaitingGoods } from './counterChecks.js';
import { type CounterReceipt, counterReceiptIn } from './counterReceipt.js';
import { type CounterStore, counterStoreOf } from './counterStore.js';
import type { TakeBackInput } from './takeBackInput.js';

export type { CounterLineInput, TakeBackInput } from './takeBackInput.js';

export interface TakeBackResult {
  returnId: string;
  /** taken_back: goods in, graded, money started; or the policy did not let the return go ahead
   * at once (rejected, or sent to customer service to review): the shopper keeps the goods. */
  outcome: 'taken_back' | 'rejected' | 'review';
  status: string;
  receipt: CounterReceipt;
}

/**
 * Takes a return back over a store's counter in one go: a new return made at the counter (judged by
 * the policy like any other) or one requested before, received at once, graded with the shop's
 * grades and dispositions, its goods into the store's stock, and the money started the way each
 * line was granted (original payment or store credit) through the settlement path that never pays
 * twice. Every step looks at what is done already, and the request that opened the return is kept
 * with it, so a repeat of the same request (a double tap, a till retrying) finishes the same
 * return instead of opening another. Ends with the shopper's receipt.
 */
export async function takeBackAtCounter(ctx: AppContext, meta: CommandMeta, input: TakeBackInput): Promise<TakeBackResult> {
  const claim = meta.idempotency;
  if (!claim) {
    throw new RetourError(
      'invalid',
      'IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key: a repeat must not take the goods back twice',
      [{ path: 'headers.idempotency-key', message: 'required' }],
    );
  }
  const store = await counterStoreOf(ctx.db, meta.actor, input.storeId);
  const requestKey = `${claim.principal}:${claim.key}`;
  await checkBeforeTakingBack(ctx.db, ctx.caches, input);
  const inner: CommandMeta = { actor: meta.actor };
  const returnId = await openCounterReturn(ctx, inner, input, store, requestKey);

  const ret = await ctx.db.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirstOrThrow();
  const outcome =
    ret.status === 'rejected' ? 'rejected' : ret.status === 'requested' || ret.status === 'under_review' ? 'review' : null;
  if (!outcome) await bringIn(ctx, inner, input, store, returnId);

  return inUnit(ctx, meta, async (unit) => {
    const row = await unit.tx
      .selectFrom('counter_returns')
      .select(['id', 'receipt_at'])
      .where('request_key', '=', requestKey)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const status = (await unit.tx.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirstOrThrow())
      .status;
    if (!outcome && !row.receipt_at) {
      await unit.tx.updateTable('counter_returns').set({ receipt_at: unit.now }).where('id', '=', row.id).execute();
      unit.record({
        type: 'return.store_receipt',
        subjectType: 'return',
        subjectId: returnId,
        returnId,
        data: { storeId: store.id },
      });
    }
    const receipt = await counterReceiptIn(unit.tx, returnId, { storeId: store.id });
    return { returnId, outcome: outcome ?? 'taken_back', status, receipt };
  });
}

/** The return this request takes back: the one it opened before, the online one it names, or a new
 * one made now; kept with the request in the same transaction. */
async function openCounterReturn(
  ctx: AppContext,
  meta: CommandMeta,
  input: TakeBackInput,
  store: CounterStore,
  requestKey: string,
): Promise<string> {
  const before = await ctx.db
    .selectFrom('counter_returns')
    .select('return_id')
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
  if (before) return before.return_id;
  const request = {
    orderId: input.orderId,
    source: 'store' as const,
    method: 'store' as const,
    storeId: store.id,
    lines: input.lines.map((l) => ({
      orderLineId: l.orderLineId,
      quantity: l.quantity,
      reasonCode: l.reasonCode ?? null,
      comment: l.comment ?? null,
      resolution: input.resolution ?? 'refund',
    })),
  };
  const shipping = input.returnId ? null : await gatherShipping(ctx.shipping, request);
  return inUnit(ctx, meta, async (unit) => {
    let returnId: string;
    if (input.returnId) {
      // The same request racing itself (a double tap) waits here for the first, then finds it.
      const again = await requireAwaitingGoods(unit.tx, { ...input, returnId: input.returnId }, requestKey);
      if (again) return again;
      returnId = input.returnId;
    } else if (shipping) {
      returnId = (await writeReturnRequest(unit, request, shipping, meta.actor)).returnId;
    } else {
      throw new Error('unreachable: a new counter return always has its shipping facts');
    }
    await unit.tx
      .insertInto('counter_returns')
      .values({
        id: newId('ctr'),
        store_id: store.id,
        return_id: returnId,
        request_key: requestKey,
        taken_by: meta.actor.id ?? meta.actor.type,
        created_at: unit.now,
      })
      .execute();
    return returnId;
  });
}

/** Receives, grades and settles what is left to do of the return's lines the shopper brought, and
 * nothing of the lines they did not bring. */
async function bringIn(ctx: AppContext, meta: CommandMeta, input: TakeBackInput, store: CounterStore, returnId: string) {
  const lineOf = async () => {
    const lines = await ctx.db
      .selectFrom('return_lines')
      .select(['id', 'order_line_id', 'quantity', 'acceptance', 'reception', 'grade'])
      .where('return_id', '=', returnId)
      .orderBy('id')
      .execute();
    return input.lines.map((l, i) => ({ input: l, index: i, line: lines.find((r) => r.order_line_id === l.orderLineId) }));
  };
  const picked = await lineOf();
  const missing = picked.find((p) => !p.line);
  if (missing) {
    throw new RetourError('invalid', 'LINE_NOT_IN_RETURN', 'This item is not part of the return', [
      { path: `lines.${missing.index}.orderLineId`, message: 'not a line of the return' },
    ]);
  }
  const receipts: LineReceipt[] = picked.flatMap(({ input: l, line }) =>
    line && line.acceptance === 'approved' && isOneOf(AWAITED_RECEPTIONS, line.reception)
      ? [{ returnLineId: line.id, quantity: Math.min(l.quantity, line.quantity) }]
      : [],
  );
  if (receipts.length > 0) await receiveLines(ctx, meta, { returnId, lines: receipts });

  const received = await lineOf();
  const grading = received.flatMap(({ input: l, line }) =>
    line && line.acceptance === 'approved' && line.grade === null && !isOneOf(AWAITED_RECEPTIONS, line.reception)
      ? [{ returnLineId: line.id, grade: l.grade, disposition: l.disposition ?? null, note: l.note ?? null }]
      : [],
  );
  if (grading.length > 0) await inspectLines(ctx, meta, { returnId, warehouseId: store.id, lines: grading });

  // Only the lines the shopper brought, and only once their goods are in: a line of an online
  // return left at home is neither received nor paid.
  const lineIds = (await lineOf()).flatMap(({ line }) => (line && isOneOf(ARRIVED_RECEPTIONS, line.reception) ? [line.id] : []));
  if (lineIds.length === 0) return;
  try {
    await settleReturn(ctx, meta, { returnId, lineIds, trigger: 'store_counter' });
  } catch (err) {
    // Nothing waits for money (an exchange, a line granted nothing): the receipt says so. Held for
    // a person (the risk score asked it at grading): the goods are in, the money waits for them.
    if (!(err instanceof RetourError && (err.code === 'NOTHING_TO_SETTLE' || err.code === 'RETURN_ON_HOLD'))) throw err;
  }
}
