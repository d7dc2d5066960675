import { type Actor, type AppContext, type CommandMeta, systemActor } from '../kernel/context.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import { decideReturnRequest, judgeReturnRequest, priceChosenExchanges } from './judgeReturnRequest.js';
import type { RequestReturnInput, RequestReturnResult } from './returnRequest.js';
import { insertReturn, recordRequestEvents, type WrittenRequest } from './returnRequestRows.js';
import { gatherShipping, type ShippingFacts } from './shippingOffers.js';

export { RETURN_METHODS, type ReturnMethod } from '../../domain/policy/document.js';
export type { RequestReturnInput, RequestReturnResult } from './returnRequest.js';

/** Opens a return for lines of one order: the policy judges every line (all reasons are
 * reported), then the return is approved at once or sent to review. */
export async function requestReturn(ctx: AppContext, meta: CommandMeta, input: RequestReturnInput): Promise<RequestReturnResult> {
  // Carriers are asked before the order is locked: a slow carrier never holds other requests up.
  const shipping = await gatherShipping(ctx.shipping, input);
  return inUnit(ctx, meta, (unit) => writeReturnRequest(unit, input, shipping, meta.actor));
}

/** Judges and writes a return request inside the caller's unit, for commands that write more with
 * it (a store's counter keeps the request that opened it in the same transaction). `actor` is who
 * asked, kept with the request's risk assessment. */
export async function writeReturnRequest(
  unit: Unit,
  input: RequestReturnInput,
  shipping: ShippingFacts,
  actor: Actor = systemActor,
): Promise<RequestReturnResult> {
  const judged = await judgeReturnRequest(unit, input, shipping);
  const decided = decideReturnRequest(unit.now, judged);
  const number = await insertReturn(unit.tx, unit.now, input, judged, decided, actor);
  const exchanges = priceChosenExchanges(judged);
  recordRequestEvents(unit.record, unit.now, input, { judged, decided, number, exchanges });
  return requestResult(unit.now, input, { judged, decided, number, exchanges });
}

/** What the caller learns of the new return. */
function requestResult(
  now: Date,
  input: RequestReturnInput,
  { judged, decided, number, exchanges }: WrittenRequest,
): RequestReturnResult {
  const { order, chosen, lines, verdict, verdicts, logistics } = judged;
  const { returnId, next } = decided;
  return {
    returnId,
    number,
    status: next.status,
    lines: next.lines.map((l, index) => ({
      id: l.id,
      orderLineId: lines[index]?.orderLineId ?? '',
      acceptance: l.acceptance,
      codes: verdicts[index]?.codes ?? [],
      deadline: verdicts[index]?.deadline ?? null,
      restockingFee: verdicts[index]?.restockingFee ?? 0,
      bonus: verdicts[index]?.bonus[l.requestedResolution] ?? 0,
    })),
    policy: {
      versionId: chosen.version.id,
      versionNumber: chosen.version.number,
      experimentId: chosen.experimentId,
      arm: chosen.arm,
    },
    totals: verdict.totals,
    withdrawal: input.withdrawal ? { declaredAt: now.toISOString() } : null,
    method: input.method ?? null,
    pickupSlot: logistics.pickupSlot,
    storeId: logistics.storeId,
    exchanges,
    statusToken: input.statusToken?.({ returnId, customerId: order.customer_id, orderId: order.id, createdAt: now }) ?? null,
  };
}
