import { type AfterCommitSubscriber, type InUnitSubscriber, returnIdsOf } from '../kernel/subscribers.js';
import { followUpExchanges } from './followUpExchanges.js';
import { syncExchangeOrders } from './syncExchangeOrders.js';

/** Whatever happened to a return, its exchange orders follow in the same unit: made on approval,
 * ready at their moment, ended with the return. */
const keepInStep: InUnitSubscriber = {
  name: 'exchanges.keep-in-step',
  on: (e) => e.subjectType === 'return',
  handle: async (unit, events) => {
    for (const returnId of returnIdsOf(events)) await syncExchangeOrders(unit, returnId);
  },
};

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

export const exchangeSubscribers = { inUnit: [keepInStep], afterCommit: [followUp] };
