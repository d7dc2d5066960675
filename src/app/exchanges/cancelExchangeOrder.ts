import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import type { PaymentProviderName } from '../money/payments/port.js';
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
 * closed at the provider so it takes no payment for an exchange that will not ship. */
export async function cancelExchangeOrder(
  ctx: AppContext,
  meta: CommandMeta,
  input: CancelExchangeOrderInput,
): Promise<ExchangeOrderView> {
  const link = await inUnit(ctx, meta, async (unit) => {
    const loaded = await loadExchangeOrderForUpdate(unit.tx, input.exchangeOrderId);
    await endExchangeOrder(unit, loaded, input.reason, input.settleAs);
    const { payment_provider, payment_link_id, payment_status } = loaded.order;
    return payment_status === 'open' && payment_provider && payment_link_id
      ? { provider: payment_provider as PaymentProviderName, id: payment_link_id }
      : null;
  });
  if (link) {
    const provider = await ctx.payments.provider(link.provider).catch(() => null);
    // Best effort: a link that cannot be closed now is ended by the provider at its expiry.
    await provider?.closePaymentLink(link.id).catch(() => undefined);
  }
  return getExchangeOrder(ctx.db, input.exchangeOrderId);
}
