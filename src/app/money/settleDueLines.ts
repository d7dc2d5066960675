import { RetourError } from '../../domain/errors.js';
import { isOneOf } from '../../domain/oneOf.js';
import { isPlatformRefunder } from '../../domain/paymentProviders.js';
import type { RefundTiming } from '../../domain/policy/vocabulary.js';
import { momentReached, shipMoment, timingOf } from '../../domain/refundMoment.js';
import { AWAITED_RECEPTIONS } from '../../domain/returnLine.js';
import { type AppContext, systemActor } from '../kernel/context.js';
import { providerOf } from './payments/refundRoute.js';
import { type SettleOutcome, settleReturn } from './settleReturn.js';

/**
 * "When money moves", as the policy set it per line: once a return reaches a moment (approval, the
 * carrier's first scan, receipt, inspection), the lines whose moment has come are settled without
 * anyone pressing a button. Only where money can move by itself: store credit, or a refund through
 * a configured provider; a bank transfer waits for staff. A return that cannot be settled now (on
 * hold, provider off) is left for staff and the overdue flag; the transition that got here stands.
 * Runs after the commit of the change that reached the moment (see subscribers.ts); settling is
 * never done twice (settleReturn), so running again does nothing more.
 */
export async function settleDueLines(ctx: AppContext, returnId: string, moment: RefundTiming): Promise<SettleOutcome | null> {
  const rows = await ctx.db
    .selectFrom('return_lines')
    .innerJoin('returns', 'returns.id', 'return_lines.return_id')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .leftJoin('payment_providers', 'payment_providers.provider', 'orders.payment_provider')
    .leftJoin('shop_connections', 'shop_connections.id', 'orders.connection_id')
    .select([
      'return_lines.id',
      'return_lines.acceptance',
      'return_lines.reception',
      'return_lines.settlement',
      'return_lines.granted_resolution',
      'return_lines.requested_resolution',
      'return_lines.verdict',
      'returns.on_hold',
      'returns.refund_after_receipt',
      'orders.payment_provider',
      'orders.payment_reference',
      'payment_providers.enabled as provider_enabled',
      'shop_connections.enabled as connection_enabled',
    ])
    .where('return_lines.return_id', '=', returnId)
    .execute();
  // Lines of a called-off exchange failed their settlement on purpose: they wait for money again.
  const unexchanged = new Set(
    (
      await ctx.db
        .selectFrom('exchange_order_lines as xl')
        .innerJoin('exchange_orders as x', 'x.id', 'xl.exchange_order_id')
        .select('xl.return_line_id')
        .where('x.return_id', '=', returnId)
        .where('x.status', '=', 'cancelled')
        .execute()
    ).map((r) => r.return_line_id),
  );
  const due = rows.filter((l) => {
    const waiting = l.settlement === 'none' || (l.settlement === 'failed' && unexchanged.has(l.id));
    if (l.on_hold || l.acceptance !== 'approved' || !waiting) return false;
    // A risky return's money waits for its goods whatever the policy said (docs/fraud.md): the
    // flag may have been set after the request, when the lines' timing was already stored.
    const timing = l.refund_after_receipt ? shipMoment([timingOf(l), 'receipt']) : timingOf(l);
    if (!momentReached(moment, timing)) return false;
    // Money due on receipt or inspection is due for goods that came: a line still awaited (left at
    // home, in another parcel) waits, however far the return's other lines got.
    if (momentReached(timing, 'receipt') && isOneOf(AWAITED_RECEPTIONS, l.reception)) return false;
    const resolution = l.granted_resolution ?? l.requested_resolution;
    if (resolution === 'store_credit') return true;
    const route = providerOf(l);
    // An order paid on a shop platform refunds through its connection, when that is switched on.
    const ready = isPlatformRefunder(route) ? l.connection_enabled === true : l.provider_enabled === true;
    const automatic = route !== 'manual' && ready;
    return resolution === 'refund' && automatic;
  });
  if (due.length === 0) return null;
  try {
    return await settleReturn(ctx, { actor: systemActor }, { returnId, lineIds: due.map((l) => l.id), trigger: moment });
  } catch (err) {
    if (err instanceof RetourError) return null;
    throw err;
  }
}
