import { allocate } from './money.js';
import { isOneOf } from './oneOf.js';
import type { Grade, Resolution } from './returnLifecycle.js';
import { MONEY_BACK_RESOLUTIONS } from './returnLine.js';
import { CALLED_OFF_STATUSES, MONEY_DONE_STATUSES } from './returnStatus.js';

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
  /** Went to the shopper for these units already (the surplus of an exchange that did not ship). */
  paidOut?: number;
  /** The policy's bonus for taking store credit, for a line credited rather than refunded. */
  bonus?: BonusTerms | null;
}

/** A bonus the policy gives on top of store credit: a share of what is credited plus a fixed amount. */
export interface BonusTerms {
  percent: number;
  fixed: number;
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
  /** Store-credit bonus on what this line credits for its goods (never on the delivery cost). */
  bonus: number;
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
  /** What the lines refund or credit, without the bonus. */
  total: number;
  /** Store-credit bonus on top of the total (zero for a refund). */
  bonus: number;
}

/** The parts of a breakdown taken off what was paid, and those added to it, in the order a
 * shopper or staff member reads them. */
export const BREAKDOWN_DEDUCTIONS = [
  'restockingFees',
  'diminishedValue',
  'withheld',
  'returnShippingFee',
] as const satisfies readonly (keyof RefundBreakdown)[];
export const BREAKDOWN_ADDITIONS = ['deliveryRefund', 'bonus'] as const satisfies readonly (keyof RefundBreakdown)[];

const percentOf = (amount: number, percent: number) => Math.round((amount * percent) / 100);
const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));

/** The most units a line can be split into (the longest array there is). */
const MAX_UNITS = 2 ** 32 - 1;

/** What the units `[from, from + count)` of a line paid, by largest remainder over its units: the
 * same split for the quote, the exchange price difference and the refund. */
export function unitsShare(total: number, lineQuantity: number, from: number, count: number): number {
  if (lineQuantity <= 0 || count <= 0) return 0;
  if (
    Number.isSafeInteger(total) &&
    Number.isInteger(lineQuantity) &&
    lineQuantity <= MAX_UNITS &&
    Number.isInteger(from) &&
    from >= 0 &&
    Number.isInteger(count)
  ) {
    // Units weigh the same: each gets the same floor and the first ones what is left over, one
    // each (allocate's order), so the share is counted rather than listed unit by unit.
    const abs = Math.abs(total);
    const floor = Math.floor(abs / lineQuantity);
    const leftOver = abs - floor * lineQuantity;
    const end = Math.min(from + count, lineQuantity);
    if (end <= from) return 0;
    const share = floor * (end - from) + Math.max(0, Math.min(end, leftOver) - from);
    return total < 0 ? 0 - share : share;
  }
  const units = allocate(total, new Array(lineQuantity).fill(1));
  return units.slice(from, from + count).reduce((s, u) => s + u, 0);
}

/**
 * The store-credit bonus on an amount that is really credited: the policy's share of it plus its
 * fixed amount, and nothing at all when nothing is credited (a line a restocking fee or a
 * deduction took to zero earns no bonus).
 */
export function bonusOn(credited: number, terms: BonusTerms | null | undefined): number {
  if (!terms || credited <= 0) return 0;
  return Math.max(0, percentOf(credited, Math.max(0, terms.percent)) + Math.max(0, terms.fixed));
}

/** A line's own part of the refund, before the return's fees and delivery cost are shared out:
 * the units' price, less the restocking fee and the deduction for diminished value. */
function lineNet(l: RefundLineInput) {
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
}

/**
 * The refund for a return, exact to the cent. Per line: the price paid for the units (after
 * discounts, tax as charged) minus the restocking fee and the deduction for diminished value;
 * per return: minus the return-shipping fee once, plus the standard delivery cost when the whole
 * order is withdrawn; per line again: minus what went to the shopper already, and for store credit
 * the bonus on what is left. Return-level amounts are spread over the lines by largest remainder,
 * so the lines always add up to the total. Never negative, never more than was paid.
 */
