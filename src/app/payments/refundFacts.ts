import { sql } from 'kysely';
import type { ReturnLineRow } from '../../db/schema.js';
import { allocate } from '../../domain/money.js';
import { calculateRefund, type DeductibleGrade, deductPaidOut, type RefundBreakdown } from '../../domain/refund.js';
import type { Grade, Resolution } from '../../domain/returnLifecycle.js';
import type { LoadedReturn } from '../returnStore.js';
import type { Tx } from '../transaction.js';

/** Receptions after which the units that came back are known (and only those are refunded). */
const ARRIVED = new Set(['received', 'short_received', 'wrong_item']);

/** What a line is settled as: the granted resolution, or what the shopper asked for. */
export const resolutionOf = (l: ReturnLineRow) => (l.granted_resolution ?? l.requested_resolution) as Resolution;

/** Approved lines of a return that still wait for money, of one resolution. */
export function linesToSettle(loaded: LoadedReturn, resolution: Resolution, only?: string[]): ReturnLineRow[] {
  return loaded.lines.filter(
    (l) =>
      l.acceptance === 'approved' &&
      (l.settlement === 'none' || l.settlement === 'failed') &&
      resolutionOf(l) === resolution &&
      (!only || only.includes(l.id)),
  );
}

/**
 * Gathers what the refund calculator needs for some lines of a locked return, from the order, the
 * verdicts stored at request time and the return's earlier settlements, and runs it. Three queries
 * whatever the number of lines.
 */
export async function refundFor(tx: Tx, loaded: LoadedReturn, lines: ReturnLineRow[]): Promise<RefundBreakdown> {
  const orderLineIds = lines.map((l) => l.order_line_id);
  // One after another: a transaction has one connection (PGlite's only one).
  const orderLines = orderLineIds.length
    ? await tx
        .selectFrom('order_lines')
        .select(['id', 'paid_amount', 'tax_amount', 'quantity'])
        .where('id', 'in', orderLineIds)
        .execute()
    : [];
  // Units of the same order lines refunded (or being refunded) by other returns, and whether the
  // return-shipping fee or the delivery cost went back already.
  const earlier = await tx
    .selectFrom('return_lines as rl')
    .innerJoin('returns as r', 'r.id', 'rl.return_id')
    .select(['rl.order_line_id', 'rl.return_id', 'rl.quantity', 'rl.quantity_received', 'rl.reception'])
    .where('r.order_id', '=', loaded.row.order_id)
    .where('rl.settlement', 'in', ['pending', 'succeeded'])
    .where('rl.return_id', '!=', loaded.row.id)
    .execute();
  const order = await tx
    .selectFrom('orders')
    .select((eb) => [
      'orders.shipping_amount',
      eb
        .selectFrom('order_lines')
        .select(sql<number>`coalesce(sum(quantity), 0)`.as('n'))
        .whereRef('order_lines.order_id', '=', 'orders.id')
        .as('units'),
      eb
        .selectFrom('returns as r')
        .innerJoin('return_lines as rl', 'rl.return_id', 'r.id')
        .select(sql<number>`coalesce(sum(rl.quantity), 0)`.as('n'))
        .whereRef('r.order_id', '=', 'orders.id')
        .where('r.withdrawal_declared_at', 'is not', null)
        .where('rl.acceptance', '=', 'approved')
        .as('withdrawn'),
      eb
        .selectFrom('settlements as s')
        .innerJoin('returns as r', 'r.id', 's.return_id')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('r.order_id', '=', 'orders.id')
        .where('s.status', 'in', ['pending', 'succeeded'])
        .where(sql<boolean>`coalesce((s.breakdown->>'deliveryRefund')::bigint, 0) > 0`)
        .as('delivery_refunds'),
    ])
    .where('orders.id', '=', loaded.row.order_id)
    .executeTakeFirstOrThrow();
  const feeCharged = await tx
    .selectFrom('settlements')
    .select('id')
    .where('return_id', '=', loaded.row.id)
    .where('status', 'in', ['pending', 'succeeded'])
    .where(sql<boolean>`coalesce((breakdown->>'returnShippingFee')::bigint, 0) > 0`)
    .executeTakeFirst();
  const reasons = await reasonFlags(tx, lines);

  const unitsBefore = (orderLineId: string) =>
    earlier
      .filter((e) => e.order_line_id === orderLineId)
      .reduce((s, e) => s + (ARRIVED.has(e.reception) ? e.quantity_received : e.quantity), 0) +
    // Lines of this return already settled for the same order line come first too.
    loaded.lines
      .filter((l) => l.order_line_id === orderLineId && l.settlement === 'succeeded')
      .reduce((s, l) => s + l.quantity, 0);

  const breakdown = calculateRefund({
    lines: lines.map((l) => {
      const ol = orderLines.find((o) => o.id === l.order_line_id);
      const verdict = (l.verdict ?? {}) as {
        restockingFee?: number;
        diminishedValue?: Partial<Record<DeductibleGrade, number>>;
      };
      const quantity = ARRIVED.has(l.reception) ? l.quantity_received : l.quantity;
      // The verdict's fee was for the units asked back; fewer units arrived, less fee.
      const fee = verdict.restockingFee ?? 0;
      return {
        returnLineId: l.id,
        linePaid: ol?.paid_amount ?? 0,
        lineTax: ol?.tax_amount ?? 0,
        lineQuantity: ol?.quantity ?? 0,
        unitsBefore: unitsBefore(l.order_line_id),
        quantity,
        restockingFee: l.quantity > 0 ? Math.round((fee * quantity) / l.quantity) : 0,
        grade: l.grade as Grade | null,
        controllable: l.reason_id ? (reasons.get(l.reason_id) ?? false) : false,
        diminishedValue: verdict.diminishedValue ?? {},
      };
    }),
    returnShippingFee: loaded.row.return_shipping_fee,
    returnShippingFeeCharged: Boolean(feeCharged),
    standardDelivery: {
      amount: order.shipping_amount,
      wholeOrderWithdrawn:
        loaded.row.withdrawal_declared_at !== null && Number(order.withdrawn) >= Number(order.units) && Number(order.units) > 0,
      alreadyRefunded: Number(order.delivery_refunds) > 0,
    },
  });
  return deductPaidOut(breakdown, await surplusPaidOut(tx, loaded.row.id, lines));
}

