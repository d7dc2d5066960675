import { dayDate, dayOfDate, endOfLocalDayMs, localDay, statutoryDeadlineDate } from '../calendar.js';
import { type CompiledPolicy, type EffectList, effectList, isOrdinaryWindow, type OrderScope } from './compiledPolicy.js';
import type { ReturnMethod } from './document.js';
import { EU_WITHDRAWAL_DAYS, isEuCountry } from './euLaw.js';
import type { EvaluationInput, ReasonFacts } from './facts.js';
import type { LawContext } from './lineJudgement.js';

/** What every line of one request shares: the law's view of the whole order, the staff
 * exceptions, and the rules' order-wide conditions, judged once. */
export interface RequestScope {
  input: EvaluationInput;
  policy: CompiledPolicy;
  nowMs: number;
  timeZone: string;
  euConsumer: boolean;
  /** The end of the statutory withdrawal period, as a date and a day number (null before full delivery). */
  statutoryDeadline: string | null;
  statutoryDay: number | null;
  withinStatutoryPeriod: boolean;
  method: ReturnMethod | null;
  /** The same facts as the line's money reads them. */
  law: LawContext;
  /** Sources whose fees may be charged: the policy's public ones and this request's exceptions. */
  publicSources: ReadonlySet<string>;
  exceptions: { source: string; effects: EffectList }[];
  /** The last exception that allows the return, which sets aside what the shop's terms refuse. */
  allowedByException: string | null;
  /** Per rule, whether its order-wide conditions hold; judged at the first line. */
  orderMatches: boolean[] | null;
}

/** Instants the day arithmetic handles exactly: every date it derives (windows up to ten years,
 * the two-year guarantee) keeps a four-digit year, as the 'YYYY-MM-DD' strings it stands for do. */
const ORDINARY_FROM = Date.UTC(1100, 0, 1);
const ORDINARY_TO = Date.UTC(9800, 0, 1);
const ordinaryInstant = (instant: Date | null) =>
  instant === null || (instant.getTime() >= ORDINARY_FROM && instant.getTime() <= ORDINARY_TO);

/** Whether the compiled engine judges this request exactly as the reference interpreter does:
 * instants in the years day numbers stand for, and windows of whole days within the schema's range. */
export function isOrdinaryRequest(input: EvaluationInput, policy: CompiledPolicy): boolean {
  if (!policy.ordinaryWindows || !ordinaryInstant(input.now) || !ordinaryInstant(input.order.placedAt)) return false;
  for (const line of input.order.lines) if (!ordinaryInstant(line.deliveredAt)) return false;
  for (const exception of input.exceptions ?? []) if (!isOrdinaryWindow(exception.effects.window)) return false;
  return true;
}

/** The request's shared facts; the law's deadline is read from the shop's calendar only when the
 * order is an EU consumer's and fully delivered, as before. */
export function requestScope(input: EvaluationInput, policy: CompiledPolicy): RequestScope {
  const { order, timeZone } = input;
  const nowMs = input.now.getTime();
  const euConsumer = isEuCountry(order.shippingCountry);
  let statutoryDeadline: string | null = null;
  let statutoryDay: number | null = null;
  if (euConsumer && order.lines.length > 0) {
    // The withdrawal period starts when the last item arrives.
    let last = Number.NEGATIVE_INFINITY;
    for (const line of order.lines) {
      if (line.deliveredAt === null) {
        last = Number.NaN;
        break;
      }
      last = Math.max(last, line.deliveredAt.getTime());
    }
    if (!Number.isNaN(last)) {
      const statutory = statutoryDeadlineOf(localDay(last, timeZone));
      statutoryDeadline = statutory.date;
      statutoryDay = statutory.day;
    }
  }
  // Before the last item arrives the withdrawal period has not even started.
  const withinStatutoryPeriod = euConsumer && (statutoryDay === null || nowMs <= endOfLocalDayMs(statutoryDay, timeZone));
  // The policy's set is shared by every request: exceptions go into a copy of it.
  let withExceptions: Set<string> | null = null;
  const exceptions: RequestScope['exceptions'] = [];
  let allowedByException: string | null = null;
  for (const exception of input.exceptions ?? []) {
    const source = `exception:${exception.id}`;
    exceptions.push({ source, effects: effectList(exception.effects) });
    withExceptions ??= new Set(policy.publicSources);
    withExceptions.add(source);
    if (exception.allowReturn) allowedByException = source;
  }
  const publicSources: ReadonlySet<string> = withExceptions ?? policy.publicSources;
  const method = input.selection?.method ?? null;
  return {
    input,
    policy,
    nowMs,
    timeZone,
    euConsumer,
    statutoryDeadline,
    statutoryDay,
    withinStatutoryPeriod,
    method,
    law: { euConsumer, statutoryDeadline, withinStatutoryPeriod, method },
    publicSources,
    exceptions,
    allowedByException,
    orderMatches: null,
  };
}

/** Statutory deadlines by the local day of the last delivery: the working-day calendar is the same
 * for every order delivered that day. */
const statutoryDeadlines = new Map<number, { date: string; day: number }>();

function statutoryDeadlineOf(delivered: number): { date: string; day: number } {
  let deadline = statutoryDeadlines.get(delivered);
  if (deadline === undefined) {
    const date = statutoryDeadlineDate(dayDate(delivered), EU_WITHDRAWAL_DAYS);
    deadline = { date, day: dayOfDate(date) };
    if (statutoryDeadlines.size > 10_000) statutoryDeadlines.clear();
    statutoryDeadlines.set(delivered, deadline);
  }
  return deadline;
}

/** Judges the rules' order-wide conditions for the request, reading the order's local date once. */
export function matchOrder(scope: RequestScope, orderedOnDay: number): boolean[] {
  const { input, policy } = scope;
  const orderScope: OrderScope = {
    order: input.order,
    customer: input.customer,
    euConsumer: scope.euConsumer,
    orderedOn: policy.readsOrderDate ? dayDate(orderedOnDay) : '',
  };
  return policy.rules.map((rule) => rule.holdsForOrder === null || rule.holdsForOrder(orderScope));
}

/** The reason with this code; the last one listed wins, as in a map built from the list. */
export function reasonByCode(reasons: readonly ReasonFacts[], code: string | null | undefined): ReasonFacts | null {
  if (!code) return null;
  for (let i = reasons.length - 1; i >= 0; i--) if ((reasons[i] as ReasonFacts).code === code) return reasons[i] as ReasonFacts;
  return null;
}

/** The first reason with this code, as the summary looks a parent up. */
export function firstReasonByCode(reasons: readonly ReasonFacts[], code: string | null | undefined): ReasonFacts | null {
  if (!code) return null;
  for (const r of reasons) if (r.code === code) return r;
  return null;
}
