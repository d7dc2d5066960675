import { momentOf } from '../../domain/refundMoment.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import type { PaymentGateway } from '../money/payments/gateway.js';
import type { PaymentProviderName } from '../money/payments/port.js';
import { settleDueLines } from '../money/settleDueLines.js';
import { type ExchangeOrderView, getExchangeOrder } from './exchangeOrderQueries.js';
import { loadExchangeOrderForUpdate } from './exchangeOrderStore.js';
import { endExchangeOrder } from './exchangeTransitions.js';

/** The lines of an exchange that will not ship are settled now when the return is past their
 * moment already (no later transition would settle them); otherwise their moment does it. */
export async function settleUnexchanged(ctx: AppContext, payments: PaymentGateway, exchangeOrderId: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('exchange_orders')
    .innerJoin('returns', 'returns.id', 'exchange_orders.return_id')
    .select(['returns.id', 'returns.status'])
    .where('exchange_orders.id', '=', exchangeOrderId)
    .executeTakeFirst();
  const moment = row ? momentOf(row.status) : null;
  if (row && moment) await settleDueLines(ctx, payments, row.id, moment);
}

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
  await settleUnexchanged(ctx, payments, input.exchangeOrderId);
  return getExchangeOrder(ctx.db, input.exchangeOrderId);
}
