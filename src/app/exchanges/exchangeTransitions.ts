import { momentOf, shipMoment, timingOf } from '../../domain/refundMoment.js';
import { failSettlement, type LineState } from '../../domain/returnLifecycle.js';
import type { Unit } from '../kernel/transaction.js';
import { persistTransition } from '../returns/transitionReturn.js';
import { changeExchangeStatus } from './changeExchangeStatus.js';
import { dropUnpaidManualSurplus, refundPaidDifference } from './exchangeMoneyBack.js';
import { type LoadedExchangeOrder, recordOrderEvent } from './exchangeOrderStore.js';

/** The price difference came in (through the link, or staff saw the transfer): the order moves on
 * to wait for its moment, or to ready. Doing it twice changes nothing. */
export async function markExchangePaid(
  unit: Unit,
  loaded: LoadedExchangeOrder,
  payment: { reference: string | null; via: string },
): Promise<boolean> {
  const { order, lines, ret } = loaded;
  if (order.payment_status === 'paid' || order.status !== 'awaiting_payment') return false;
  const exchanged = ret.lines.filter((l) => lines.some((x) => x.return_line_id === l.id));
  const status = await changeExchangeStatus(
    unit,
    order,
    { type: 'pay', instant: order.instant, moment: shipMoment(exchanged.map(timingOf)), reached: momentOf(ret.row.status) },
    {
      payment_status: 'paid',
      payment_reference: payment.reference,
      payment_via: payment.via,
      payment_error: null,
      paid_at: unit.now,
    },
  );
  recordOrderEvent(unit, 'exchange_order.paid', loaded, {
    amount: order.price_difference,
    via: payment.via,
    reference: payment.reference,
  });
  if (status === 'ready') recordOrderEvent(unit, 'exchange_order.ready', loaded);
  return true;
}

/**
 * Ends an exchange order that will not ship (staff cancelled it, or its price difference was never
 * paid): its reservation ends, and its lines go back to waiting for money, settled the way given
 * (a refund or store credit) at the moment the policy sets or by staff.
 */
export async function endExchangeOrder(
  unit: Unit,
  loaded: LoadedExchangeOrder,
  reason: string,
  settleAs: 'refund' | 'store_credit',
): Promise<void> {
  const { order, lines, ret } = loaded;
  // An open link stays open here: the round closes it at the provider and still sees a payment
  // made just before, which then goes back (see checkExchangePayment).
  await changeExchangeStatus(unit, order, { type: 'cancel' }, { cancel_reason: reason });
  await refundPaidDifference(unit, order, ret.row);
  await dropUnpaidManualSurplus(unit, order);
  const parts = lines
    .filter((l) => ret.lines.some((r) => r.id === l.return_line_id && r.settlement === 'pending'))
    .map((l) => ({ returnLineId: l.return_line_id, amount: l.returned_value }));
  const failed = parts.length ? failSettlement(ret.state, parts, 'EXCHANGE_CANCELLED') : { state: ret.state, events: [] };
  const regranted: LineState[] = failed.state.lines.map((l) =>
    parts.some((p) => p.returnLineId === l.id) ? { ...l, grantedResolution: settleAs } : l,
  );
  const facts = { exchangeOrderId: order.id, exchangeOrderNumber: order.number };
  await persistTransition(unit, ret, {
    state: { ...failed.state, lines: regranted },
    events: [
      { type: 'exchange_order.cancelled', reason, data: { ...facts, settleAs, paid: order.payment_status === 'paid' } },
      ...failed.events.map((e) => ({ ...e, data: { ...e.data, ...facts } })),
    ],
  });
}
