import { type RefundLineInput, settleAtOnce, wholeOrderWithdrawn, withdrawnUnits } from '../refund.js';
import type { ReturnMethod } from './document.js';
import type { EvaluationInput } from './facts.js';
import { feeWaived, type JudgedLine } from './lineJudgement.js';
import { firstReasonByCode } from './requestScope.js';
import { type MethodOption, type PolicyVerdict, SOURCE_DEFAULTS, SOURCE_EU_LAW, type VerdictReason } from './verdict.js';

/** The verdict on the whole return from those on its lines: the methods open to it with their one
 * return-shipping fee, the reasons about that fee, and what the settlement will pay. The same
 * answers as the reference interpreter's summarise, each fact about the lines worked out once. */
export function summariseReturn(
  input: EvaluationInput,
  judged: JudgedLine[],
  euConsumer: boolean,
  method: ReturnMethod | null,
): PolicyVerdict {
  // Lines that travel: eligible and not kept by the shopper.
  const shipped = judged.filter((j) => j.verdict.eligible && !j.verdict.keepItem);
  const methods = methodOptions(input, judged, shipped);
  let chosen: MethodOption | undefined;
  if (method) for (const m of methods) if (m.method === method && !chosen) chosen = m;
  const returnShippingFee = chosen?.fee ?? 0;
  let eligible = judged.length > 0;
  let autoApprove = judged.length > 0;
  for (const { verdict: v } of judged) {
    if (!v.eligible) eligible = false;
    if (!(v.eligible && v.autoApprove && !v.manualReview && !v.photoRequired)) autoApprove = false;
  }
  const lines = [];
  for (const j of judged) lines.push(j.verdict);
  return {
    evaluatedAt: input.now.toISOString(),
    currency: input.order.currency,
    euConsumer,
    lines,
    methods,
    method,
    reasons: shippingFeeReasons(input, shipped, chosen),
    eligible,
    autoApprove,
    totals: returnTotals(input, judged, returnShippingFee),
  };
}

/** The methods open to every line that travels, each with one return-shipping fee per return: the
 * highest any line's rules ask for that method, unless waived. */
function methodOptions(input: EvaluationInput, judged: JudgedLine[], shipped: JudgedLine[]): MethodOption[] {
  const candidates = shipped.length > 0 ? shipped : judged;
  const first = candidates[0];
  if (!first) return [];
  let open = first.verdict.methods;
  for (let i = 1; i < candidates.length; i++) {
    const have = (candidates[i] as JudgedLine).verdict.methods;
    open = open.filter((m) => have.includes(m));
  }
  // Whether the fee is waived whatever the method: a line came back through the shop's fault. Read
  // only where some fee is asked. A guarantee claim never adds a fee, so a fee is only ever asked
  // where some line is not one: "every line is a guarantee claim" cannot waive it.
  let waivedForAll: boolean | undefined;
  return open.map((m) => {
    let fee = 0;
    let source: string | null = null;
    for (const j of shipped) {
      const f = j.effects.returnShippingFee;
      if (!f || j.verdict.flow === 'warranty') continue;
      const amount = f.perMethod[m] ?? f.amount;
      if (amount > fee && j.publicRules.has(j.verdict.decidedBy.returnShippingFee ?? SOURCE_DEFAULTS)) {
        fee = amount;
        source = j.verdict.decidedBy.returnShippingFee ?? SOURCE_DEFAULTS;
      }
    }
    if (fee <= 0) return { method: m, fee, waived: false, source };
    waivedForAll ??= shipped.some((j) => waivedAsControllable(input, j));
    const waived =
      waivedForAll ||
      (shipped.length > 0 &&
        shipped.every((j) =>
          feeWaived(
            j.effects,
            'return_shipping',
            j.reason,
            firstReasonByCode(input.reasons, j.reason?.parentCode),
            j.resolution,
            m,
          ),
        ));
    return { method: m, fee: waived ? 0 : fee, waived, source };
  });
}

/** The line waives the return-shipping fee because its reason is the shop's doing. */
function waivedAsControllable(input: EvaluationInput, j: JudgedLine): boolean {
  const w = j.effects.feeWaivers;
  return Boolean(w?.controllableReasons && w.fees.includes('return_shipping') && isControllable(input, j));
}

