import type { ReturnLineRow } from '../../db/schema.js';
import { priceExchange } from '../../domain/exchange.js';
import { type ExchangeStatus, settleStatus } from '../../domain/exchangeOrderLifecycle.js';
import { isPlatformRefunder, type PaymentProviderName } from '../../domain/paymentProviders.js';
import { momentOf, shipMoment, timingOf } from '../../domain/refundMoment.js';
import { beginSettlement, type SettlementPart } from '../../domain/returnLifecycle.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import { newId } from '../kernel/ids.js';
import type { Unit } from '../kernel/transaction.js';
import { bonusTermsOf, refundFor, resolutionOf } from '../money/payments/refundFacts.js';
import { providerOf } from '../money/payments/refundRoute.js';
import { type LoadedReturn, loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';
import type { ReturnFacts } from './exchangeReturnFacts.js';

const instantOf = (l: ReturnLineRow) => (l.verdict as { instantExchange?: boolean } | null)?.instantExchange === true;

interface Variant {
  id: string;
  sku: string;
  title: string;
  price_amount: number;
}

/** Prices the new items against what the returned units were worth: what the shopper paid for
 * them, after discounts, plus the policy's exchange bonus. */
async function priceOrder(unit: Unit, loaded: LoadedReturn, lines: ReturnLineRow[]) {
  const { tx } = unit;
  const breakdown = await refundFor(tx, loaded, lines);
  const variants: Variant[] = await tx
    .selectFrom('variants')
    .select(['id', 'sku', 'title', 'price_amount'])
    .where(
      'id',
      'in',
      lines.map((l) => l.exchange_variant_id as string),
    )
    .execute();
  const settings = await getShopSettingsCached(unit.caches, tx);
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
  return { priced, variants };
}

/** A difference (or an instant exchange's charge) is paid through the provider that took the
 * order, when it is set up; otherwise staff confirm a payment they received. */
async function paymentProviderOf(unit: Unit, ret: ReturnFacts): Promise<PaymentProviderName | null> {
  const provider = providerOf(ret);
  // Shop platforms take no payments for Retour: staff confirm the payment.
  if (provider === 'manual' || isPlatformRefunder(provider)) return null;
  const configured = await unit.tx
    .selectFrom('payment_providers')
    .select('enabled')
    .where('provider', '=', provider)
    .executeTakeFirst();
  return configured?.enabled ? provider : null;
}

interface NewOrder {
  id: string;
  number: string;
  status: ExchangeStatus;
  instant: boolean;
}

async function insertOrder(
  unit: Unit,
  ret: ReturnFacts,
  order: NewOrder,
  lines: ReturnLineRow[],
  { priced, variants }: { priced: ReturnType<typeof priceExchange>; variants: Variant[] },
) {
  await unit.tx
    .insertInto('exchange_orders')
    .values({
      id: order.id,
      return_id: ret.id,
      number: order.number,
      status: order.status,
      instant: order.instant,
      currency: ret.currency,
      price_difference: priced.difference,
      payment_provider: await paymentProviderOf(unit, ret),
      payment_status: priced.difference > 0 ? 'none' : 'paid',
      return_by: order.instant ? ret.ship_by : null,
      created_at: unit.now,
      updated_at: unit.now,
      ready_at: order.status === 'ready' ? unit.now : null,
    })
    .execute();
  await unit.tx
    .insertInto('exchange_order_lines')
    .values(
      priced.lines.map((p) => {
        const line = lines.find((l) => l.id === p.returnLineId) as ReturnLineRow;
        const v = variants.find((x) => x.id === line.exchange_variant_id);
        return {
          id: newId('xol'),
          exchange_order_id: order.id,
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
}

/**
 * Approved exchange lines get an exchange order that reserves their stock, priced as the summary
 * showed. The exchanged lines are settled by the shipment: pending until it goes out. `count` is
 * how many orders the return has already (the new one's number follows them).
 */
export async function openExchangeOrder(unit: Unit, ret: ReturnFacts, lines: ReturnLineRow[], count: number): Promise<void> {
  const loaded = await loadReturnForUpdate(unit.tx, ret.id);
  const pricing = await priceOrder(unit, loaded, lines);
  const { priced } = pricing;
  const instant = lines.some(instantOf);
  const moment = shipMoment(lines.map(timingOf));
  const status = settleStatus({ instant, difference: priced.difference, moment, reached: momentOf(ret.status), paid: false });
  const order = { id: newId('xo'), number: `${ret.number}-X${count + 1}`, status, instant };
  await insertOrder(unit, ret, order, lines, pricing);
  const parts: SettlementPart[] = priced.lines.map((p) => ({ returnLineId: p.returnLineId, amount: p.returnedValue }));
  const begun = beginSettlement(loaded.state, parts);
  const facts = { exchangeOrderId: order.id, exchangeOrderNumber: order.number };
  await persistTransition(unit, loaded, {
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
