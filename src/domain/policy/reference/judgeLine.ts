import { addDays, endOfLocalDay, localDate } from '../../calendar.js';
import type { Resolution } from '../../returnLifecycle.js';
import type { Severity, VerdictCode } from '../codes.js';
import type { PolicyEffects } from '../document.js';
import { LEGAL_GUARANTEE_YEARS, WARRANTY_RESOLUTIONS } from '../euLaw.js';
import type { EvaluationInput, LineSelection, OrderLineFacts, ReasonFacts } from '../facts.js';
import {
  addYears,
  createFindings,
  type Findings,
  type JudgedLine,
  type LawContext,
  type Resolved,
  sourceOf,
} from '../lineJudgement.js';
import { keepsItem, type LineMoney, lineMoney } from '../lineMoney.js';
import { SOURCE_CUSTOMER, SOURCE_DEFAULTS, SOURCE_EU_LAW, SOURCE_PRODUCT, SOURCE_WARRANTY } from '../verdict.js';
import { type LineContext, ruleMatches } from './conditions.js';

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

type Source = (effect: string) => string;

/** Judges one chosen line: the effects that hold for it, then its window, the shop's terms, the
 * law, what it may be resolved as, its money, and what is left of its deadline. */
export function judgeLine(
  input: EvaluationInput,
  line: OrderLineFacts,
  sel: LineSelection,
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
  law: LawContext,
): Omit<JudgedLine, 'line'> {
  const cascade = cascadeEffects(input, line, reason, parentReason, law);
  const { effects } = cascade;
  const src = sourceOf(cascade.decidedBy);
  const findings = createFindings();
  const window = judgeWindow(input, line, sel, effects, law, src, findings);
  const photoRequired = judgeTerms(line, effects, reason, src, findings);
  const { flow, guaranteeEnds } = judgeUnderLaw(input, line, sel, reason, parentReason, law, window, findings);
  judgeBlockedAndExceptions(effects, window.statutoryOverride, flow, cascade.allowedByException, src, findings);
  const { resolutions, maxExchanges } = allowedResolutions(effects, line, flow, window.statutoryOverride, src, findings);
  // A line that cannot come back costs nothing and earns nothing: its money is judged knowing that.
  const refused = findings.refused();
  const money = lineMoney(
    input,
    line,
    sel,
    { effects, reason, parentReason, law, flow, refused, statutoryOverride: window.statutoryOverride, resolutions, src },
    findings,
  );
  const keepItem = keepsItem(input, line, effects, money.value, refused, src, findings);
  const methods = [...(effects.methods ?? [])];
  if (methods.length === 0 && !keepItem) findings.add('NO_METHOD_ALLOWED', src('methods'));
  const deadline = remainingDeadline(input.now, window, flow, src, findings);
  findings.reasons.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return {
    verdict: {
      orderLineId: line.id,
      quantity: money.quantity,
      returnableQuantity: window.returnable,
      eligible: !findings.refused(),
      flow,
      reasons: findings.reasons,
      codes: findings.reasons.map((r) => r.code),
      lifted: findings.lifted,
      ...deadline,
      shopDeadline: window.shopDeadline,
      statutoryDeadline: law.statutoryDeadline,
      withinStatutoryPeriod: window.statutoryOverride,
      guaranteeEnds,
      resolutions,
      methods,
      ...moneyOfVerdict(money),
      keepItem,
      photoRequired,
      manualReview: findings.reasons.some((r) => r.severity === 'review'),
      autoApprove: effects.autoApprove ?? true,
      maxExchanges,
      diminishedValue: effects.diminishedValue ?? {},
      refundTiming: effects.refundTiming ?? 'inspection',
      instantExchange: effects.instantExchange ?? false,
      firedRules: cascade.firedRules,
      pendingOnReason: cascade.pendingOnReason,
      decidedBy: cascade.decidedBy,
    },
    effects,
    reason,
    resolution: money.resolution,
    publicRules: cascade.publicRules,
  };
}

const moneyOfVerdict = ({ value, restockingFee, bonus, bonusTerms }: LineMoney) => ({ value, restockingFee, bonus, bonusTerms });

/** Effects cascade: defaults, then the product's own flags, then every matching rule in order,
 * then staff exceptions. Each effect remembers who set it last. */
function cascadeEffects(
  input: EvaluationInput,
  line: OrderLineFacts,
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
  law: LawContext,
) {
  const { policy, timeZone, order, customer } = input;
  const ctx: LineContext = {
    line,
    order,
    customer,
    reason,
    parentReason,
    euConsumer: law.euConsumer,
    orderedOn: localDate(order.placedAt, timeZone),
  };
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
  return { effects, decidedBy, firedRules, pendingOnReason, publicRules, allowedByException };
}