/** What the return as a whole says about its shipping fee. */
function shippingFeeReasons(input: EvaluationInput, shipped: JudgedLine[], chosen: MethodOption | undefined): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  // Fees set by a rule the shop does not publish are never charged (Art. 14: the consumer pays
  // the return cost only when told beforehand).
  const undisclosed = shipped.some((j) => {
    const f = j.effects.returnShippingFee;
    const from = j.verdict.decidedBy.returnShippingFee;
    return f && from && !j.publicRules.has(from) && (f.amount > 0 || Object.values(f.perMethod).some((a) => (a ?? 0) > 0));
  });
  if (undisclosed) reasons.push({ code: 'FEE_NOT_DISCLOSED', severity: 'info', source: SOURCE_EU_LAW });
  if (chosen && chosen.fee > 0)
    reasons.push({
      code: 'RETURN_SHIPPING_FEE',
      severity: 'info',
      source: chosen.source ?? SOURCE_DEFAULTS,
      params: { amount: chosen.fee, currency: input.order.currency },
    });
  if (chosen?.waived) reasons.push({ code: 'FEE_WAIVED', severity: 'info', source: 'feeWaivers' });
  return reasons;
}

/** The return's money: what the settlement will pay, worked out as it will be: the same
 * calculator, the same order of refund before credit, the delivery cost when these lines complete
 * the withdrawal of the order. */
function returnTotals(input: EvaluationInput, judged: JudgedLine[], returnShippingFee: number): PolicyVerdict['totals'] {
  let value = 0;
  let restockingFees = 0;
  const refundLines: RefundLineInput[] = [];
  const creditLines: RefundLineInput[] = [];
  const eligibleLines: JudgedLine[] = [];
  for (const j of judged) {
    if (!j.verdict.eligible) continue;
    eligibleLines.push(j);
    value += j.verdict.value;
    // Only money going back carries the fee: an exchange counts the item's whole value towards the
    // new one (the exchange order charges no restocking fee), so its fee is not shown as taken.
    if ((j.resolution ?? 'refund') === 'refund') refundLines.push(asRefundLine(input, j));
    else if (j.resolution === 'store_credit') creditLines.push(asRefundLine(input, j));
  }
  // Refund lines first, then credit lines, as the fees add up in the reference.
  for (const l of refundLines) restockingFees += l.restockingFee;
  for (const l of creditLines) restockingFees += l.restockingFee;
  const delivery = input.order.standardDelivery ?? { amount: 0, alreadyRefunded: false };
  const due = settleAtOnce({
    refundLines,
    creditLines,
    returnShippingFee,
    standardDelivery: {
      amount: delivery.amount,
      wholeOrderWithdrawn: orderWithdrawn(input, eligibleLines),
      alreadyRefunded: delivery.alreadyRefunded,
    },
  });
  return {
    value,
    restockingFees,
    returnShippingFee,
    bonus: due.credit.bonus,
    deliveryRefund: due.refund.deliveryRefund + due.credit.deliveryRefund,
    refund: due.refund.total,
    storeCredit: due.credit.total + due.credit.bonus,
  };
}

function asRefundLine(input: EvaluationInput, j: JudgedLine): RefundLineInput {
  return {
    returnLineId: j.line.id,
    linePaid: j.line.paidAmount,
    lineTax: 0,
    lineQuantity: j.line.quantity,
    unitsBefore: Math.min(j.line.quantityInReturns, j.line.quantity - j.verdict.quantity),
    quantity: j.verdict.quantity,
    restockingFee: j.verdict.restockingFee,
    grade: null,
    controllable: isControllable(input, j),
    diminishedValue: {},
    bonus: j.resolution === 'store_credit' ? (j.verdict.bonusTerms.store_credit ?? null) : null,
  };
}

/** Whether these lines, with those of other returns that still stand, withdraw the whole order
 * (lines under review count: this is what the settlement pays once they are approved). */
function orderWithdrawn(input: EvaluationInput, eligibleLines: JudgedLine[]): boolean {
  const units = withdrawnUnits(
    eligibleLines.map((j) => ({
      orderLineId: j.line.id,
      units: j.verdict.quantity,
      returnStatus: 'requested',
      acceptance: 'pending',
      resolution: j.resolution ?? 'refund',
      withinWithdrawalPeriod: j.verdict.withinStatutoryPeriod,
    })),
  );
  for (const l of input.order.lines) units.set(l.id, (units.get(l.id) ?? 0) + (l.quantityWithdrawn ?? 0));
  return wholeOrderWithdrawn(input.order.lines, units);
}

function isControllable(input: EvaluationInput, j: JudgedLine): boolean {
  return Boolean(j.reason?.controllable || firstReasonByCode(input.reasons, j.reason?.parentCode)?.controllable);
}
