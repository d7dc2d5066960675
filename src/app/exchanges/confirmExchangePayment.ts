import { RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { type ExchangeOrderView, getExchangeOrder } from './exchangeOrderQueries.js';
import { loadExchangeOrderForUpdate } from './exchangeOrderStore.js';
import { markExchangePaid } from './exchangeTransitions.js';

/** Staff saw the price difference come in outside a payment link (a bank transfer, at the till). */
export async function confirmExchangePayment(
  ctx: AppContext,
  meta: CommandMeta,
  input: { exchangeOrderId: string; reference: string },
): Promise<ExchangeOrderView> {
  await inUnit(ctx, meta, async (unit) => {
    const loaded = await loadExchangeOrderForUpdate(unit.tx, input.exchangeOrderId);
    if (loaded.order.payment_status === 'paid') return;
    if (loaded.order.status !== 'awaiting_payment') {
      throw new RetourError('conflict', 'EXCHANGE_NOT_AWAITING_PAYMENT', `This exchange is ${loaded.order.status}`);
    }
    await markExchangePaid(unit, loaded, { reference: input.reference, via: 'manual' });
  });
  return getExchangeOrder(ctx.db, input.exchangeOrderId);
}
