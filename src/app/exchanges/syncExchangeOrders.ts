import type { ExchangeOrderLineRow, ExchangeOrderRow, ReturnLineRow } from '../../db/schema.js';
import { surplusDue } from '../../domain/exchange.js';
import { allowsAction, RESERVING_STATUSES } from '../../domain/exchangeOrderLifecycle.js';
import { isOneOf } from '../../domain/oneOf.js';
import { momentOf, momentReached, shipMoment, timingOf } from '../../domain/refundMoment.js';
import { SETTLEMENT_STARTABLE } from '../../domain/returnLine.js';
import { GOODS_NOT_COMING_STATUSES, SETTLEABLE_STATUSES } from '../../domain/returnStatus.js';
import type { Tx, Unit } from '../kernel/transaction.js';
import { resolutionOf } from '../money/payments/refundFacts.js';
import { changeExchangeStatus } from './changeExchangeStatus.js';
import { dropUnpaidManualSurplus, payBackSurplus, refundPaidDifference } from './exchangeMoneyBack.js';
import { orderEvent, type ReturnFacts, returnFactsOf } from './exchangeReturnFacts.js';
import { openExchangeOrder } from './openExchangeOrder.js';

/**
 * Keeps a return's exchange orders in step with the return, inside the transaction that changed
 * it (an in-unit subscriber of the return's events, see subscribers.ts): approved exchange lines
 * get an exchange order that reserves their stock, orders move to "ready" when the return reaches
 * their moment (and pay back a surplus then), and end when the return does. Calls to payment
 * providers happen after the commit (see followUpExchanges). One query when the return has no
 * exchange lines.
 */
export async function syncExchangeOrders(unit: Unit, returnId: string): Promise<void> {
  const exchangeLines = await adoptReplacements(
    unit,
    await unit.tx
      .selectFrom('return_lines')
      .selectAll()
      .where('return_id', '=', returnId)
      .where((eb) => eb.or([eb('exchange_variant_id', 'is not', null), eb('granted_resolution', '=', 'replacement')]))
      .execute(),
  );
  if (exchangeLines.length === 0) return;
  const ret = await returnFactsOf(unit.tx, returnId);
  const { orders, orderLines } = await ordersOf(unit.tx, returnId);
  // No goods will come in for the return: every open exchange order of it ends (its stock goes back).
  if (GOODS_NOT_COMING_STATUSES.includes(ret.status)) return endOrders(unit, ret, orders);
  const ordered = new Set(orderLines.map((l) => l.return_line_id));
  const fresh = exchangeLines.filter(
    (l) =>
      l.acceptance === 'approved' &&
      (resolutionOf(l) === 'exchange' || resolutionOf(l) === 'replacement') &&
      isOneOf(SETTLEMENT_STARTABLE, l.settlement) &&
      !ordered.has(l.id),
  );
  if (fresh.length > 0 && SETTLEABLE_STATUSES.includes(ret.status) && !ret.on_hold) {
    // The new order's events come back through the subscriber, which moves the others on then.
    return openExchangeOrder(unit, ret, fresh, orders.length);
  }
  await moveOrdersOn(unit, ret, orders, orderLines, exchangeLines);
}

async function ordersOf(tx: Tx, returnId: string) {
  const orders = await tx
    .selectFrom('exchange_orders')
    .selectAll()
    .where('return_id', '=', returnId)
    .orderBy('created_at')
    .execute();
  const orderLines = orders.length
    ? await tx
        .selectFrom('exchange_order_lines')
        .selectAll()
        .where(
          'exchange_order_id',
          'in',
          orders.map((o) => o.id),
        )
        .execute()
    : [];
  return { orders, orderLines };
}

async function endOrders(unit: Unit, ret: ReturnFacts, orders: ExchangeOrderRow[]): Promise<void> {
  for (const o of orders.filter((o) => RESERVING_STATUSES.includes(o.status))) {
    await changeExchangeStatus(unit, o, { type: 'cancel' }, { cancel_reason: `return ${ret.status}` });
    unit.record(orderEvent('exchange_order.cancelled', o, ret, { reason: `return ${ret.status}` }));
    // A difference paid for an exchange that will not ship goes back; an open link is closed
    // by the next round.
    await refundPaidDifference(unit, o, ret);
    await dropUnpaidManualSurplus(unit, o);
  }
}

/** Orders whose moment the return reached go to "ready", and pay back their surplus then. */
async function moveOrdersOn(
  unit: Unit,
  ret: ReturnFacts,
  orders: ExchangeOrderRow[],
  orderLines: ExchangeOrderLineRow[],
  exchangeLines: ReturnLineRow[],
): Promise<void> {
  const reached = momentOf(ret.status);
  for (const o of orders) {
    const lines = exchangeLines.filter((l) => orderLines.some((x) => x.exchange_order_id === o.id && x.return_line_id === l.id));
    const moment = shipMoment(lines.map(timingOf));
    let status = o.status;
    if (allowsAction(status, 'reach_moment') && momentReached(reached, moment)) {
      status = await changeExchangeStatus(unit, o, { type: 'reach_moment', instant: o.instant, moment, reached });
      unit.record(orderEvent('exchange_order.ready', o, ret, {}));
    }
    if (!o.surplus_settlement_id && surplusDue({ status, instant: o.instant, difference: o.price_difference, moment, reached })) {
      await payBackSurplus(unit, ret, o);
    }
  }
}

/**
 * A replacement under the legal guarantee is an exchange for the same item: approved replacement
 * lines are given their own variant to ship (once), so the exchange order machinery reserves,
 * ships and settles them like any exchange. Lines not yet approved are left as they are.
 */
async function adoptReplacements(unit: Unit, lines: ReturnLineRow[]): Promise<ReturnLineRow[]> {
  const adopt = lines.filter((l) => l.exchange_variant_id === null && l.acceptance === 'approved');
  if (adopt.length === 0) return lines.filter((l) => l.exchange_variant_id !== null);
  const own = await unit.tx
    .selectFrom('order_lines')
    .select(['id', 'variant_id'])
    .where(
      'id',
      'in',
      adopt.map((l) => l.order_line_id),
    )
    .execute();
  const out: ReturnLineRow[] = [];
  for (const l of lines) {
    if (l.exchange_variant_id !== null) {
      out.push(l);
      continue;
    }
    const variant = l.acceptance === 'approved' ? own.find((o) => o.id === l.order_line_id)?.variant_id : null;
    if (!variant) continue;
    await unit.tx.updateTable('return_lines').set({ exchange_variant_id: variant }).where('id', '=', l.id).execute();
    out.push({ ...l, exchange_variant_id: variant });
  }
  return out;
}
