import { addDays, endOfLocalDay, localDate, statutoryDeadlineDate } from '../calendar.js';
import {
  type BonusTerms,
  bonusOn,
  type RefundLineInput,
  settleAtOnce,
  unitsShare,
  wholeOrderWithdrawn,
  withdrawnUnits,
} from '../refund.js';
import type { Resolution } from '../returnLifecycle.js';
import { type CodeParams, type Severity, VERDICT_CODES, type VerdictCode } from './codes.js';
import { type LineContext, ruleMatches } from './conditions.js';
import type { PolicyEffects, RefundTiming, ReturnMethod } from './document.js';
import { EU_WITHDRAWAL_DAYS, isEuCountry, LEGAL_GUARANTEE_YEARS, WARRANTY_RESOLUTIONS } from './euLaw.js';
import type { EvaluationInput, LineSelection, OrderLineFacts, ReasonFacts } from './facts.js';

/** Where an effect or a lifted refusal came from: a rule id, or one of these. */
export const SOURCE_DEFAULTS = 'defaults';
export const SOURCE_PRODUCT = 'product';
export const SOURCE_EU_LAW = 'eu-withdrawal';
export const SOURCE_WARRANTY = 'legal-guarantee';
export const SOURCE_CUSTOMER = 'customer-segment';

export interface VerdictReason {
  code: VerdictCode;
  severity: Severity;
  /** The rule (or defaults, product flag, law) the reason comes from. */
  source: string;
  params?: CodeParams;
}

export interface LineVerdict {
  orderLineId: string;
  quantity: number;
  /** Units that can still be returned from this order line. */
  returnableQuantity: number;
  eligible: boolean;
  /** `warranty`: a defect reported after the return window, handled under the legal guarantee. */
  flow: 'return' | 'warranty';
  /** Every reason that applies, refusals first. */
  reasons: VerdictReason[];
  codes: VerdictCode[];
  /** Refusals that law or a staff exception set aside, kept so the verdict explains itself. */
  lifted: { code: VerdictCode; by: string }[];
  /** The last day to request a return (local date) and the instant it ends. */
  deadline: string | null;
  deadlineAt: string | null;
  shopDeadline: string | null;
  /** For EU consumers: the end of the statutory withdrawal period (null before full delivery). */
  statutoryDeadline: string | null;
  withinStatutoryPeriod: boolean;
  /** The last day of the legal guarantee (two years from delivery; null before delivery): until
   * then a defect can be reported, also after the return window. Absent in verdicts stored before
   * it was given. */
  guaranteeEnds?: string | null;
  resolutions: Resolution[];
  methods: ReturnMethod[];
  /** Value of the units judged, what was paid for them, in minor units. */
  value: number;
  restockingFee: number;
  /** Extra credit per resolution that earns one, on the value less the restocking fee. */
  bonus: Partial<Record<Resolution, number>>;
  /** The policy's terms for that bonus, which the settlement applies to what it really credits. */
  bonusTerms: Partial<Record<Resolution, BonusTerms>>;
  keepItem: boolean;
  photoRequired: boolean;
  manualReview: boolean;
  autoApprove: boolean;
  maxExchanges: number | null;
  /** Deduction for diminished value per grade (percent), applied by the refund calculator. */
  diminishedValue: Partial<Record<'B' | 'C' | 'D', number>>;
  /** When the refund for this line may be paid. */
  refundTiming: RefundTiming;
  /** An exchange of this line ships before the old item is back. */
  instantExchange: boolean;
  /** Rules whose conditions held for this line, in policy order. */
  firedRules: string[];
  /** Rules that depend on the shopper's reason, not yet known. */
  pendingOnReason: string[];
  /** Which rule set each effect used. */
  decidedBy: Record<string, string>;
}

export interface MethodOption {
  method: ReturnMethod;
  fee: number;
  waived: boolean;
  /** The rule that set the fee. */
  source: string | null;
}

