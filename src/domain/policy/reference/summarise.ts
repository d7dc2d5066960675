import { type RefundLineInput, settleAtOnce, wholeOrderWithdrawn, withdrawnUnits } from '../../refund.js';
import type { ReturnMethod } from '../document.js';
import type { EvaluationInput, ReasonFacts } from '../facts.js';
import { feeWaived, type JudgedLine } from '../lineJudgement.js';
import { type MethodOption, type PolicyVerdict, SOURCE_DEFAULTS, SOURCE_EU_LAW, type VerdictReason } from '../verdict.js';

/** The verdict on the whole return from those on its lines: the methods open to it with their one
 * return-shipping fee, the reasons about that fee, and what the settlement will pay. */
export function summarise(
  input: EvaluationInput,
  judged: JudgedLine[],
  euConsumer: boolean,
  method: ReturnMethod | null,
): PolicyVerdict {
  // Lines that travel: eligible and not kept by the shopper.
  const shipped = judged.filter((j) => j.verdict.eligible && !j.verdict.keepItem);
  const methods = methodOptions(input, judged, shipped);
  const chosen = method ? methods.find((m) => m.method === method) : undefined;
  const returnShippingFee = chosen?.fee ?? 0;
  return {
    evaluatedAt: input.now.toISOString(),
    currency: input.order.currency,
    euConsumer,
    lines: judged.map((j) => j.verdict),
    methods,
    method,
    reasons: shippingFeeReasons(input, shipped, chosen),
    eligible: judged.length > 0 && judged.every((j) => j.verdict.eligible),
    autoApprove:
      judged.length > 0 &&
      judged.every((j) => j.verdict.eligible && j.verdict.autoApprove && !j.verdict.manualReview && !j.verdict.photoRequired),
    totals: returnTotals(input, judged, returnShippingFee),
  };
}

/** The methods open to every line that travels, each with one return-shipping fee per return: the
 * highest any line's rules ask for that method, unless waived. */
function methodOptions(input: EvaluationInput, judged: JudgedLine[], shipped: JudgedLine[]): MethodOption[] {
  const candidates = shipped.length > 0 ? shipped : judged;
  const open = candidates.length ? candidates.map((j) => j.verdict.methods).reduce((a, b) => a.filter((m) => b.includes(m))) : [];
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
    // Waived when a line came back through the shop's fault, or when every line qualifies. (A
    // guarantee claim adds no fee above, so a fee asked always has a line that is not one.)
    const byControllable = shipped.some(
      (j) =>
        j.effects.feeWaivers?.controllableReasons &&
        j.effects.feeWaivers.fees.includes('return_shipping') &&
        isControllable(input, j),
    );
    const byChoice =
      shipped.length > 0 &&
      shipped.every((j) => feeWaived(j.effects, 'return_shipping', j.reason, parentOf(input, j.reason), j.resolution, m));
    const waived = fee > 0 && (byControllable || byChoice);
    return { method: m, fee: waived ? 0 : fee, waived, source };
  });
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
  const eligibleLines = judged.filter((j) => j.verdict.eligible);
  const value = eligibleLines.reduce((s, j) => s + j.verdict.value, 0);
  const refundLines = eligibleLines.filter((j) => (j.resolution ?? 'refund') === 'refund');
  const creditLines = eligibleLines.filter((j) => j.resolution === 'store_credit');
  // Only money going back carries the fee: an exchange counts the item's whole value towards the
  // new one (the exchange order charges no restocking fee), so its fee is not shown as taken.
  const restockingFees = [...refundLines, ...creditLines].reduce((s, j) => s + j.verdict.restockingFee, 0);
  const asRefundLine = (j: JudgedLine): RefundLineInput => ({
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
  });
  const delivery = input.order.standardDelivery ?? { amount: 0, alreadyRefunded: false };
  const due = settleAtOnce({
    refundLines: refundLines.map(asRefundLine),
    creditLines: creditLines.map(asRefundLine),
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

function parentOf(input: EvaluationInput, reason: ReasonFacts | null): ReasonFacts | null {
  return reason?.parentCode ? (input.reasons.find((r) => r.code === reason.parentCode) ?? null) : null;
}

function isControllable(input: EvaluationInput, j: JudgedLine): boolean {
  return Boolean(j.reason?.controllable || parentOf(input, j.reason)?.controllable);
}
