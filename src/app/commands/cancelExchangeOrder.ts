import type { AppContext, CommandMeta } from '../context.js';
import { loadExchangeOrderForUpdate } from '../exchanges/exchangeOrderStore.js';
import { endExchangeOrder } from '../exchanges/exchangeTransitions.js';
import type { PaymentGateway } from '../payments/gateway.js';
import type { PaymentProviderName } from '../payments/port.js';
import { type ExchangeOrderView, getExchangeOrder } from '../queries/exchangeOrders.js';
import { inUnit } from '../transaction.js';

export interface CancelExchangeOrderInput {
  exchangeOrderId: string;
  reason: string;
  /** How the exchanged lines are settled instead. */
  settleAs: 'refund' | 'store_credit';
}

/** Staff call an exchange off (out of stock, the shopper changed their mind): the stock it held is
 * free again and its lines wait for a refund or store credit instead. An open payment link is
 * closed at the provider so it takes no payment for an exchange that will not ship. */
export async function cancelExchangeOrder(
  ctx: AppContext,
  payments: PaymentGateway,
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
    const provider = await payments.provider(link.provider).catch(() => null);
    // Best effort: a link that cannot be closed now is ended by the provider at its expiry.
    await provider?.closePaymentLink(link.id).catch(() => undefined);
  }
  return getExchangeOrder(ctx.db, input.exchangeOrderId);
}
