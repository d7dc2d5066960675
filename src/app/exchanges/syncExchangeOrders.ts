import type { ExchangeOrderRow, ReturnLineRow } from '../../db/schema.js';
import { priceExchange, surplusDue, surplusRoute } from '../../domain/exchange.js';
import { allowsAction, RESERVING_STATUSES, settleStatus } from '../../domain/exchangeOrderLifecycle.js';
import { momentOf, momentReached, shipMoment, timingOf } from '../../domain/refundMoment.js';
import { beginSettlement, type SettlementPart } from '../../domain/returnLifecycle.js';
import { GOODS_NOT_COMING_STATUSES, type ReturnStatus, SETTLEABLE_STATUSES } from '../../domain/returnStatus.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import { systemActor } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import type { Unit } from '../kernel/transaction.js';
import { bonusTermsOf, refundFor, resolutionOf } from '../money/payments/refundFacts.js';
import { providerOf } from '../money/payments/refundRoute.js';
import { addEntry, ensureAccount } from '../money/storeCredit/ledger.js';
import { loadReturnForUpdate } from '../returns/returnStore.js';
import { changeExchangeStatus } from './changeExchangeStatus.js';
import { dropUnpaidManualSurplus, refundPaidDifference } from './exchangeMoneyBack.js';

type Persist = typeof import('../returns/transitionReturn.js').persistTransition;

const instantOf = (l: ReturnLineRow) => (l.verdict as { instantExchange?: boolean } | null)?.instantExchange === true;

/**
 * Keeps a return's exchange orders in step with the return, inside the transaction that changed
 * it (every transition comes through here): approved exchange lines get an exchange order that
 * reserves their stock, orders move to "ready" when the return reaches their moment (and pay back
 * a surplus then), and end when the return does. Calls to payment providers happen after the
 * commit (see followUpExchanges). One query when the return has no exchange lines.
 */
export async function syncExchangeOrders(unit: Unit, returnId: string, persist: Persist): Promise<void> {
  const { tx } = unit;
  const exchangeLines = await adoptReplacements(
    unit,
    await tx
      .selectFrom('return_lines')
      .selectAll()
      .where('return_id', '=', returnId)
      .where((eb) => eb.or([eb('exchange_variant_id', 'is not', null), eb('granted_resolution', '=', 'replacement')]))
      .execute(),
  );
  if (exchangeLines.length === 0) return;
  const ret = await tx
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.status',
      'returns.on_hold',
      'returns.currency',
      'returns.customer_id',
      'returns.ship_by',
      'orders.payment_provider',
      'orders.payment_reference',
    ])
    .where('returns.id', '=', returnId)
    .executeTakeFirstOrThrow();
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

  // No goods will come in for the return: every open exchange order of it ends (its stock goes back).
  if (GOODS_NOT_COMING_STATUSES.includes(ret.status)) {
    for (const o of orders.filter((o) => RESERVING_STATUSES.includes(o.status))) {
      await changeExchangeStatus(unit, o, { type: 'cancel' }, { cancel_reason: `return ${ret.status}` });
      unit.record(orderEvent('exchange_order.cancelled', o, ret, { reason: `return ${ret.status}` }));
      // A difference paid for an exchange that will not ship goes back; an open link is closed
      // by the next round.
      await refundPaidDifference(unit, o, ret);
      await dropUnpaidManualSurplus(unit, o);
    }
    return;
  }

  const ordered = new Set(orderLines.map((l) => l.return_line_id));
  const fresh = exchangeLines.filter(
    (l) =>
      l.acceptance === 'approved' &&
      (resolutionOf(l) === 'exchange' || resolutionOf(l) === 'replacement') &&
      (l.settlement === 'none' || l.settlement === 'failed') &&
      !ordered.has(l.id),
  );
  if (fresh.length > 0 && SETTLEABLE_STATUSES.includes(ret.status) && !ret.on_hold) {
    await createOrder(unit, ret, fresh, orders.length, persist);
    // The transition that saved the new order came back through here and moved the others.
    return;
  }

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

interface ReturnFacts {
  id: string;
  number: string;
  status: ReturnStatus;
  currency: string;
  customer_id: string;
  ship_by: Date | null;
  payment_provider: string | null;
  payment_reference: string | null;
}

function orderEvent(type: string, o: Pick<ExchangeOrderRow, 'id' | 'number'>, ret: ReturnFacts, data: Record<string, unknown>) {
  return {
    type,
    subjectType: 'exchange_order',
    subjectId: o.id,
    returnId: ret.id,
    data: { number: ret.number, exchangeOrderId: o.id, exchangeOrderNumber: o.number, ...data },
  };
}