export interface PolicyVerdict {
  evaluatedAt: string;
  currency: string;
  euConsumer: boolean;
  lines: LineVerdict[];
  /** Methods open to every line that has to be sent back, with the one return-shipping fee each costs. */
  methods: MethodOption[];
  method: ReturnMethod | null;
  /** Reasons that concern the whole return (the shipping fee). */
  reasons: VerdictReason[];
  eligible: boolean;
  autoApprove: boolean;
  totals: {
    value: number;
    restockingFees: number;
    returnShippingFee: number;
    bonus: number;
    /** The standard delivery cost that goes back with this return (Art. 13: the whole order withdrawn). */
    deliveryRefund: number;
    /** What the settlement pays for the chosen resolutions when they are granted as asked: the
     * refund calculator's amounts (delivery cost and, for credit, the bonus included). Deductions
     * for the state the goods come back in are known only at inspection. */
    refund: number;
    storeCredit: number;
  };
}

type Resolved = Omit<PolicyEffects, 'window'> & { window: { days: number; from: 'delivery' | 'order' } };

/** Codes law or a staff exception may set aside; physical facts (not delivered, nothing left
 * to return) never are. */
const LIFTABLE_BY_EXCEPTION = new Set<VerdictCode>([
  'WINDOW_EXPIRED',
  'FINAL_SALE',
  'STATUTORY_EXCEPTION_PERSONALISED',
  'STATUTORY_EXCEPTION_PERISHABLE',
  'CUSTOMER_BLOCKED',
  'WARRANTY_EXPIRED',
  'EXCHANGE_ONLY',
]);
/** What a defect within the legal guarantee sets aside: the goods must be conform whatever the
 * shop's window, sale terms or the product's exemption from withdrawal. */
const LIFTED_BY_WARRANTY = new Set<VerdictCode>([
  'WINDOW_EXPIRED',
  'FINAL_SALE',
  'STATUTORY_EXCEPTION_PERSONALISED',
  'STATUTORY_EXCEPTION_PERISHABLE',
  'EXCHANGE_ONLY',
]);
const SEVERITY_ORDER: Severity[] = ['refusal', 'review', 'restriction', 'requirement', 'info'];

/** Judges every chosen line of an order against a policy and EU law. All rules run, every reason
 * is reported with its source, and nothing stops at the first refusal. */
export function evaluatePolicy(input: EvaluationInput): PolicyVerdict {
  const { order, now, timeZone } = input;
  const euConsumer = isEuCountry(order.shippingCountry);
  const reasonsByCode = new Map(input.reasons.map((r) => [r.code, r]));
  const deliveries = order.lines.map((l) => l.deliveredAt);
  const lastDelivery =
    deliveries.length > 0 && deliveries.every((d) => d !== null)
      ? new Date(Math.max(...deliveries.map((d) => (d as Date).getTime())))
      : null;
  const statutoryDeadline =
    euConsumer && lastDelivery ? statutoryDeadlineDate(localDate(lastDelivery, timeZone), EU_WITHDRAWAL_DAYS) : null;
  // Before the last item arrives the withdrawal period has not even started.
  const withinStatutoryPeriod = euConsumer && (statutoryDeadline === null || now <= endOfLocalDay(statutoryDeadline, timeZone));
  const selection: LineSelection[] =
    input.selection?.lines ??
    order.lines.map((l) => ({ orderLineId: l.id, quantity: Math.max(l.quantity - l.quantityInReturns, 1) }));
  const method = input.selection?.method ?? null;

  const judged = selection.flatMap((sel) => {
    const line = order.lines.find((l) => l.id === sel.orderLineId);
    if (!line) return [];
    const reason = sel.reasonCode ? (reasonsByCode.get(sel.reasonCode) ?? null) : null;
    const parentReason = reason?.parentCode ? (reasonsByCode.get(reason.parentCode) ?? null) : null;
    return [
      {
        ...judgeLine(input, line, sel, reason, parentReason, { euConsumer, statutoryDeadline, withinStatutoryPeriod, method }),
        line,
      },
    ];
  });

  return summarise(input, judged, euConsumer, method);
}

interface LawContext {
  euConsumer: boolean;
  statutoryDeadline: string | null;
  withinStatutoryPeriod: boolean;
  method: ReturnMethod | null;
}

