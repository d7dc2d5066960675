import type { AppContext } from '../kernel/context.js';
import { type ExchangeOrderView, getExchangeOrder } from './exchangeOrderQueries.js';
import { checkExchangePayment } from './exchangeRound.js';

/** Staff ask the provider now whether an exchange's payment link was paid, and see the order as it
 * then stands. An unknown order is refused before any provider is asked. */
export async function refreshExchangePayment(ctx: AppContext, exchangeOrderId: string): Promise<ExchangeOrderView> {
  await getExchangeOrder(ctx.db, exchangeOrderId);
  await checkExchangePayment(ctx, exchangeOrderId);
  return getExchangeOrder(ctx.db, exchangeOrderId);
}