type LineWindow = ReturnType<typeof judgeWindow>;

/** Quantities (facts, not policy), delivery, and the shop's window with for EU consumers the
 * statutory floor under it. */
function judgeWindow(
  input: EvaluationInput,
  line: OrderLineFacts,
  sel: LineSelection,
  effects: Resolved,
  law: LawContext,
  src: Source,
  findings: Findings,
) {
  const { now, timeZone, order } = input;
  const returnable = Math.max(line.quantity - line.quantityInReturns, 0);
  if (returnable === 0) findings.add('ALREADY_RETURNED', SOURCE_DEFAULTS);
  else if (sel.quantity > returnable)
    findings.add('QUANTITY_EXCEEDS_RETURNABLE', SOURCE_DEFAULTS, { requested: sel.quantity, returnable });
  if (!line.deliveredAt) findings.add('NOT_DELIVERED', SOURCE_DEFAULTS);

  const windowStart = effects.window.from === 'order' ? order.placedAt : line.deliveredAt;
  const shopDeadline = windowStart ? addDays(localDate(windowStart, timeZone), effects.window.days) : null;
  let deadline = shopDeadline;
  if (law.euConsumer && law.statutoryDeadline && (!deadline || law.statutoryDeadline > deadline))
    deadline = law.statutoryDeadline;
  const deadlineAt = deadline ? endOfLocalDay(deadline, timeZone) : null;
  const shopWindowOpen = shopDeadline !== null && now <= endOfLocalDay(shopDeadline, timeZone);
  // Law overrides shop refusals only while the shop's own terms would not already allow the return.
  const statutoryOverride = law.withinStatutoryPeriod && line.deliveredAt !== null;
  // Until the last item of an EU order arrives the withdrawal period has not started: no line of it is late.
  if (line.deliveredAt && deadlineAt && now > deadlineAt && !statutoryOverride)
    findings.add('WINDOW_EXPIRED', src('window'), { deadline: deadline ?? undefined });
  return { returnable, shopDeadline, deadline, deadlineAt, shopWindowOpen, statutoryOverride };
}

/** The shop's sale terms and the product's statutory exceptions; says whether a photo is asked. */
function judgeTerms(line: OrderLineFacts, effects: Resolved, reason: ReasonFacts | null, src: Source, findings: Findings) {
  if (effects.finalSale) findings.add('FINAL_SALE', src('finalSale'));
  if (line.flags.personalised) findings.add('STATUTORY_EXCEPTION_PERSONALISED', SOURCE_PRODUCT);
  if (line.flags.perishable) findings.add('STATUTORY_EXCEPTION_PERISHABLE', SOURCE_PRODUCT);
  // Sealed goods come back only unopened: a person checks, nothing is refused up front.
  if (line.flags.hygieneSealed) findings.add('STATUTORY_EXCEPTION_HYGIENE', SOURCE_PRODUCT);
  if (line.flags.sealedMedia) findings.add('STATUTORY_EXCEPTION_MEDIA', SOURCE_PRODUCT);
  if (effects.exchangeOnly) findings.add('EXCHANGE_ONLY', src('exchangeOnly'));
  if (effects.manualReview) findings.add('MANUAL_REVIEW', src('manualReview'));
  const photoRequired = Boolean(effects.photoRequired) || Boolean(reason?.requiresPhoto);
  if (photoRequired) findings.add('PHOTO_REQUIRED', effects.photoRequired ? src('photoRequired') : `reason:${reason?.code}`);
  return photoRequired;
}

/** The EU withdrawal right and the legal guarantee: what they set aside, and whether the line
 * goes the way of a normal return or of a guarantee claim. */
