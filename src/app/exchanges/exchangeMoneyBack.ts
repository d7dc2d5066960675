import type { ExchangeOrderRow } from '../../db/schema.js';
import { surplusRoute } from '../../domain/exchange.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import { systemActor } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import type { Unit } from '../kernel/transaction.js';
import { providerOf } from '../money/payments/refundRoute.js';
import { addEntry, ensureAccount } from '../money/storeCredit/ledger.js';
import { orderEvent, type ReturnFacts } from './exchangeReturnFacts.js';

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

/**
 * The new items cost less than what came back: the difference goes back as the shop set it, to
 * the payment (through the provider, or by bank transfer staff confirm) or as store credit. A
 * settlement like any other, so it is paid once; the provider call follows the commit.
 */
export async function payBackSurplus(unit: Unit, ret: ReturnFacts, o: ExchangeOrderRow) {
  const { tx } = unit;
  const amount = -o.price_difference;
  const settings = await getShopSettingsCached(unit.caches, tx);
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