interface JudgedLine {
  line: OrderLineFacts;
  verdict: LineVerdict;
  effects: Resolved;
  reason: ReasonFacts | null;
  resolution: Resolution | null;
  publicRules: Set<string>;
}

function judgeLine(
  input: EvaluationInput,
  line: OrderLineFacts,
  sel: LineSelection,
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
  law: LawContext,
): Omit<JudgedLine, 'line'> {
  const { policy, now, timeZone, order, customer } = input;
  const ctx: LineContext = {
    line,
    order,
    customer,
    reason,
    parentReason,
    euConsumer: law.euConsumer,
    orderedOn: localDate(order.placedAt, timeZone),
  };

  // Effects cascade: defaults, then the product's own flags, then every matching rule in order,
  // then staff exceptions. Each effect remembers who set it last.
  const decidedBy: Record<string, string> = {};
  const effects = { ...policy.defaults } as Resolved;
  for (const key of Object.keys(policy.defaults)) decidedBy[key] = SOURCE_DEFAULTS;
  const apply = (then: PolicyEffects, source: string) => {
    for (const [key, value] of Object.entries(then) as [keyof PolicyEffects, unknown][]) {
      if (value === undefined) continue;
      (effects as Record<string, unknown>)[key] = value;
      decidedBy[key] = source;
    }
  };
  if (line.flags.finalSale) apply({ finalSale: true }, SOURCE_PRODUCT);
  if (line.flags.exchangeOnly) apply({ exchangeOnly: true }, SOURCE_PRODUCT);
  if (customer.segment === 'blocked') apply({ blocked: true }, SOURCE_CUSTOMER);
  const firedRules: string[] = [];
  const pendingOnReason: string[] = [];
  const publicRules = new Set<string>([SOURCE_DEFAULTS, SOURCE_PRODUCT, SOURCE_CUSTOMER]);
  for (const rule of policy.rules) {
    if (!rule.enabled) continue;
    if (rule.public) publicRules.add(rule.id);
    const match = ruleMatches(rule.when, ctx);
    if (match === 'unknown') pendingOnReason.push(rule.id);
    if (match !== true) continue;
    firedRules.push(rule.id);
    apply(rule.effects, rule.id);
  }
  let allowedByException: string | null = null;
  for (const exception of input.exceptions ?? []) {
    apply(exception.effects, `exception:${exception.id}`);
    publicRules.add(`exception:${exception.id}`);
    if (exception.allowReturn) allowedByException = `exception:${exception.id}`;
  }

  const reasons: VerdictReason[] = [];
  const lifted: { code: VerdictCode; by: string }[] = [];
  const add = (code: VerdictCode, source: string, params?: CodeParams) =>
    reasons.push({ code, severity: VERDICT_CODES[code], source, ...(params ? { params } : {}) });
  const src = (effect: string) => decidedBy[effect] ?? SOURCE_DEFAULTS;

  // Quantities are facts, not policy.
  const returnable = Math.max(line.quantity - line.quantityInReturns, 0);
  if (returnable === 0) add('ALREADY_RETURNED', SOURCE_DEFAULTS);
  else if (sel.quantity > returnable)
    add('QUANTITY_EXCEEDS_RETURNABLE', SOURCE_DEFAULTS, { requested: sel.quantity, returnable });
  if (!line.deliveredAt) add('NOT_DELIVERED', SOURCE_DEFAULTS);

  // The shop's window, and for EU consumers the statutory floor under it.
  const windowStart = effects.window.from === 'order' ? order.placedAt : line.deliveredAt;
  const shopDeadline = windowStart ? addDays(localDate(windowStart, timeZone), effects.window.days) : null;
  let deadline = shopDeadline;
  if (law.euConsumer && law.statutoryDeadline && (!deadline || law.statutoryDeadline > deadline))
    deadline = law.statutoryDeadline;
  let deadlineAt = deadline ? endOfLocalDay(deadline, timeZone) : null;
  const shopWindowOpen = shopDeadline !== null && now <= endOfLocalDay(shopDeadline, timeZone);
  // Law overrides shop refusals only while the shop's own terms would not already allow the return.
  const statutoryOverride = law.withinStatutoryPeriod && line.deliveredAt !== null;
  // Until the last item of an EU order arrives the withdrawal period has not started: no line of it is late.
  if (line.deliveredAt && deadlineAt && now > deadlineAt && !statutoryOverride)
    add('WINDOW_EXPIRED', src('window'), { deadline: deadline ?? undefined });

  if (effects.finalSale) add('FINAL_SALE', src('finalSale'));
  if (line.flags.personalised) add('STATUTORY_EXCEPTION_PERSONALISED', SOURCE_PRODUCT);
  if (line.flags.perishable) add('STATUTORY_EXCEPTION_PERISHABLE', SOURCE_PRODUCT);
  // Sealed goods come back only unopened: a person checks, nothing is refused up front.
  if (line.flags.hygieneSealed) add('STATUTORY_EXCEPTION_HYGIENE', SOURCE_PRODUCT);
  if (line.flags.sealedMedia) add('STATUTORY_EXCEPTION_MEDIA', SOURCE_PRODUCT);
  if (effects.exchangeOnly) add('EXCHANGE_ONLY', src('exchangeOnly'));
  if (effects.manualReview) add('MANUAL_REVIEW', src('manualReview'));
  const photoRequired = Boolean(effects.photoRequired) || Boolean(reason?.requiresPhoto);
  if (photoRequired) add('PHOTO_REQUIRED', effects.photoRequired ? src('photoRequired') : `reason:${reason?.code}`);

  // Within the statutory period an EU consumer may withdraw from a final-sale or exchange-only
  // purchase and wants the money back: those shop terms give way (statutory exceptions do not).
  if (statutoryOverride && !shopWindowOpen) {
    // Past the shop's own window but inside the law's: say so.
    add('EU_WITHDRAWAL_RIGHT', SOURCE_EU_LAW, { deadline: law.statutoryDeadline ?? undefined });
  }
  if (statutoryOverride) liftCodes(reasons, lifted, new Set<VerdictCode>(['FINAL_SALE', 'EXCHANGE_ONLY']), SOURCE_EU_LAW);

  // A reported defect the normal return cannot take goes to the legal guarantee; so does any
  // line the shopper explicitly claims under it (then repair or replacement comes first, even
  // inside the return window).
  let flow: 'return' | 'warranty' = 'return';
  const claimed = sel.defect === true;
  const defect = claimed || Boolean(reason?.defect || parentReason?.defect);
  const guaranteeEnds = line.deliveredAt ? addYears(localDate(line.deliveredAt, timeZone), LEGAL_GUARANTEE_YEARS) : null;
  if (defect && guaranteeEnds && (claimed || reasons.some((r) => LIFTED_BY_WARRANTY.has(r.code) && r.severity === 'refusal'))) {
    if (now <= endOfLocalDay(guaranteeEnds, timeZone)) {
      flow = 'warranty';
      liftCodes(reasons, lifted, LIFTED_BY_WARRANTY, SOURCE_WARRANTY);
      add('WARRANTY_CLAIM', SOURCE_WARRANTY, { deadline: guaranteeEnds });
    } else {
      add('WARRANTY_EXPIRED', SOURCE_WARRANTY, { deadline: guaranteeEnds });
    }
  }

  // A blocked customer keeps their legal rights: inside them a person decides instead.
  if (effects.blocked) {
    if (statutoryOverride || flow === 'warranty') add('CUSTOMER_BLOCKED_REVIEW', src('blocked'));
    else add('CUSTOMER_BLOCKED', src('blocked'));
  }

  // A staff exception may set aside what the shop's terms refuse, never the physical facts.
  let exceptionLifted = false;
  if (allowedByException) {
    const before = lifted.length;
    liftCodes(reasons, lifted, LIFTABLE_BY_EXCEPTION, allowedByException);
    exceptionLifted = lifted.length > before;
    if (exceptionLifted) add('STAFF_EXCEPTION', allowedByException);
  }

  // Resolutions: the policy's list, narrowed by exchange-only and the exchange limit; the law
  // keeps a refund open within the withdrawal period; the guarantee has its own remedies.
  let resolutions: Resolution[] =
    flow === 'warranty' ? [...WARRANTY_RESOLUTIONS] : [...(effects.resolutions ?? ['refund', 'store_credit', 'exchange'])];
  if (reasons.some((r) => r.code === 'EXCHANGE_ONLY')) resolutions = resolutions.filter((r) => r === 'exchange');
  const maxExchanges = effects.maxExchangesPerLine ?? null;
  if (maxExchanges !== null && line.exchangesUsed >= maxExchanges && resolutions.includes('exchange')) {
    resolutions = resolutions.filter((r) => r !== 'exchange');
    add('EXCHANGE_LIMIT_REACHED', src('maxExchangesPerLine'), { limit: maxExchanges });
  }
  if (flow === 'return' && statutoryOverride && !resolutions.includes('refund')) resolutions.unshift('refund');
  if (resolutions.length === 0) add('NO_RESOLUTION_ALLOWED', src('resolutions'));

  // Money for this line: the value of the units, a restocking fee and a bonus. A line that cannot
  // come back costs nothing and earns nothing, so its verdict does not talk about either.
  const refused = reasons.some((r) => r.severity === 'refusal');
  const quantity = Math.min(Math.max(sel.quantity, 0), line.quantity);
  // The units after those already in other returns, split as the refund calculator splits them.
  const value = unitsShare(line.paidAmount, line.quantity, Math.min(line.quantityInReturns, line.quantity - quantity), quantity);
  const resolution = sel.resolution ?? null;
  const waived = feeWaived(effects, 'restocking', reason, parentReason, resolution, law.method);
  let restockingFee = 0;
  if (flow === 'return' && !refused && effects.restockingFee) {
    const fee = Math.min(
      Math.round((value * effects.restockingFee.percent) / 100) + effects.restockingFee.fixed * quantity,
      value,
    );
    if (fee > 0 && statutoryOverride) {
      // Art. 14: a consumer who withdraws owes no restocking fee, only a deduction for diminished value.
      add('RESTOCKING_FEE_NOT_ALLOWED', SOURCE_EU_LAW);
    } else if (fee > 0 && waived) {
      add('FEE_WAIVED', waived);
    } else if (fee > 0) {
      restockingFee = fee;
      add('RESTOCKING_FEE', src('restockingFee'), {
        amount: fee,
        currency: order.currency,
        ...(effects.restockingFee.percent > 0 ? { percent: effects.restockingFee.percent } : {}),
      });
    }
  }
  const bonus: Partial<Record<Resolution, number>> = {};
  const bonusTerms: Partial<Record<Resolution, BonusTerms>> = {};
  if (flow === 'return' && !refused && effects.bonus) {
    const terms = { percent: effects.bonus.percent, fixed: effects.bonus.fixed };
    // On what would be credited: a line the restocking fee takes to nothing earns nothing.
    const amount = bonusOn(value - restockingFee, terms);
    for (const r of effects.bonus.for)
      if (amount > 0 && resolutions.includes(r)) {
        bonus[r] = amount;
        bonusTerms[r] = terms;
      }
    const best = Math.max(0, ...Object.values(bonus));
    // The sentence names the resolutions that earn it, so it never promises a bonus for one that does not.
    if (best > 0) add('BONUS_CREDIT', src('bonus'), { amount: best, currency: order.currency, resolutions: Object.keys(bonus) });
  }

  // Keep the item when sending it back is not worth it.
  let keepItem = false;
  if (effects.keepItem && line.deliveredAt && !refused) {
    const unitValue = line.quantity > 0 ? line.paidAmount / line.quantity : 0;
    const cheap = effects.keepItem.valueBelow !== undefined && unitValue < effects.keepItem.valueBelow;
    const costly =
      effects.keepItem.costShareAbove !== undefined &&
      value > 0 &&
      input.policy.returnCostEstimate > (value * effects.keepItem.costShareAbove) / 100;
    keepItem = cheap || costly;
    if (keepItem) add('KEEP_ITEM', src('keepItem'));
  }

  const methods = [...(effects.methods ?? [])];
  if (methods.length === 0 && !keepItem) add('NO_METHOD_ALLOWED', src('methods'));

  // A line still open past its date is open by the law before its period has started (the rest
  // of a split delivery is on its way), by a staff exception or under the guarantee: none of them
  // ends on that date, so the line shows no deadline rather than one in the past.
  if (deadlineAt && now > deadlineAt && !reasons.some((r) => r.severity === 'refusal')) {
    deadline = null;
    deadlineAt = null;
  }
  if (deadline && !reasons.some((r) => r.code === 'WINDOW_EXPIRED') && flow === 'return')
    add('RETURN_WINDOW', src('window'), { deadline });

  reasons.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const eligible = !reasons.some((r) => r.severity === 'refusal');
  return {
    verdict: {
      orderLineId: line.id,
      quantity,
      returnableQuantity: returnable,
      eligible,
      flow,
      reasons,
      codes: reasons.map((r) => r.code),
      lifted,
      deadline,
      deadlineAt: deadlineAt?.toISOString() ?? null,
      shopDeadline,
      statutoryDeadline: law.statutoryDeadline,
      withinStatutoryPeriod: statutoryOverride,
      guaranteeEnds,
      resolutions,
      methods,
      value,
      restockingFee,
      bonus,
      bonusTerms,
      keepItem,
      photoRequired,
      manualReview: reasons.some((r) => r.severity === 'review'),
      autoApprove: effects.autoApprove ?? true,
      maxExchanges,
      diminishedValue: effects.diminishedValue ?? {},
      refundTiming: effects.refundTiming ?? 'inspection',
      instantExchange: effects.instantExchange ?? false,
      firedRules,
      pendingOnReason,
      decidedBy,
    },
    effects,
    reason,
    resolution,
    publicRules,
  };
}