async function createOrder(unit: Unit, ret: ReturnFacts, lines: ReturnLineRow[], count: number, persist: Persist) {
  const { tx } = unit;
  const loaded = await loadReturnForUpdate(tx, ret.id);
  // What the returned units were worth: what the shopper paid for them, after discounts.
  const breakdown = await refundFor(tx, loaded, lines);
  const variants = await tx
    .selectFrom('variants')
    .select(['id', 'sku', 'title', 'price_amount'])
    .where(
      'id',
      'in',
      lines.map((l) => l.exchange_variant_id as string),
    )
    .execute();
  const settings = await getShopSettingsCached(unit.owner, tx);
  const priced = priceExchange(
    lines.map((l) => ({
      returnLineId: l.id,
      quantity: l.quantity,
      // The price the shopper was quoted when asking, not whatever it is today.
      unitPrice: l.exchange_unit_price ?? variants.find((v) => v.id === l.exchange_variant_id)?.price_amount ?? 0,
      returnedValue: breakdown.lines.find((b) => b.returnLineId === l.id)?.paid ?? 0,
      // The same item again, owed under the guarantee: nothing to pay either way, and no bonus.
      replacement: resolutionOf(l) === 'replacement',
      bonusTerms: resolutionOf(l) === 'exchange' ? bonusTermsOf(l, 'exchange') : null,
    })),
    // A bonus may add to a surplus only where the surplus goes to store credit.
    settings.exchangeSurplus,
  );
  const instant = lines.some(instantOf);
  const moment = shipMoment(lines.map(timingOf));
  const status = settleStatus({ instant, difference: priced.difference, moment, reached: momentOf(ret.status), paid: false });
  const provider = providerOf(ret);
  const configured =
    provider === 'manual'
      ? null
      : await tx.selectFrom('payment_providers').select('enabled').where('provider', '=', provider).executeTakeFirst();
  const id = newId('xo');
  const number = `${ret.number}-X${count + 1}`;
  await tx
    .insertInto('exchange_orders')
    .values({
      id,
      return_id: ret.id,
      number,
      status,
      instant,
      currency: ret.currency,
      price_difference: priced.difference,
      // A difference (or an instant exchange's charge) is paid through the provider that took the
      // order, when it is set up; otherwise staff confirm a payment they received.
      payment_provider: configured?.enabled ? provider : null,
      payment_status: priced.difference > 0 ? 'none' : 'paid',
      return_by: instant ? ret.ship_by : null,
      created_at: unit.now,
      updated_at: unit.now,
      ready_at: status === 'ready' ? unit.now : null,
    })
    .execute();
  await tx
    .insertInto('exchange_order_lines')
    .values(
      priced.lines.map((p) => {
        const line = lines.find((l) => l.id === p.returnLineId) as ReturnLineRow;
        const v = variants.find((x) => x.id === line.exchange_variant_id);
        return {
          id: newId('xol'),
          exchange_order_id: id,
          return_line_id: p.returnLineId,
          variant_id: line.exchange_variant_id as string,
          sku: v?.sku ?? '',
          title: v?.title ?? '',
          quantity: p.quantity,
          unit_price: p.unitPrice,
          returned_value: p.returnedValue,
          bonus: p.bonus,
          difference: p.difference,
        };
      }),
    )
    .execute();
  // The exchanged lines are settled by the shipment: pending until it goes out.
  const parts: SettlementPart[] = priced.lines.map((p) => ({ returnLineId: p.returnLineId, amount: p.returnedValue }));
  const begun = beginSettlement(loaded.state, parts);
  const facts = { exchangeOrderId: id, exchangeOrderNumber: number };
  await persist(unit, loaded, {
    state: begun.state,
    events: [
      {
        type: 'exchange_order.created',
        data: {
          ...facts,
          status,
          instant,
          priceDifference: priced.difference,
          bonus: priced.bonus,
          returnBy: instant ? ret.ship_by : null,
          lines: priced.lines,
        },
      },
      ...(status === 'ready' ? [{ type: 'exchange_order.ready', data: facts }] : []),
    ],
  });
}

/**
 * The new items cost less than what came back: the difference goes back as the shop set it, to
 * the payment (through the provider, or by bank transfer staff confirm) or as store credit. A
 * settlement like any other, so it is paid once; the provider call follows the commit.
 */
async function payBackSurplus(unit: Unit, ret: ReturnFacts, o: ExchangeOrderRow) {
  const { tx } = unit;
  const amount = -o.price_difference;
  const settings = await getShopSettingsCached(unit.owner, tx);
  const { bonus } = await tx
    .selectFrom('exchange_order_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bonus'), eb.lit(0)).as('bonus'))
    .where('exchange_order_id', '=', o.id)
    .executeTakeFirstOrThrow();
  const via = surplusRoute(settings.exchangeSurplus, { difference: o.price_difference, bonus: Number(bonus) });
  let provider: string = via === 'store_credit' ? 'ledger' : providerOf(ret);
  if (provider === 'mollie' || provider === 'stripe') {
    const configured = await tx
      .selectFrom('payment_providers')
      .select('enabled')
      .where('provider', '=', provider)
      .executeTakeFirst();
    if (!configured?.enabled) provider = 'manual';
  }
  const id = newId('stl');
  const done = provider === 'ledger';
  let reference: string | null = null;
  if (done) {
    const account = await ensureAccount(tx, ret.customer_id, ret.currency, unit.now);
    await addEntry(
      tx,
      account,
      { kind: 'issue', amount, returnId: ret.id, settlementId: id, note: `exchange ${o.number}`, reference: ret.number },
      systemActor,
      unit.now,
    );
    reference = account.code;
  }
  await tx
    .insertInto('settlements')
    .values({
      id,
      return_id: ret.id,
      kind: 'exchange_surplus',
      provider,
      status: done ? 'succeeded' : 'pending',
      amount,
      currency: ret.currency,
      reference,
      lines: JSON.stringify([]),
      note: `surplus of exchange ${o.number}`,
      created_by: null,
      created_at: unit.now,
      idempotency_key: `retour-${id}`,
      payment_reference: provider === 'mollie' || provider === 'stripe' ? ret.payment_reference : null,
      breakdown: JSON.stringify({ exchangeOrderId: o.id, priceDifference: o.price_difference, bonus: Number(bonus), via }),
      trigger: 'exchange',
      updated_at: unit.now,
      succeeded_at: done ? unit.now : null,
    })
    .execute();
  await tx
    .updateTable('exchange_orders')
    .set({ surplus_settlement_id: id, updated_at: unit.now })
    .where('id', '=', o.id)
    .execute();
  unit.record(orderEvent('exchange_order.surplus_started', o, ret, { settlementId: id, amount, provider }));
}
