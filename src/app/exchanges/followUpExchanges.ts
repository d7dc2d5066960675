import { getShopSettingsCached } from '../admin/shopSettings.js';
import { type AppContext, systemActor } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { notifyStaff } from '../messaging/notifications/notifyStaff.js';
import { PAYMENT_PROVIDERS, ProviderError, type ProviderPaymentLink } from '../money/payments/port.js';
import { runProviderRefund } from '../money/settlementRun.js';
import { loadExchangeOrderForUpdate, recordOrderEvent } from './exchangeOrderStore.js';
import { type ExchangeRoundReport, emptyReport } from './exchangeRoundReport.js';

const DAY_MS = 86_400_000;

/**
 * The work on exchanges that talks to payment providers, so it runs after the commit that made it
 * due: payment links for a price difference (and for the value of an instant exchange not sent
 * back), surplus refunds. Each provider call carries a key derived from the order, so a retry or
 * a second process gets the same link. Scoped to one return after one of its exchange orders
 * changed (see subscribers.ts), or all of them on the worker's round.
 */
export async function followUpExchanges(
  ctx: AppContext,
  scope: { returnId?: string } = {},
  report = emptyReport(),
): Promise<ExchangeRoundReport> {
  const due = await linksDue(ctx, scope.returnId);
  const settings = due.length ? await getShopSettingsCached(ctx.caches, ctx.db) : null;
  for (const o of due) await openLink(ctx, o, settings?.shipByDays ?? 14, report);
  await paySurpluses(ctx, scope.returnId, report);
  return report;
}

type LinkDue = Awaited<ReturnType<typeof linksDue>>[number];

/** Orders that wait for a link: their price difference, or the charge of an instant exchange. */
function linksDue(ctx: AppContext, returnId: string | undefined) {
  return ctx.db
    .selectFrom('exchange_orders')
    .innerJoin('returns', 'returns.id', 'exchange_orders.return_id')
    .select([
      'exchange_orders.id',
      'exchange_orders.number',
      'exchange_orders.status',
      'exchange_orders.currency',
      'exchange_orders.price_difference',
      'exchange_orders.payment_provider',
      'exchange_orders.payment_link_id',
      'exchange_orders.overdue_action',
      'exchange_orders.charge_link_id',
      'exchange_orders.charge_amount',
      'returns.ship_by',
      'returns.number as return_number',
      'exchange_orders.return_id',
    ])
    .where('exchange_orders.payment_provider', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('exchange_orders.status', '=', 'awaiting_payment'), eb('exchange_orders.payment_link_id', 'is', null)]),
        eb.and([eb('exchange_orders.overdue_action', '=', 'charge'), eb('exchange_orders.charge_link_id', 'is', null)]),
      ]),
    )
    .$if(Boolean(returnId), (q) => q.where('exchange_orders.return_id', '=', returnId as string))
    .orderBy('exchange_orders.created_at')
    .limit(200)
    .execute();
}

async function openLink(ctx: AppContext, o: LinkDue, shipByDays: number, report: ExchangeRoundReport): Promise<void> {
  const provider = o.payment_provider ? await ctx.payments.provider(o.payment_provider).catch(() => null) : null;
  if (!provider) return;
  const charge = o.overdue_action === 'charge' && !o.charge_link_id;
  const amount = charge ? (o.charge_amount ?? 0) : o.price_difference;
  if (amount <= 0) return;
  // The link lasts until the return's ship-by date, and at least a few days.
  const until = new Date(Math.max(o.ship_by?.getTime() ?? 0, ctx.now().getTime() + shipByDays * DAY_MS));
  try {
    const link = await provider.createPaymentLink({
      amount,
      currency: o.currency,
      description: charge
        ? `Return ${o.return_number}: item not returned for exchange ${o.number}`
        : `Price difference for exchange ${o.number}`,
      idempotencyKey: `retour-${o.id}-${charge ? 'charge' : 'difference'}`,
      reference: o.id,
      redirectUrl: null,
      expiresAt: charge ? null : until,
    });
    if (await keepLink(ctx, o.id, link, { charge, amount, until })) report.linksOpened++;
    // A link nobody will follow must not take a payment.
    else await provider.closePaymentLink(link.id).catch(() => undefined);
  } catch (err) {
    report.errors++;
    if (!(err instanceof ProviderError)) throw err;
    await linkFailed(ctx, o, charge, `${err.code}: ${err.message}`);
  }
}

/** Keeps the link on the order, unless another call kept one first or the order moved on while
 * it was being made; answers whether this link is the order's. */
function keepLink(
  ctx: AppContext,
  orderId: string,
  link: ProviderPaymentLink,
  { charge, amount, until }: { charge: boolean; amount: number; until: Date },
): Promise<boolean> {
  return inUnit(ctx, { actor: systemActor }, async (unit) => {
    const loaded = await loadExchangeOrderForUpdate(unit.tx, orderId);
    if (charge) {
      if (loaded.order.charge_link_id) return loaded.order.charge_link_id === link.id;
      await unit.tx
        .updateTable('exchange_orders')
        .set({ charge_link_id: link.id, charge_link_url: link.url, charge_status: 'open', updated_at: unit.now })
        .where('id', '=', orderId)
        .execute();
      recordOrderEvent(unit, 'exchange_order.charge_requested', loaded, { amount, url: link.url });
      return true;
    }
    if (loaded.order.payment_link_id) return loaded.order.payment_link_id === link.id;
    // Staff confirmed a payment, or the order ended, while the link was being made.
    if (loaded.order.status !== 'awaiting_payment' || loaded.order.payment_status !== 'none') return false;
    await unit.tx
      .updateTable('exchange_orders')
      .set({
        payment_link_id: link.id,
        payment_link_url: link.url,
        payment_link_expires_at: until,
        payment_status: 'open',
        payment_error: null,
        updated_at: unit.now,
      })
      .where('id', '=', orderId)
      .execute();
    recordOrderEvent(unit, 'exchange_order.payment_requested', loaded, { amount, url: link.url, expiresAt: until });
    return true;
  });
}

/** Kept for staff to see; a transient failure is asked again on the next round. Staff are told
 * once per link, so a refusal that lasts (a revoked key, an amount the provider will not take)
 * does not go unseen. */
async function linkFailed(ctx: AppContext, o: LinkDue, charge: boolean, error: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('exchange_orders').set({ payment_error: error, updated_at: ctx.now() }).where('id', '=', o.id).execute();
    await notifyStaff(
      ctx,
      tx,
      [
        {
          kind: 'payment_link_failed',
          dedupeKey: `payment_link_failed:${o.id}:${charge ? 'charge' : 'difference'}`,
          returnId: o.return_id,
          subjectType: 'exchange_order',
          subjectId: o.id,
          facts: { number: o.return_number, exchange: o.number, error },
        },
      ],
      ctx.now(),
    );
  });
}

/** Surplus refunds (and paid differences going back) written with the change that made them due. */
async function paySurpluses(ctx: AppContext, returnId: string | undefined, report: ExchangeRoundReport): Promise<void> {
  const surplus = await ctx.db
    .selectFrom('settlements')
    .select('id')
    .where('kind', 'in', ['exchange_surplus', 'exchange_difference'])
    .where('status', '=', 'pending')
    .where('provider', 'in', PAYMENT_PROVIDERS)
    .$if(Boolean(returnId), (q) => q.where('return_id', '=', returnId as string))
    .limit(200)
    .execute();
  for (const s of surplus) {
    if ((await runProviderRefund(ctx, s.id)) === 'succeeded') report.surplusPaid++;
  }
}
