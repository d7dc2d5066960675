import { instantOverdue } from '../../domain/exchange.js';
import { GOODS_OUT_OR_DUE_STATUSES } from '../../domain/exchangeOrderLifecycle.js';
import { isOneOf } from '../../domain/oneOf.js';
import { hold } from '../../domain/returnLifecycle.js';
import { ARRIVED_RECEPTIONS } from '../../domain/returnLine.js';
import { HOLDABLE_STATUSES } from '../../domain/returnStatus.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import { type AppContext, systemActor } from '../kernel/context.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import { ProviderError } from '../money/payments/port.js';
import { persistTransition } from '../returns/transitionReturn.js';
import { refundPaidDifference } from './exchangeMoneyBack.js';
import { type LoadedExchangeOrder, loadExchangeOrderForUpdate, recordOrderEvent } from './exchangeOrderStore.js';
import { type ExchangeRoundReport, emptyReport } from './exchangeRoundReport.js';
import { endExchangeOrder, markExchangePaid } from './exchangeTransitions.js';
import { followUpExchanges } from './followUpExchanges.js';

const DAY_MS = 86_400_000;
/** Hold reason of an instant exchange whose item did not come back in time. */
export const INSTANT_EXCHANGE_HOLD = 'instant_exchange_unreturned';

/** Asks the provider about an open payment link (the price difference, or a charge) and records
 * a payment, or ends an exchange whose link closed unpaid. */
export async function checkExchangePayment(
  ctx: AppContext,
  exchangeOrderId: string,
  report = emptyReport(),
): Promise<ExchangeRoundReport> {
  const o = await ctx.db.selectFrom('exchange_orders').selectAll().where('id', '=', exchangeOrderId).executeTakeFirst();
  if (!o?.payment_provider) return report;
  const provider = await ctx.payments.provider(o.payment_provider).catch(() => null);
  if (!provider) return report;
  try {
    if (o.payment_status === 'open' && o.payment_link_id) {
      const link = await provider.getPaymentLink(o.payment_link_id);
      if (link.status === 'paid') {
        const changed = await inUnit(ctx, { actor: systemActor }, async (unit) => {
          const loaded = await loadExchangeOrderForUpdate(unit.tx, o.id);
          const payment = { reference: link.paymentReference ?? link.id, via: o.payment_provider as string };
          if (loaded.order.status === 'cancelled') return paidTooLate(unit, loaded, payment);
          return markExchangePaid(unit, loaded, payment);
        });
        if (changed) report.paid++;
      } else if (link.status === 'closed') {
        await inUnit(ctx, { actor: systemActor }, async (unit) => {
          const loaded = await loadExchangeOrderForUpdate(unit.tx, o.id);
          if (loaded.order.status === 'cancelled' && loaded.order.payment_status === 'open') {
            await unit.tx
              .updateTable('exchange_orders')
              .set({ payment_status: 'closed', updated_at: unit.now })
              .where('id', '=', o.id)
              .execute();
            return;
          }
          if (loaded.order.status !== 'awaiting_payment') return;
          // Not paid in time: the shopper gets the value of what they sent back instead (paid by
          // the money context as a subscriber of the cancellation).
          await endExchangeOrder(unit, loaded, 'price difference not paid in time', 'refund');
        });
        report.expired++;
      }
    }
    if (o.charge_status === 'open' && o.charge_link_id) {
      const link = await provider.getPaymentLink(o.charge_link_id);
      if (link.status === 'paid') {
        await inUnit(ctx, { actor: systemActor }, async (unit) => {
          const loaded = await loadExchangeOrderForUpdate(unit.tx, o.id);
          if (loaded.order.charge_status === 'paid') return;
          await unit.tx
            .updateTable('exchange_orders')
            .set({ charge_status: 'paid', charged_at: unit.now, updated_at: unit.now })
            .where('id', '=', o.id)
            .execute();
          recordOrderEvent(unit, 'exchange_order.charged', loaded, {
            amount: o.charge_amount,
            reference: link.paymentReference ?? link.id,
          });
        });
        report.paid++;
      }
    }
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    report.errors++;
  }
  return report;
}

/** The shopper paid through a link of an exchange that had been called off in the meantime: the
 * payment is recorded (it is money in) and goes straight back. */
async function paidTooLate(
  unit: Unit,
  loaded: LoadedExchangeOrder,
  payment: { reference: string; via: string },
): Promise<boolean> {
  if (loaded.order.payment_status === 'paid') return false;
  await unit.tx
    .updateTable('exchange_orders')
    .set({
      payment_status: 'paid',
      payment_reference: payment.reference,
      payment_via: payment.via,
      paid_at: unit.now,
      updated_at: unit.now,
    })
    .where('id', '=', loaded.order.id)
    .execute();
  recordOrderEvent(unit, 'exchange_order.paid', loaded, {
    amount: loaded.order.price_difference,
    via: payment.via,
    reference: payment.reference,
    afterCancellation: true,
  });
  await refundPaidDifference(
    unit,
    { ...loaded.order, payment_status: 'paid', payment_reference: payment.reference, payment_via: payment.via },
    loaded.ret.row,
  );
  return true;
}

/** Closes payment links past their date: providers that do not close them by themselves keep
 * taking payments otherwise. The order then ends on the next check. */
