import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { type ExchangeOrderView, getExchangeOrder } from './exchangeOrderQueries.js';
import { loadExchangeOrderForUpdate } from './exchangeOrderStore.js';
import { endExchangeOrder } from './exchangeTransitions.js';

export interface CancelExchangeOrderInput {
  exchangeOrderId: string;
  reason: string;
  /** How the exchanged lines are settled instead. */
  settleAs: 'refund' | 'store_credit';
}

/** Staff call an exchange off (out of stock, the shopper changed their mind): the stock it held is
 * free again and its lines wait for a refund or store credit instead, paid at once when the return
 * is past their moment (the money context follows the cancellation). An open payment link is
 * closed at the provider by the exchanges' follow-up of the cancellation (subscribers.ts). */
export async function cancelExchangeOrder(
  ctx: AppContext,
  meta: CommandMeta,
  input: CancelExchangeOrderInput,
): Promise<ExchangeOrderView> {
  await inUnit(ctx, meta, async (unit) => {
    const loaded = await loadExchangeOrderForUpdate(unit.tx, input.exchangeOrderId);
    await endExchangeOrder(unit, loaded, input.reason, input.settleAs);
  });
  return getExchangeOrder(ctx.db, input.exchangeOrderId);
}