function judgeUnderLaw(
  input: EvaluationInput,
  line: OrderLineFacts,
  sel: LineSelection,
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
  law: LawContext,
  window: LineWindow,
  findings: Findings,
) {
  const { now, timeZone } = input;
  // Within the statutory period an EU consumer may withdraw from a final-sale or exchange-only
  // purchase and wants the money back: those shop terms give way (statutory exceptions do not).
  if (window.statutoryOverride && !window.shopWindowOpen) {
    // Past the shop's own window but inside the law's: say so.
    findings.add('EU_WITHDRAWAL_RIGHT', SOURCE_EU_LAW, { deadline: law.statutoryDeadline ?? undefined });
  }
  if (window.statutoryOverride) findings.lift(new Set<VerdictCode>(['FINAL_SALE', 'EXCHANGE_ONLY']), SOURCE_EU_LAW);

  // A reported defect the normal return cannot take goes to the legal guarantee; so does any
  // line the shopper explicitly claims under it (then repair or replacement comes first, even
  // inside the return window).
  let flow: 'return' | 'warranty' = 'return';
  const claimed = sel.defect === true;
  const defect = claimed || Boolean(reason?.defect || parentReason?.defect);
  const guaranteeEnds = line.deliveredAt ? addYears(localDate(line.deliveredAt, timeZone), LEGAL_GUARANTEE_YEARS) : null;
  const refusedByTerms = findings.reasons.some((r) => LIFTED_BY_WARRANTY.has(r.code) && r.severity === 'refusal');
  if (defect && guaranteeEnds && (claimed || refusedByTerms)) {
    if (now <= endOfLocalDay(guaranteeEnds, timeZone)) {
      flow = 'warranty';
      findings.lift(LIFTED_BY_WARRANTY, SOURCE_WARRANTY);
      findings.add('WARRANTY_CLAIM', SOURCE_WARRANTY, { deadline: guaranteeEnds });
    } else {
      findings.add('WARRANTY_EXPIRED', SOURCE_WARRANTY, { deadline: guaranteeEnds });
    }
  }
  return { flow, guaranteeEnds };
}

/** A blocked customer, and what a staff exception sets aside. */
function judgeBlockedAndExceptions(
  effects: Resolved,
  statutoryOverride: boolean,
  flow: 'return' | 'warranty',
  allowedByException: string | null,
  src: Source,
  findings: Findings,
) {
  // A blocked customer keeps their legal rights: inside them a person decides instead.
  if (effects.blocked) {
    if (statutoryOverride || flow === 'warranty') findings.add('CUSTOMER_BLOCKED_REVIEW', src('blocked'));
    else findings.add('CUSTOMER_BLOCKED', src('blocked'));
  }
  // A staff exception may set aside what the shop's terms refuse, never the physical facts.
  if (allowedByException) {
    const before = findings.lifted.length;
    findings.lift(LIFTABLE_BY_EXCEPTION, allowedByException);
    if (findings.lifted.length > before) findings.add('STAFF_EXCEPTION', allowedByException);
  }
}

/** Resolutions: the policy's list, narrowed by exchange-only and the exchange limit; the law
 * keeps a refund open within the withdrawal period; the guarantee has its own remedies. */
function allowedResolutions(
  effects: Resolved,
  line: OrderLineFacts,
  flow: 'return' | 'warranty',
  statutoryOverride: boolean,
  src: Source,
  findings: Findings,
) {
  let resolutions: Resolution[] =
    flow === 'warranty' ? [...WARRANTY_RESOLUTIONS] : [...(effects.resolutions ?? ['refund', 'store_credit', 'exchange'])];
  if (findings.has('EXCHANGE_ONLY')) resolutions = resolutions.filter((r) => r === 'exchange');
  const maxExchanges = effects.maxExchangesPerLine ?? null;
  if (maxExchanges !== null && line.exchangesUsed >= maxExchanges && resolutions.includes('exchange')) {
    resolutions = resolutions.filter((r) => r !== 'exchange');
    findings.add('EXCHANGE_LIMIT_REACHED', src('maxExchangesPerLine'), { limit: maxExchanges });
  }
  if (flow === 'return' && statutoryOverride && !resolutions.includes('refund')) resolutions.unshift('refund');
  if (resolutions.length === 0) findings.add('NO_RESOLUTION_ALLOWED', src('resolutions'));
  return { resolutions, maxExchanges };
}

/** What is left of the deadline once everything is judged. A line still open past its date is
 * open by the law before its period has started (the rest of a split delivery is on its way), by
 * a staff exception or under the guarantee: none of them ends on that date, so the line shows no
 * deadline rather than one in the past. */
function remainingDeadline(now: Date, window: LineWindow, flow: 'return' | 'warranty', src: Source, findings: Findings) {
  let { deadline, deadlineAt } = window;
  if (deadlineAt && now > deadlineAt && !findings.refused()) {
    deadline = null;
    deadlineAt = null;
  }
  if (deadline && !findings.has('WINDOW_EXPIRED') && flow === 'return')
    findings.add('RETURN_WINDOW', src('window'), { deadline });
  return { deadline, deadlineAt: deadlineAt?.toISOString() ?? null };
}
