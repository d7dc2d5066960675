import type { ExchangeOrderRow } from '../../db/schema.js';
import { newId } from '../kernel/ids.js';
import type { Unit } from '../kernel/transaction.js';

interface ReturnOfOrder {
  id: string;
  number: string;
  currency: string;
}

/**
 * An exchange the shopper paid a price difference for will not ship: the difference goes back the
 * way it came in (a refund of that payment at its provider, or a bank transfer staff make when it
 * was confirmed by hand). A settlement like any other, started once per order; the provider call
 * follows the commit (see followUpExchanges).
 */
export async function refundPaidDifference(unit: Unit, o: ExchangeOrderRow, ret: ReturnOfOrder): Promise<string | null> {
  if (o.payment_status !== 'paid' || o.price_difference <= 0 || o.difference_refund_settlement_id) return null;
  const via = o.payment_via ?? 'manual';
  const provider = via === 'mollie' || via === 'stripe' ? via : 'manual';
  const id = newId('stl');
  await unit.tx
    .insertInto('settlements')
    .values({
      id,
      return_id: ret.id,
      kind: 'exchange_difference',
      provider,
      status: 'pending',
      amount: o.price_difference,
      currency: o.currency,
      reference: null,
      lines: JSON.stringify([]),
      note: `price difference of exchange ${o.number} paid back`,
      created_by: null,
      created_at: unit.now,
      idempotency_key: `retour-${id}`,
      payment_reference: provider === 'manual' ? null : o.payment_reference,
      breakdown: JSON.stringify({ exchangeOrderId: o.id, priceDifference: o.price_difference, via }),
      trigger: 'exchange',
      updated_at: unit.now,
      succeeded_at: null,
    })
    .execute();
  await unit.tx
    .updateTable('exchange_orders')
    .set({ difference_refund_settlement_id: id, updated_at: unit.now })
    .where('id', '=', o.id)
    .execute();
  unit.record({
    type: 'exchange_order.difference_refund_started',
    subjectType: 'exchange_order',
    subjectId: o.id,
    returnId: ret.id,
    data: {
      number: ret.number,
      exchangeOrderId: o.id,
      exchangeOrderNumber: o.number,
      settlementId: id,
      amount: o.price_difference,
      provider,
    },
  });
  return id;
}

/** A surplus staff were still to transfer by hand is not owed once the exchange is called off (the
 * lines are refunded in full instead). One already on its way at a provider, or paid, stays and
 * is taken off the lines' refund (see refundFor). */
export async function dropUnpaidManualSurplus(unit: Unit, o: ExchangeOrderRow): Promise<void> {
  if (!o.surplus_settlement_id) return;
  await unit.tx
    .updateTable('settlements')
    .set({ status: 'failed', last_error: 'EXCHANGE_CANCELLED: not owed once the exchange was called off', updated_at: unit.now })
    .where('id', '=', o.surplus_settlement_id)
    .where('status', '=', 'pending')
    .where('provider', '=', 'manual')
    .execute();
}