async function closeExpiredLinks(ctx: AppContext, report: ExchangeRoundReport) {
  const settings = await getShopSettingsCached(ctx.caches, ctx.db);
  const cutoff = new Date(ctx.now().getTime() - settings.shipByDays * DAY_MS);
  const stale = await ctx.db
    .selectFrom('exchange_orders')
    .innerJoin('returns', 'returns.id', 'exchange_orders.return_id')
    .select(['exchange_orders.id', 'exchange_orders.payment_provider', 'exchange_orders.payment_link_id', 'returns.ship_by'])
    .where('exchange_orders.payment_status', '=', 'open')
    .where((eb) =>
      eb.or([
        // A called-off exchange takes no payment any more, whatever the date.
        eb('exchange_orders.status', '=', 'cancelled'),
        // Past the link's own end, as it was made.
        eb.and([
          eb('exchange_orders.status', '=', 'awaiting_payment'),
          eb('exchange_orders.payment_link_expires_at', '<', ctx.now()),
        ]),
        // Links made before their end was kept: the return's ship-by date, or the shop's days.
        eb.and([
          eb('exchange_orders.status', '=', 'awaiting_payment'),
          eb('exchange_orders.payment_link_expires_at', 'is', null),
          eb.or([
            eb('returns.ship_by', '<', ctx.now()),
            eb.and([eb('returns.ship_by', 'is', null), eb('exchange_orders.created_at', '<', cutoff)]),
          ]),
        ]),
      ]),
    )
    .limit(200)
    .execute();
  for (const o of stale) {
    const provider = o.payment_provider ? await ctx.payments.provider(o.payment_provider).catch(() => null) : null;
    if (!provider || !o.payment_link_id) continue;
    try {
      // A payment made just before the end still counts.
      const link = await provider.getPaymentLink(o.payment_link_id);
      if (link.status === 'open') await provider.closePaymentLink(o.payment_link_id);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      report.errors++;
    }
  }
}

/**
 * Instant exchanges whose old item is not back by its date: as the shop set it, the shopper is
 * charged its value through a payment link, or the return is held for staff to review. Each order
 * is dealt with once.
 */
export async function enforceInstantExchanges(ctx: AppContext, report = emptyReport()): Promise<ExchangeRoundReport> {
  const candidates = await ctx.db
    .selectFrom('exchange_orders')
    .select('id')
    .where('instant', '=', true)
    .where('status', 'in', GOODS_OUT_OR_DUE_STATUSES)
    .where('overdue_action', 'is', null)
    .where('return_by', '<', ctx.now())
    .limit(500)
    .execute();
  for (const c of candidates) {
    // One order that cannot be dealt with must not stop the others.
    const dealt = await inUnit(ctx, { actor: systemActor }, async (unit) => {
      const loaded = await loadExchangeOrderForUpdate(unit.tx, c.id);
      const { order, lines, ret } = loaded;
      const allArrived = lines.every((l) =>
        isOneOf(ARRIVED_RECEPTIONS, ret.lines.find((r) => r.id === l.return_line_id)?.reception),
      );
      const facts = {
        instant: order.instant,
        status: order.status,
        returnBy: order.return_by,
        overdueAction: order.overdue_action,
      };
      if (!instantOverdue(facts, allArrived, unit.now)) return false;
      const settings = await getShopSettingsCached(unit.caches, unit.tx);
      const paidDifference = order.payment_status === 'paid' && order.price_difference > 0 ? order.price_difference : 0;
      const value = lines.reduce((s, l) => s + l.unit_price * l.quantity, 0) - paidDifference;
      // Charging needs a provider to take the payment; without one it goes to review.
      const action = settings.instantExchangeUnreturned === 'charge' && order.payment_provider ? 'charge' : 'review';
      await unit.tx
        .updateTable('exchange_orders')
        .set({ overdue_action: action, charge_amount: action === 'charge' ? value : null, updated_at: unit.now })
        .where('id', '=', order.id)
        .execute();
      recordOrderEvent(unit, 'exchange_order.not_returned', loaded, { action, value, returnBy: order.return_by });
      // A return that has ended cannot be held; the order's review flag is what staff see then.
      if (action === 'review' && HOLDABLE_STATUSES.includes(ret.state.status)) {
        await persistTransition(unit, ret, hold(ret.state, INSTANT_EXCHANGE_HOLD));
      }
      return true;
    }).catch(() => {
      // Left as it was, so the next round tries it again.
      report.errors++;
      return false;
    });
    if (dealt) report.overdue++;
  }
  return report;
}

/** One round of everything exchanges wait for; run by the server's worker loop. */
export async function exchangeRound(ctx: AppContext): Promise<ExchangeRoundReport> {
  const report = emptyReport();
  await enforceInstantExchanges(ctx, report);
  await followUpExchanges(ctx, {}, report);
  await closeExpiredLinks(ctx, report);
  const open = await ctx.db
    .selectFrom('exchange_orders')
    .select('id')
    .where((eb) => eb.or([eb('payment_status', '=', 'open'), eb('charge_status', '=', 'open')]))
    .orderBy('updated_at')
    .limit(200)
    .execute();
  for (const o of open) await checkExchangePayment(ctx, o.id, report);
  return report;
}
