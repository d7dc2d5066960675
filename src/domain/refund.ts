import { allocate } from './money.js';
import type { Grade } from './returnLifecycle.js';

/** Grades that may carry a deduction for diminished value (Art. 14(2): handling beyond what is
 * needed to establish the nature of the goods). A is as new; F is defective, which is the shop's
 * problem under the legal guarantee; X is not the shop's item at all. */
export const DEDUCTIBLE_GRADES = ['B', 'C', 'D'] as const;
export type DeductibleGrade = (typeof DEDUCTIBLE_GRADES)[number];

export interface RefundLineInput {
  returnLineId: string;
  /** The order line: what it paid in total (after line and order discounts, tax included), the
   * tax in that, and how many units it had. */
  linePaid: number;
  lineTax: number;
  lineQuantity: number;
  /** Units of this order line already refunded by earlier returns; units are taken in order, so
   * the amounts of all partial returns of a line add up to exactly what it paid. */
  unitsBefore: number;
  /** Units refunded now. */
  quantity: number;
  /** Restocking fee for these units, as the policy's verdict set it (zero where the law forbids one). */
  restockingFee: number;
  /** Inspection grade, once known. */
  grade: Grade | null;
  /** The reason is the shop's doing (defect, wrong item, damaged): nothing is deducted. */
  controllable: boolean;
  /** Deduction in percent of the value per grade, from the policy. */
  diminishedValue: Partial<Record<DeductibleGrade, number>>;
}

export interface RefundInput {
  lines: RefundLineInput[];
  /** The return-shipping fee the policy charges for this return (waivers already applied). */
  returnShippingFee: number;
  /** The fee was already deducted by an earlier settlement of this return: once per return. */
  returnShippingFeeCharged: boolean;
  /** Art. 13: the original standard delivery cost goes back when the whole order is withdrawn
   * (never a premium surcharge, which the caller leaves out). */
  standardDelivery: { amount: number; wholeOrderWithdrawn: boolean; alreadyRefunded: boolean };
}

export interface RefundLine {
  returnLineId: string;
  quantity: number;
  /** What the shopper paid for these units, and the tax in it. */
  paid: number;
  tax: number;
  restockingFee: number;
  diminishedValue: number;
  /** Paid but kept back because what arrived is not the shop's item (grade X). */
  withheld: number;
  /** Why nothing comes back for this line, when that is so. */
  note: 'NOT_OUR_ITEM' | null;
  /** This line's share of the return-shipping fee and of the delivery refund. */
  shippingFeeShare: number;
  deliveryShare: number;
  /** Paid to the shopper for this line already (the surplus of an exchange that did not ship). */
  paidOut: number;
  /** What this line refunds: paid − withheld − fees − deduction − fee share + delivery share − paid out. */
  refund: number;
}

export interface RefundBreakdown {
  lines: RefundLine[];
  paid: number;
  restockingFees: number;
  diminishedValue: number;
  withheld: number;
  returnShippingFee: number;
  deliveryRefund: number;
  paidOut: number;
  total: number;
}

const percentOf = (amount: number, percent: number) => Math.round((amount * percent) / 100);
const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));

/** What the units `[from, from + count)` of a line paid, by largest remainder over its units. */
function unitsShare(total: number, lineQuantity: number, from: number, count: number): number {
  if (lineQuantity <= 0 || count <= 0) return 0;
  const units = allocate(total, new Array(lineQuantity).fill(1));
  return units.slice(from, from + count).reduce((s, u) => s + u, 0);
}

/**
 * The refund for a return, exact to the cent. Per line: the price paid for the units (after
 * discounts, tax as charged) minus the restocking fee and the deduction for diminished value;
 * per return: minus the return-shipping fee once, plus the standard delivery cost when the whole
 * order is withdrawn. Return-level amounts are spread over the lines by largest remainder, so
 * the lines always add up to the total. Never negative, never more than was paid.
 */