function liftCodes(reasons: VerdictReason[], lifted: { code: VerdictCode; by: string }[], codes: Set<VerdictCode>, by: string) {
  for (let i = reasons.length - 1; i >= 0; i--) {
    const r = reasons[i];
    if (r && codes.has(r.code)) {
      lifted.push({ code: r.code, by });
      reasons.splice(i, 1);
    }
  }
}

/** The waiver that sets a fee aside for this line, or null. */
function feeWaived(
  effects: Resolved,
  fee: 'restocking' | 'return_shipping',
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
  resolution: Resolution | null,
  method: ReturnMethod | null,
): string | null {
  const w = effects.feeWaivers;
  if (!w?.fees.includes(fee)) return null;
  const controllable = Boolean(reason?.controllable || parentReason?.controllable);
  if (w.controllableReasons && controllable) return 'feeWaivers';
  if (resolution && w.resolutions.includes(resolution)) return 'feeWaivers';
  if (method && w.methods.includes(method)) return 'feeWaivers';
  return null;
}

function summarise(
  input: EvaluationInput,
  judged: JudgedLine[],
  euConsumer: boolean,
  method: ReturnMethod | null,
): PolicyVerdict {
  const currency = input.order.currency;
  const reasons: VerdictReason[] = [];
  // Lines that travel: eligible and not kept by the shopper.
  const shipped = judged.filter((j) => j.verdict.eligible && !j.verdict.keepItem);
  const candidates = shipped.length > 0 ? shipped : judged;
  const open = candidates.length ? candidates.map((j) => j.verdict.methods).reduce((a, b) => a.filter((m) => b.includes(m))) : [];

  // One return-shipping fee per return: the highest any line's rules ask for that method.
  const methods: MethodOption[] = open.map((m) => {
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
    // Waived when a line came back through the shop's fault, or when every line qualifies.
    const byControllable = shipped.some(
      (j) =>
        j.effects.feeWaivers?.controllableReasons &&
        j.effects.feeWaivers.fees.includes('return_shipping') &&
        isControllable(input, j),
    );
    const byChoice =
      shipped.length > 0 &&
      shipped.every((j) => feeWaived(j.effects, 'return_shipping', j.reason, parentOf(input, j.reason), j.resolution, m));
    const allWarranty = shipped.length > 0 && shipped.every((j) => j.verdict.flow === 'warranty');
    const waived = fee > 0 && (byControllable || byChoice || allWarranty);
    return { method: m, fee: waived ? 0 : fee, waived, source };
  });

  // Fees set by a rule the shop does not publish are never charged (Art. 14: the consumer pays
  // the return cost only when told beforehand).
  const undisclosed = shipped.some((j) => {
    const f = j.effects.returnShippingFee;
    const from = j.verdict.decidedBy.returnShippingFee;
    return f && from && !j.publicRules.has(from) && (f.amount > 0 || Object.values(f.perMethod).some((a) => (a ?? 0) > 0));
  });
  if (undisclosed) reasons.push({ code: 'FEE_NOT_DISCLOSED', severity: 'info', source: SOURCE_EU_LAW });

  const chosen = method ? methods.find((m) => m.method === method) : undefined;
  const returnShippingFee = chosen?.fee ?? 0;
  if (chosen && chosen.fee > 0)
    reasons.push({
      code: 'RETURN_SHIPPING_FEE',
      severity: 'info',
      source: chosen.source ?? SOURCE_DEFAULTS,
      params: { amount: chosen.fee, currency },
    });
  if (chosen?.waived) reasons.push({ code: 'FEE_WAIVED', severity: 'info', source: 'feeWaivers' });

  const eligibleLines = judged.filter((j) => j.verdict.eligible);
  const value = eligibleLines.reduce((s, j) => s + j.verdict.value, 0);
  const refundLines = eligibleLines.filter((j) => (j.resolution ?? 'refund') === 'refund');
  const creditLines = eligibleLines.filter((j) => j.resolution === 'store_credit');
  // Only money going back carries the fee: an exchange counts the item's whole value towards the
  // new one (the exchange order charges no restocking fee), so its fee is not shown as taken.
  const restockingFees = [...refundLines, ...creditLines].reduce((s, j) => s + j.verdict.restockingFee, 0);
  // What the settlement will pay, worked out as it will be: the same calculator, the same order of
  // refund before credit, the delivery cost when these lines complete the withdrawal of the order.
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
  // These lines and those of other returns that still stand (lines under review count: this is
  // what the settlement pays once they are approved).
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
  const withdrawn = wholeOrderWithdrawn(input.order.lines, units);
  const due = settleAtOnce({
    refundLines: refundLines.map(asRefundLine),
    creditLines: creditLines.map(asRefundLine),
    returnShippingFee,
    standardDelivery: { amount: delivery.amount, wholeOrderWithdrawn: withdrawn, alreadyRefunded: delivery.alreadyRefunded },
  });
  const bonus = due.credit.bonus;
  const deliveryRefund = due.refund.deliveryRefund + due.credit.deliveryRefund;
  const refund = due.refund.total;
  const storeCredit = due.credit.total + due.credit.bonus;

  return {
    evaluatedAt: input.now.toISOString(),
    currency,
    euConsumer,
    lines: judged.map((j) => j.verdict),
    methods,
    method,
    reasons,
    eligible: judged.length > 0 && judged.every((j) => j.verdict.eligible),
    autoApprove:
      judged.length > 0 &&
      judged.every((j) => j.verdict.eligible && j.verdict.autoApprove && !j.verdict.manualReview && !j.verdict.photoRequired),
    totals: { value, restockingFees, returnShippingFee, bonus, deliveryRefund, refund, storeCredit },
  };
}

function parentOf(input: EvaluationInput, reason: ReasonFacts | null): ReasonFacts | null {
  return reason?.parentCode ? (input.reasons.find((r) => r.code === reason.parentCode) ?? null) : null;
}

function isControllable(input: EvaluationInput, j: JudgedLine): boolean {
  return Boolean(j.reason?.controllable || parentOf(input, j.reason)?.controllable);
}

/** The same local date some years on; 29 February becomes 28 February in a common year. */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
