import { dayDate, dayOfDate, endOfLocalDayMs, localDay } from '../calendar.js';
import type { Resolution } from '../returnLifecycle.js';
import type { VerdictCode } from './codes.js';
import { LEGAL_GUARANTEE_YEARS, WARRANTY_RESOLUTIONS } from './euLaw.js';
import type { LineSelection, OrderLineFacts, ReasonFacts } from './facts.js';
import { cascadeLine } from './lineCascade.js';
import { LineFindings } from './lineFindings.js';
import type { JudgedLine, Resolved } from './lineJudgement.js';
import { addYears } from './lineJudgement.js';
import { keepsItem, lineMoney } from './lineMoney.js';
import type { RequestScope } from './requestScope.js';
import { SOURCE_DEFAULTS, SOURCE_EU_LAW, SOURCE_PRODUCT, SOURCE_WARRANTY } from './verdict.js';

/** Codes law or a staff exception may set aside; physical facts (not delivered, nothing left
 * to return) never are. */
const LIFTABLE_BY_EXCEPTION: ReadonlySet<VerdictCode> = new Set<VerdictCode>([
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
const LIFTED_BY_WARRANTY: ReadonlySet<VerdictCode> = new Set<VerdictCode>([
  'WINDOW_EXPIRED',
  'FINAL_SALE',
  'STATUTORY_EXCEPTION_PERSONALISED',
  'STATUTORY_EXCEPTION_PERISHABLE',
  'EXCHANGE_ONLY',
]);
/** What the withdrawal right sets aside: the shop's sale terms, never the statutory exceptions. */
const LIFTED_BY_WITHDRAWAL: ReadonlySet<VerdictCode> = new Set<VerdictCode>(['FINAL_SALE', 'EXCHANGE_ONLY']);

type Sources = Record<string, string>;
/** Who set an effect last: a rule id, or the defaults when nobody did. */
const sourceOf = (decidedBy: Sources, effect: string) => decidedBy[effect] ?? SOURCE_DEFAULTS;

/** Judges one chosen line with a compiled policy: the effects that hold for it, then its window,
 * the shop's terms, the law, what it may be resolved as, its money, and what is left of its
 * deadline. The same steps, reasons and order as the reference interpreter's judgeLine. */
export function judgeChosenLine(
  scope: RequestScope,
  line: OrderLineFacts,
  sel: LineSelection,
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
): JudgedLine {
  const cascade = cascadeLine(scope, line, reason, parentReason);
  const { effects, decidedBy } = cascade;
  const src = (effect: string) => sourceOf(decidedBy, effect);
  const findings = new LineFindings();
  const window = judgeWindow(scope, line, sel, effects, decidedBy, findings);
  const photoRequired = judgeTerms(line, effects, reason, decidedBy, findings);
  const { flow, guaranteeEnds } = judgeUnderLaw(scope, line, sel, reason, parentReason, window, findings);
  judgeBlockedAndExceptions(effects, window.statutoryOverride, flow, scope.allowedByException, decidedBy, findings);
  const { resolutions, maxExchanges } = allowedResolutions(effects, line, flow, window.statutoryOverride, decidedBy, findings);
  // A line that cannot come back costs nothing and earns nothing: its money is judged knowing that.
  const refused = findings.refused();
  const { statutoryOverride } = window;
  const money = lineMoney(
    scope.input,
    line,
    sel,
    { effects, reason, parentReason, law: scope.law, flow, refused, statutoryOverride, resolutions, src },
    findings,
  );
  const keepItem = keepsItem(scope.input, line, effects, money.value, refused, src, findings);
  const methods = effects.methods ? [...effects.methods] : [];
  if (methods.length === 0 && !keepItem) findings.add('NO_METHOD_ALLOWED', sourceOf(decidedBy, 'methods'));
  const deadline = remainingDeadline(scope, window, flow, decidedBy, findings);
  findings.sortBySeverity();
  return {
    line,
    verdict: {
      orderLineId: line.id,
      quantity: money.quantity,
      returnableQuantity: window.returnable,
      eligible: !findings.refused(),
      flow,
      reasons: findings.reasons,
      codes: findings.codes(),
      lifted: findings.lifted,
      deadline: deadline.deadline,
      deadlineAt: deadline.deadlineAt,
      shopDeadline: window.shopDeadline,
      statutoryDeadline: scope.statutoryDeadline,
      withinStatutoryPeriod: statutoryOverride,
      guaranteeEnds,
      resolutions,
      methods,
      value: money.value,
      restockingFee: money.restockingFee,
      bonus: money.bonus,
      bonusTerms: money.bonusTerms,
      keepItem,
      photoRequired,
      manualReview: findings.needsReview(),
      autoApprove: effects.autoApprove ?? true,
      maxExchanges,
      diminishedValue: effects.diminishedValue ?? {},
      refundTiming: effects.refundTiming ?? 'inspection',
      instantExchange: effects.instantExchange ?? false,
      firedRules: cascade.firedRules,
      pendingOnReason: cascade.pendingOnReason,
      decidedBy,
    },
    effects,
    reason,
    resolution: money.resolution,
    publicRules: scope.publicSources,
  };
}

interface LineWindow {
  returnable: number;
  shopDeadline: string | null;
  /** The later of the shop's deadline and, for EU consumers, the statutory one: a date, and the
   * last millisecond of that day in the shop's time zone. */
  deadline: string | null;
  deadlineAtMs: number | null;
  shopWindowOpen: boolean;
  statutoryOverride: boolean;
}

/** Quantities (facts, not policy), delivery, and the shop's window with for EU consumers the
 * statutory floor under it. Days are counted as day numbers; the dates are written once. */
function judgeWindow(
  scope: RequestScope,
  line: OrderLineFacts,
  sel: LineSelection,
  effects: Resolved,
  decidedBy: Sources,
  findings: LineFindings,
): LineWindow {
  const { nowMs, timeZone } = scope;
  const returnable = Math.max(line.quantity - line.quantityInReturns, 0);
  if (returnable === 0) findings.add('ALREADY_RETURNED', SOURCE_DEFAULTS);
  else if (sel.quantity > returnable)
    findings.add('QUANTITY_EXCEEDS_RETURNABLE', SOURCE_DEFAULTS, { requested: sel.quantity, returnable });
  if (!line.deliveredAt) findings.add('NOT_DELIVERED', SOURCE_DEFAULTS);

  const windowStart = effects.window.from === 'order' ? scope.input.order.placedAt : line.deliveredAt;
  const shopDay = windowStart ? localDay(windowStart.getTime(), timeZone) + effects.window.days : null;
  const shopDeadline = shopDay === null ? null : dayDate(shopDay);
  let deadlineDay = shopDay;
  let deadline = shopDeadline;
  if (scope.euConsumer && scope.statutoryDay !== null && (deadlineDay === null || scope.statutoryDay > deadlineDay)) {
    deadlineDay = scope.statutoryDay;
    deadline = scope.statutoryDeadline;
  }
  const deadlineAtMs = deadlineDay === null ? null : endOfLocalDayMs(deadlineDay, timeZone);
  const shopWindowOpen = shopDay !== null && nowMs <= endOfLocalDayMs(shopDay, timeZone);
  // Law overrides shop refusals only while the shop's own terms would not already allow the return.
  const statutoryOverride = scope.withinStatutoryPeriod && line.deliveredAt !== null;
  // Until the last item of an EU order arrives the withdrawal period has not started: no line of it is late.
  if (line.deliveredAt && deadlineAtMs !== null && nowMs > deadlineAtMs && !statutoryOverride)
    findings.add('WINDOW_EXPIRED', sourceOf(decidedBy, 'window'), { deadline: deadline ?? undefined });
  return { returnable, shopDeadline, deadline, deadlineAtMs, shopWindowOpen, statutoryOverride };
}

/** The shop's sale terms and the product's statutory exceptions; says whether a photo is asked. */
function judgeTerms(
  line: OrderLineFacts,
  effects: Resolved,
  reason: ReasonFacts | null,
  decidedBy: Sources,
  findings: LineFindings,
): boolean {
  const { flags } = line;
  if (effects.finalSale) findings.add('FINAL_SALE', sourceOf(decidedBy, 'finalSale'));
  if (flags.personalised) findings.add('STATUTORY_EXCEPTION_PERSONALISED', SOURCE_PRODUCT);
  if (flags.perishable) findings.add('STATUTORY_EXCEPTION_PERISHABLE', SOURCE_PRODUCT);
  // Sealed goods come back only unopened: a person checks, nothing is refused up front.
  if (flags.hygieneSealed) findings.add('STATUTORY_EXCEPTION_HYGIENE', SOURCE_PRODUCT);
  if (flags.sealedMedia) findings.add('STATUTORY_EXCEPTION_MEDIA', SOURCE_PRODUCT);
  if (effects.exchangeOnly) findings.add('EXCHANGE_ONLY', sourceOf(decidedBy, 'exchangeOnly'));
  if (effects.manualReview) findings.add('MANUAL_REVIEW', sourceOf(decidedBy, 'manualReview'));
  const photoRequired = Boolean(effects.photoRequired) || Boolean(reason?.requiresPhoto);
  if (photoRequired)
    findings.add('PHOTO_REQUIRED', effects.photoRequired ? sourceOf(decidedBy, 'photoRequired') : `reason:${reason?.code}`);
  return photoRequired;
}

/** The end of the legal guarantee by the local day of delivery, as a date and a day number. */
const guaranteeEndings = new Map<number, { date: string; day: number }>();

function guaranteeEndOf(delivered: number): { date: string; day: number } {
  let end = guaranteeEndings.get(delivered);
  if (end === undefined) {
    const date = addYears(dayDate(delivered), LEGAL_GUARANTEE_YEARS);
    end = { date, day: dayOfDate(date) };
    if (guaranteeEndings.size > 10_000) guaranteeEndings.clear();
    guaranteeEndings.set(delivered, end);
  }
  return end;
}

/** The EU withdrawal right and the legal guarantee: what they set aside, and whether the line
 * goes the way of a normal return or of a guarantee claim. */
function judgeUnderLaw(
  scope: RequestScope,
  line: OrderLineFacts,
  sel: LineSelection,
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
  window: LineWindow,
  findings: LineFindings,
): { flow: 'return' | 'warranty'; guaranteeEnds: string | null } {
  // Within the statutory period an EU consumer may withdraw from a final-sale or exchange-only
  // purchase and wants the money back: those shop terms give way (statutory exceptions do not).
  if (window.statutoryOverride && !window.shopWindowOpen) {
    // Past the shop's own window but inside the law's: say so.
    findings.add('EU_WITHDRAWAL_RIGHT', SOURCE_EU_LAW, { deadline: scope.statutoryDeadline ?? undefined });
  }
  if (window.statutoryOverride) findings.lift(LIFTED_BY_WITHDRAWAL, SOURCE_EU_LAW);

  // A reported defect the normal return cannot take goes to the legal guarantee; so does any
  // line the shopper explicitly claims under it (then repair or replacement comes first, even
  // inside the return window).
  let flow: 'return' | 'warranty' = 'return';
  const claimed = sel.defect === true;
  const defect = claimed || Boolean(reason?.defect || parentReason?.defect);
  const guarantee = line.deliveredAt ? guaranteeEndOf(localDay(line.deliveredAt.getTime(), scope.timeZone)) : null;
  if (defect && guarantee && (claimed || findings.refusedBy(LIFTED_BY_WARRANTY))) {
    if (scope.nowMs <= endOfLocalDayMs(guarantee.day, scope.timeZone)) {
      flow = 'warranty';
      findings.lift(LIFTED_BY_WARRANTY, SOURCE_WARRANTY);
      findings.add('WARRANTY_CLAIM', SOURCE_WARRANTY, { deadline: guarantee.date });
    } else {
      findings.add('WARRANTY_EXPIRED', SOURCE_WARRANTY, { deadline: guarantee.date });
    }
  }
  return { flow, guaranteeEnds: guarantee ? guarantee.date : null };
}

/** A blocked customer, and what a staff exception sets aside. */
function judgeBlockedAndExceptions(
  effects: Resolved,
  statutoryOverride: boolean,
  flow: 'return' | 'warranty',
  allowedByException: string | null,
  decidedBy: Sources,
  findings: LineFindings,
): void {
  // A blocked customer keeps their legal rights: inside them a person decides instead.
  if (effects.blocked) {
    if (statutoryOverride || flow === 'warranty') findings.add('CUSTOMER_BLOCKED_REVIEW', sourceOf(decidedBy, 'blocked'));
    else findings.add('CUSTOMER_BLOCKED', sourceOf(decidedBy, 'blocked'));
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
  decidedBy: Sources,
  findings: LineFindings,
): { resolutions: Resolution[]; maxExchanges: number | null } {
  let resolutions: Resolution[] =
    flow === 'warranty' ? [...WARRANTY_RESOLUTIONS] : [...(effects.resolutions ?? ['refund', 'store_credit', 'exchange'])];
  if (findings.has('EXCHANGE_ONLY')) resolutions = resolutions.filter((r) => r === 'exchange');
  const maxExchanges = effects.maxExchangesPerLine ?? null;
  if (maxExchanges !== null && line.exchangesUsed >= maxExchanges && resolutions.includes('exchange')) {
    resolutions = resolutions.filter((r) => r !== 'exchange');
    findings.add('EXCHANGE_LIMIT_REACHED', sourceOf(decidedBy, 'maxExchangesPerLine'), { limit: maxExchanges });
  }
  if (flow === 'return' && statutoryOverride && !resolutions.includes('refund')) resolutions.unshift('refund');
  if (resolutions.length === 0) findings.add('NO_RESOLUTION_ALLOWED', sourceOf(decidedBy, 'resolutions'));
  return { resolutions, maxExchanges };
}

/** What is left of the deadline once everything is judged. A line still open past its date is
 * open by the law before its period has started (the rest of a split delivery is on its way), by
 * a staff exception or under the guarantee: none of them ends on that date, so the line shows no
 * deadline rather than one in the past. */
function remainingDeadline(
  scope: RequestScope,
  window: LineWindow,
  flow: 'return' | 'warranty',
  decidedBy: Sources,
  findings: LineFindings,
): { deadline: string | null; deadlineAt: string | null } {
  let { deadline, deadlineAtMs } = window;
  if (deadlineAtMs !== null && scope.nowMs > deadlineAtMs && !findings.refused()) {
    deadline = null;
    deadlineAtMs = null;
  }
  if (deadline && !findings.has('WINDOW_EXPIRED') && flow === 'return')
    findings.add('RETURN_WINDOW', sourceOf(decidedBy, 'window'), { deadline });
  return { deadline, deadlineAt: deadlineAtMs === null ? null : instantText(deadlineAtMs) };
}

/** ISO texts of the ends of days, which many lines share. */
const instantTexts = new Map<number, string>();

function instantText(ms: number): string {
  let text = instantTexts.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (instantTexts.size > 10_000) instantTexts.clear();
    instantTexts.set(ms, text);
  }
  return text;
}