/** Per line, the surplus of called-off exchanges of these lines that went (or is going) back to
 * the shopper, spread over each exchange's lines by what they were worth. */
async function surplusPaidOut(tx: Tx, returnId: string, lines: ReturnLineRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (lines.length === 0) return out;
  const rows = await tx
    .selectFrom('exchange_orders as x')
    .innerJoin('settlements as s', 's.id', 'x.surplus_settlement_id')
    .innerJoin('exchange_order_lines as xl', 'xl.exchange_order_id', 'x.id')
    .select(['x.id', 's.amount', 'xl.return_line_id', 'xl.returned_value'])
    .where('x.return_id', '=', returnId)
    .where('x.status', '=', 'cancelled')
    .where('s.status', 'in', ['pending', 'succeeded'])
    .orderBy('x.id')
    .orderBy('xl.id')
    .execute();
  const wanted = new Set(lines.map((l) => l.id));
  for (const id of new Set(rows.map((r) => r.id))) {
    const of = rows.filter((r) => r.id === id);
    const shares = allocate(
      Number(of[0]?.amount ?? 0),
      of.map((r) => Number(r.returned_value)),
    );
    of.forEach((r, i) => {
      if (wanted.has(r.return_line_id)) out.set(r.return_line_id, (out.get(r.return_line_id) ?? 0) + (shares[i] ?? 0));
    });
  }
  return out;
}

async function reasonFlags(tx: Tx, lines: ReturnLineRow[]): Promise<Map<string, boolean>> {
  const ids = [...new Set(lines.flatMap((l) => (l.reason_id ? [l.reason_id] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('reasons').select(['id', 'controllable', 'defect']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.controllable || r.defect]));
}
