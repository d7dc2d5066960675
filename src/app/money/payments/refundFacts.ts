import { sql } from 'kysely';
import type { ReturnLineRow } from '../../../db/schema.js';
import { allocate } from '../../../domain/money.js';
import { isOneOf } from '../../../domain/oneOf.js';
import {
  type BonusTerms,
  calculateRefund,
  type DeductibleGrade,
  type RefundBreakdown,
  wholeOrderWithdrawn,
  withdrawnUnits,
} from '../../../domain/refund.js';
import type { Resolution } from '../../../domain/returnLifecycle.js';
import { SETTLEMENT_STARTABLE } from '../../../domain/returnLine.js';
import { COUNTED_SETTLEMENT_STATUSES } from '../../../domain/settlementStatus.js';
import type { Tx } from '../../kernel/transaction.js';
import { returnLinesOfOrder, unitsBack, withdrawalFacts } from '../../policy/orderReturnLines.js';
import type { LoadedReturn } from '../../returns/returnStore.js';

/** What a line is settled as: the granted resolution, or what the shopper asked for. */
export const resolutionOf = (l: ReturnLineRow): Resolution => l.granted_resolution ?? l.requested_resolution;

/** Approved lines of a return that still wait for money, of one resolution. */
export function linesToSettle(loaded: LoadedReturn, resolution: Resolution, only?: string[]): ReturnLineRow[] {
  return loaded.lines.filter(
    (l) =>
      l.acceptance === 'approved' &&
      isOneOf(SETTLEMENT_STARTABLE, l.settlement) &&
      resolutionOf(l) === resolution &&
      (!only || only.includes(l.id)),
  );
}

/**
 * Gathers what the refund calculator needs for some lines of a locked return, from the order and
 * every return of it, the verdicts stored at request time and the return's earlier settlements,
 * and runs it. A handful of queries whatever the number of lines.
 */
export async function refundFor(tx: Tx, loaded: LoadedReturn, lines: ReturnLineRow[]): Promise<RefundBreakdown> {
  const { order, orderLines } = await lockedOrderMoney(tx, loaded.row.order_id);
  // Every line of every return of the order: units of the same order lines refunded (or being
  // refunded) by other returns, and which units are withdrawn from the contract.
  const orderReturnLines = await returnLinesOfOrder(tx, loaded.row.order_id).execute();
  const earlier = orderReturnLines.filter(
    (e) => e.return_id !== loaded.row.id && isOneOf(COUNTED_SETTLEMENT_STATUSES, e.settlement),
  );
  // Money moves only on approved lines, so a line that may yet be refused never completes the order.
  const withdrawn = wholeOrderWithdrawn(
    orderLines,
    withdrawnUnits(orderReturnLines.map(withdrawalFacts), { approvedOnly: true }),
  );
  const feeCharged = await tx
    .selectFrom('settlements')
    .select('id')
    .where('return_id', '=', loaded.row.id)
    .where('status', 'in', COUNTED_SETTLEMENT_STATUSES)
    .where(sql<boolean>`coalesce((breakdown->>'returnShippingFee')::bigint, 0) > 0`)
    .executeTakeFirst();
  const reasons = await reasonFlags(tx, lines);
  const paidOut = await surplusPaidOut(tx, loaded.row.id, lines);

  const unitsBefore = (orderLineId: string) =>
    earlier.filter((e) => e.order_line_id === orderLineId).reduce((s, e) => s + unitsBack(e), 0) +
    // Lines of this return already settled for the same order line come first too.
    loaded.lines
      .filter((l) => l.order_line_id === orderLineId && l.settlement === 'succeeded')
      .reduce((s, l) => s + l.quantity, 0);

  return calculateRefund({
    lines: lines.map((l) => {
      const ol = orderLines.find((o) => o.id === l.order_line_id);
      const verdict = (l.verdict ?? {}) as StoredVerdict;
      const quantity = unitsBack(l);
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
        grade: l.grade,
        controllable: l.reason_id ? (reasons.get(l.reason_id) ?? false) : false,
        diminishedValue: verdict.diminishedValue ?? {},
        paidOut: paidOut.get(l.id) ?? 0,
        bonus: resolutionOf(l) === 'store_credit' ? bonusTermsOf(l, 'store_credit') : null,
      };
    }),
    returnShippingFee: loaded.row.return_shipping_fee,
    returnShippingFeeCharged: Boolean(feeCharged),
    standardDelivery: {
      amount: order.shipping_amount,
      wholeOrderWithdrawn: withdrawn,
      alreadyRefunded: Number(order.delivery_refunds) > 0,
    },
  });
}

/** The order's delivery cost, whether a settlement paid it back already, and its lines' money.
 * The order row is locked first, on its own: two returns that together complete the order settle
 * one after the other, and the queries below (each with a snapshot taken after the lock) see the
 * delivery cost the first paid back, so the second never pays it again. */
async function lockedOrderMoney(tx: Tx, orderId: string) {
  await tx.selectFrom('orders').select('id').where('id', '=', orderId).forUpdate().execute();
  const order = await tx
    .selectFrom('orders')
    .select((eb) => [
      'orders.shipping_amount',
      eb
        .selectFrom('settlements as s')
        .innerJoin('returns as r', 'r.id', 's.return_id')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('r.order_id', '=', 'orders.id')
        .where('s.status', 'in', COUNTED_SETTLEMENT_STATUSES)
        .where(sql<boolean>`coalesce((s.breakdown->>'deliveryRefund')::bigint, 0) > 0`)
        .as('delivery_refunds'),
    ])
    .where('orders.id', '=', orderId)
    .executeTakeFirstOrThrow();
  // One after another: a transaction has one connection (PGlite's only one).
  const rows = await tx
    .selectFrom('order_lines')
    .select(['id', 'paid_amount', 'tax_amount', 'quantity', 'refunded_quantity', 'refunded_amount'])
    .where('order_id', '=', orderId)
    .execute();
  // What the shop platform refunded outside Retour is no longer there to pay back: the lines are
  // what is left of them.
  const orderLines = rows.map((o) => {
    const paid = Math.max(0, o.paid_amount - Number(o.refunded_amount));
    return {
      id: o.id,
      paid_amount: paid,
      tax_amount: o.paid_amount > 0 ? Math.round((o.tax_amount * paid) / o.paid_amount) : o.tax_amount,
      quantity: Math.max(0, o.quantity - o.refunded_quantity),
    };
  });
  return { order, orderLines };
}

/** What the policy verdict stored at request time says about a line's money. */
interface StoredVerdict {
  value?: number;
  restockingFee?: number;
  diminishedValue?: Partial<Record<DeductibleGrade, number>>;
  bonus?: Partial<Record<Resolution, number>>;
  bonusTerms?: Partial<Record<Resolution, BonusTerms>>;
}

/** The policy's bonus terms of a line for a resolution (store credit, exchange), as its verdict
 * stored them at request time. A verdict stored before the terms were kept promised an amount on
 * the line's value: the same share of what is really credited. */
export function bonusTermsOf(l: ReturnLineRow, resolution: Resolution): BonusTerms | null {
  const verdict = (l.verdict ?? {}) as StoredVerdict;
  const terms = verdict.bonusTerms?.[resolution];
  if (terms) return terms;
  const promised = verdict.bonus?.[resolution] ?? 0;
  const value = verdict.value ?? 0;
  return promised > 0 && value > 0 ? { percent: (promised * 100) / value, fixed: 0 } : null;
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
    .where('s.status', 'in', COUNTED_SETTLEMENT_STATUSES)
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