export function calculateRefund(input: RefundInput): RefundBreakdown {
  const partial = input.lines.map((l) => {
    const quantity = clamp(l.quantity, Math.max(0, l.lineQuantity - l.unitsBefore));
    const paid = unitsShare(l.linePaid, l.lineQuantity, l.unitsBefore, quantity);
    const tax = unitsShare(l.lineTax, l.lineQuantity, l.unitsBefore, quantity);
    if (l.grade === 'X') {
      // What arrived is not the shop's item: the units the shopper owes did not come back.
      return {
        l,
        quantity,
        paid,
        tax,
        restockingFee: 0,
        diminishedValue: 0,
        withheld: paid,
        note: 'NOT_OUR_ITEM' as const,
        net: 0,
      };
    }
    const restockingFee = clamp(l.restockingFee, paid);
    const deductible = !l.controllable && l.grade !== null && (DEDUCTIBLE_GRADES as readonly string[]).includes(l.grade);
    const percent = deductible ? clamp(l.diminishedValue[l.grade as DeductibleGrade] ?? 0, 100) : 0;
    const diminishedValue = clamp(percentOf(paid, percent), paid - restockingFee);
    return {
      l,
      quantity,
      paid,
      tax,
      restockingFee,
      diminishedValue,
      withheld: 0,
      note: null,
      net: paid - restockingFee - diminishedValue,
    };
  });
  const nets = partial.map((p) => p.net);
  const netTotal = nets.reduce((s, n) => s + n, 0);
  // The fee is at most what would otherwise come back: a refund never turns into a bill.
  const returnShippingFee = input.returnShippingFeeCharged ? 0 : clamp(input.returnShippingFee, netTotal);
  const d = input.standardDelivery;
  const deliveryRefund = d.wholeOrderWithdrawn && !d.alreadyRefunded ? Math.max(0, d.amount) : 0;
  const feeShares = allocate(returnShippingFee, nets);
  // A line that refunds nothing (not our item) takes no share of the delivery cost unless all do.
  const deliveryShares = allocate(
    deliveryRefund,
    partial.map((p) => (p.note ? 0 : p.paid)),
  );
  const lines: RefundLine[] = partial.map((p, i) => {
    const shippingFeeShare = feeShares[i] ?? 0;
    const deliveryShare = deliveryShares[i] ?? 0;
    return {
      returnLineId: p.l.returnLineId,
      quantity: p.quantity,
      paid: p.paid,
      tax: p.tax,
      restockingFee: p.restockingFee,
      diminishedValue: p.diminishedValue,
      withheld: p.withheld,
      note: p.note,
      shippingFeeShare,
      deliveryShare,
      paidOut: 0,
      refund: p.net - shippingFeeShare + deliveryShare,
    };
  });
  const sum = (f: (l: RefundLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  return {
    lines,
    paid: sum((l) => l.paid),
    restockingFees: sum((l) => l.restockingFee),
    diminishedValue: sum((l) => l.diminishedValue),
    withheld: sum((l) => l.withheld),
    returnShippingFee,
    deliveryRefund,
    paidOut: 0,
    total: sum((l) => l.refund),
  };
}

/**
 * Takes off what went to the shopper for some lines already (per line, never below nothing):
 * the surplus of an exchange that was paid back before the exchange was called off, so the
 * lines' refund and that surplus together are what the lines were worth, not more.
 */
export function deductPaidOut(b: RefundBreakdown, paidOut: ReadonlyMap<string, number>): RefundBreakdown {
  if (paidOut.size === 0) return b;
  const lines = b.lines.map((l) => {
    const out = Math.min(Math.max(paidOut.get(l.returnLineId) ?? 0, 0), l.refund);
    return { ...l, paidOut: l.paidOut + out, refund: l.refund - out };
  });
  return {
    ...b,
    lines,
    paidOut: lines.reduce((s, l) => s + l.paidOut, 0),
    total: lines.reduce((s, l) => s + l.refund, 0),
  };
}

/** Art. 13(1): the trader refunds within 14 days of being told of the withdrawal. */
export const REFUND_DAYS = 14;
const DAY = 86_400_000;

/** The refund-by date: 14 days from the withdrawal notice; for a return under the shop's own
 * policy the same 14 days from the request, as the shop's promise (tracked, not law). */
export function refundBy(withdrawalDeclaredAt: Date | null, requestedAt: Date): Date {
  return new Date((withdrawalDeclaredAt ?? requestedAt).getTime() + REFUND_DAYS * DAY);
}

/** Statuses in which no money is owed any more (or never was). */
const SETTLED_OR_NOT_OWED = new Set(['rejected', 'cancelled', 'expired', 'closed', 'resolved']);

/** A refund is overdue when its date has passed and an approved line still waits for its money. */
export function isRefundOverdue(
  status: string,
  due: Date,
  lines: readonly { acceptance: string; resolution: string; settlement: string }[],
  now: Date,
): boolean {
  if (SETTLED_OR_NOT_OWED.has(status) || now.getTime() <= due.getTime()) return false;
  return lines.some(
    (l) =>
      l.acceptance === 'approved' &&
      (l.resolution === 'refund' || l.resolution === 'store_credit') &&
      l.settlement !== 'succeeded',
  );
}