export function calculateRefund(input: RefundInput): RefundBreakdown {
  const partial = input.lines.map(lineNet);
  const nets = partial.map((p) => p.net);
  const netTotal = nets.reduce((s, n) => s + n, 0);
  // The fee is at most what would otherwise come back: a refund never turns into a bill.
  const returnShippingFee = input.returnShippingFeeCharged ? 0 : clamp(input.returnShippingFee, netTotal);
  const d = input.standardDelivery;
  // Paid with lines that come back, never as a settlement of its own.
  const deliveryRefund = partial.length > 0 && d.wholeOrderWithdrawn && !d.alreadyRefunded ? Math.max(0, d.amount) : 0;
  const feeShares = allocate(returnShippingFee, nets);
  // A line that refunds nothing (not our item) takes no share of the delivery cost unless all do.
  const deliveryShares = allocate(
    deliveryRefund,
    partial.map((p) => (p.note ? 0 : p.paid)),
  );
  const lines: RefundLine[] = partial.map((p, i) => {
    const shippingFeeShare = feeShares[i] ?? 0;
    const deliveryShare = deliveryShares[i] ?? 0;
    const goods = p.net - shippingFeeShare;
    const paidOut = Math.min(Math.max(p.l.paidOut ?? 0, 0), goods + deliveryShare);
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
      paidOut,
      refund: goods + deliveryShare - paidOut,
      bonus: bonusOn(goods - paidOut, p.l.bonus),
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
    paidOut: sum((l) => l.paidOut),
    total: sum((l) => l.refund),
    bonus: sum((l) => l.bonus),
  };
}

/**
 * What a return pays when all its lines are settled at once, the way a settlement does it: the
 * refunded lines first (they carry the return-shipping fee and the delivery cost back), then the
 * credited lines, which take the fee only when the refund could not and the delivery cost only
 * when the refund did not. The shopper's quote is this, so it says what the settlement pays.
 */
export function settleAtOnce(input: {
  refundLines: RefundLineInput[];
  creditLines: RefundLineInput[];
  returnShippingFee: number;
  standardDelivery: { amount: number; wholeOrderWithdrawn: boolean; alreadyRefunded: boolean };
}): { refund: RefundBreakdown; credit: RefundBreakdown } {
  const refund = calculateRefund({
    lines: input.refundLines,
    returnShippingFee: input.returnShippingFee,
    returnShippingFeeCharged: false,
    standardDelivery: input.standardDelivery,
  });
  const credit = calculateRefund({
    lines: input.creditLines,
    returnShippingFee: input.returnShippingFee,
    returnShippingFeeCharged: refund.returnShippingFee > 0,
    standardDelivery: {
      ...input.standardDelivery,
      alreadyRefunded: input.standardDelivery.alreadyRefunded || refund.deliveryRefund > 0,
    },
  });
  return { refund, credit };
}

/** A line of a return of the order, as far as the withdrawal of the whole order is concerned. */
export interface WithdrawnLineFacts {
  orderLineId: string;
  /** Units sent back (or to be sent back) with this line. */
  units: number;
  returnStatus: string;
  acceptance: string;
  resolution: Resolution;
  /** Asked back by an EU consumer within the statutory withdrawal period (declared or not). */
  withinWithdrawalPeriod: boolean;
}

/** Whether a line withdraws its units: its return still stands, the line is not refused (when
 * money moves: is approved), its money comes back, and it was asked within the withdrawal period. */
export function withdrawsUnits(l: Omit<WithdrawnLineFacts, 'orderLineId' | 'units'>, approvedOnly = false): boolean {
  return (
    // A return that did not go ahead withdraws nothing; a line resolved with money back is
    // withdrawn from the contract.
    !isOneOf(CALLED_OFF_STATUSES, l.returnStatus) &&
    (approvedOnly ? l.acceptance === 'approved' : l.acceptance !== 'rejected') &&
    MONEY_BACK_RESOLUTIONS.includes(l.resolution) &&
    l.withinWithdrawalPeriod
  );
}

/** Units per order line that these lines withdraw from the contract (see withdrawsUnits). */
export function withdrawnUnits(
  lines: readonly WithdrawnLineFacts[],
  options: { approvedOnly?: boolean } = {},
): Map<string, number> {
  const units = new Map<string, number>();
  for (const l of lines)
    if (withdrawsUnits(l, options.approvedOnly)) units.set(l.orderLineId, (units.get(l.orderLineId) ?? 0) + Math.max(0, l.units));
  return units;
}

/**
 * Art. 13: the whole order is withdrawn, and its standard delivery cost is due, when every unit of
 * every line of it comes back within the withdrawal period for its money, over any number of
 * returns that still stand, whether or not the consumer called it a withdrawal (see
 * withdrawsUnits: a cancelled, rejected or expired return, a refused line or an exchange
 * withdraws nothing).
 */
export function wholeOrderWithdrawn(
  orderLines: readonly { id: string; quantity: number }[],
  withdrawn: ReadonlyMap<string, number>,
): boolean {
  return orderLines.length > 0 && orderLines.every((ol) => (withdrawn.get(ol.id) ?? 0) >= ol.quantity);
}

/** Art. 13(1): the trader refunds within 14 days of being told of the withdrawal. */
export const REFUND_DAYS = 14;
const DAY = 86_400_000;

/** The refund-by date: 14 days from the withdrawal notice; for a return under the shop's own
 * policy the same 14 days from the request, as the shop's promise (tracked, not law). */
export function refundBy(withdrawalDeclaredAt: Date | null, requestedAt: Date): Date {
  return new Date((withdrawalDeclaredAt ?? requestedAt).getTime() + REFUND_DAYS * DAY);
}

/** A refund is overdue when its date has passed and an approved line still waits for its money. */
export function isRefundOverdue(
  status: string,
  due: Date,
  lines: readonly { acceptance: string; resolution: string; settlement: string }[],
  now: Date,
): boolean {
  if (isOneOf(MONEY_DONE_STATUSES, status) || now.getTime() <= due.getTime()) return false;
  return lines.some(
    (l) => l.acceptance === 'approved' && isOneOf(MONEY_BACK_RESOLUTIONS, l.resolution) && l.settlement !== 'succeeded',
  );
}

/** What `units` of an order line were paid for, once what the shop platform refunded of the line
 * outside Retour is taken off (those units and that money are gone from it). */
export function paidForUnits(
  line: { paid: number; ordered: number; refundedQuantity: number; refundedAmount: number },
  units: number,
): number {
  const left = line.ordered - line.refundedQuantity;
  if (left <= 0) return 0;
  return Math.floor((Math.max(0, line.paid - line.refundedAmount) * Math.min(units, left)) / left);
}
