import { type AfterCommitSubscriber, type InUnitSubscriber, returnIdsOf } from '../kernel/subscribers.js';
import type { Tx } from '../kernel/transaction.js';
import { returnsWithLinesFor } from '../returns/freshRequests.js';
import { mayHaveExchangeLines } from '../returns/linesInUnit.js';
import { followUpExchanges } from './followUpExchanges.js';
import { syncExchangeOrders } from './syncExchangeOrders.js';

/** Whatever happened to a return, its exchange orders follow in the same unit: made on approval,
 * ready at their moment, ended with the return. */
const keepInStep: InUnitSubscriber = {
  name: 'exchanges.keep-in-step',
  on: (e) => e.subjectType === 'return',
  handle: async (unit, events) => {
    // A return just requested without an exchange or replacement among its lines has no order to
    // make: no read needed. Safe only while every change to a return's lines records an event about
    // the return itself (subject `return`): this subscriber sees no other, so a line changed in the
    // same unit under an event about the line alone would go unnoticed and its order unmade.
    // Nor has one whose lines this unit wrote without an exchange or replacement among them.
    const ids = returnsWithLinesFor(events, returnIdsOf(events), ['exchange', 'replacement']).filter((id) =>
      mayHaveExchangeLines(unit.tx, id),
    );
    for (const returnId of await returnsWithExchanges(unit.tx, ids)) await syncExchangeOrders(unit, returnId);
  },
};

/** Of many returns moved at once (a burst of carriers' scans), those with a line to exchange or
 * replace, in one read; one return is left to syncExchangeOrders, whose first read is the same. */
async function returnsWithExchanges(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length <= 1) return ids;
  const rows = await tx
    .selectFrom('return_lines')
    .select('return_id')
    .distinct()
    .where('return_id', 'in', ids)
    .where((eb) => eb.or([eb('exchange_variant_id', 'is not', null), eb('granted_resolution', '=', 'replacement')]))
    .execute();
  const wanted = new Set(rows.map((r) => r.return_id));
  return ids.filter((id) => wanted.has(id));
}

/** After an exchange order was made, ended or owes money back: its payment link, its charge, its
 * surplus or paid difference refunded, through the providers. */
const followUp: AfterCommitSubscriber = {
  name: 'exchanges.follow-up',
  on: [
    'exchange_order.created',
    'exchange_order.not_returned',
    'exchange_order.surplus_started',
    'exchange_order.difference_refund_started',
  ],
  handle: async (ctx, event) => {
    if (event.returnId) await followUpExchanges(ctx, { returnId: event.returnId });
  },
};

/** A called-off exchange takes no payment: its open payment link is closed at the provider, for
 * whatever ended it (staff, the return cancelled, expired or lost). Best effort: a link that cannot
 * be closed now ends at its expiry, and the exchange round closes what is left open. */
const closePaymentLink: AfterCommitSubscriber = {
  name: 'exchanges.close-payment-link',
  on: ['exchange_order.cancelled'],
  handle: async (ctx, event) => {
    const order = await ctx.db
      .selectFrom('exchange_orders')
      .select(['payment_provider', 'payment_link_id', 'payment_status'])
      // Staff's cancellation is recorded on the return, the sync's on the order: both name it.
      .where('id', '=', typeof event.data.exchangeOrderId === 'string' ? event.data.exchangeOrderId : event.subject.id)
      .executeTakeFirst();
    if (order?.payment_status !== 'open' || !order.payment_provider || !order.payment_link_id) return;
    const provider = await ctx.payments.provider(order.payment_provider).catch(() => null);
    await provider?.closePaymentLink(order.payment_link_id).catch(() => undefined);
  },
};

export const exchangeSubscribers = { inUnit: [keepInStep], afterCommit: [followUp, closePaymentLink] };
