import type { PolicyConditions, PolicyDocument, PolicyEffects } from './document.js';
import type { CustomerFacts, OrderFacts, OrderLineFacts, ReasonFacts } from './facts.js';
import { SOURCE_CUSTOMER, SOURCE_DEFAULTS, SOURCE_PRODUCT } from './verdict.js';

/** A published policy version turned once into what judging a line needs: each rule's conditions
 * as predicates split by what they read (the order and customer, the line, the shopper's reason),
 * its effects as a flat list, and the defaults and public rules ready to copy. A request then
 * judges its order-wide conditions once and each line only on what differs between lines. */

/** What the order-wide conditions read; the same for every line of a request. */
export interface OrderScope {
  order: OrderFacts;
  customer: CustomerFacts;
  euConsumer: boolean;
  /** The order date in the shop's calendar, 'YYYY-MM-DD'; read only by `orderedBetween`. */
  orderedOn: string;
}

type OrderTest = (scope: OrderScope) => boolean;
type LineTest = (line: OrderLineFacts) => boolean;
type ReasonTest = (reason: ReasonFacts, parent: ReasonFacts | null) => boolean;

/** The effects a rule, an exception or the product sets, in the order it lists them, undefined
 * ones left out: a later source overrides what an earlier one set. */
export interface EffectList {
  keys: (keyof PolicyEffects)[];
  values: unknown[];
}

export interface CompiledRule {
  id: string;
  /** Null when the rule says nothing about the order or customer. */
  holdsForOrder: OrderTest | null;
  /** Null when the rule says nothing about the product or its price. */
  holdsForLine: LineTest | null;
  /** Null when the rule does not ask about the reason; else the rule waits for one. */
  holdsForReason: ReasonTest | null;
  readsOrderDate: boolean;
  effects: EffectList;
}

export interface CompiledPolicy {
  document: PolicyDocument;
  /** Enabled rules only, in cascade order. */
  rules: CompiledRule[];
  /** Every effect key of the defaults, each set by the defaults. */
  defaultSources: Record<string, string>;
  /** The sources whose fees may be charged: the defaults, product flags, customer segment and the
   * enabled public rules (a request's staff exceptions are added to a copy). */
  publicSources: ReadonlySet<string>;
  /** Whether a rule reads the local date the order was placed. */
  readsOrderDate: boolean;
  /** Whether every window the document sets is a whole number of days in the schema's range, so
   * day arithmetic stays within four-digit years (see evaluatePolicy). */
  ordinaryWindows: boolean;
}

/** Effects set by product flags and the customer segment, which apply before any rule. */
export const FINAL_SALE_EFFECT: EffectList = { keys: ['finalSale'], values: [true] };
export const EXCHANGE_ONLY_EFFECT: EffectList = { keys: ['exchangeOnly'], values: [true] };
export const BLOCKED_EFFECT: EffectList = { keys: ['blocked'], values: [true] };

/** The effects an object sets, in its own key order, as the cascade applies them. */
export function effectList(effects: PolicyEffects): EffectList {
  const list: EffectList = { keys: [], values: [] };
  for (const [key, value] of Object.entries(effects) as [keyof PolicyEffects, unknown][]) {
    if (value === undefined) continue;
    list.keys.push(key);
    list.values.push(value);
  }
  return list;
}

/** Whether a window is one the day arithmetic handles exactly (see CompiledPolicy.ordinaryWindows). */
export function isOrdinaryWindow(window: PolicyEffects['window'] | undefined): boolean {
  return window === undefined || (Number.isInteger(window.days) && window.days >= 0 && window.days <= 3650);
}

const compiled = new WeakMap<PolicyDocument, CompiledPolicy>();

/** The compiled form of a parsed policy document, made on first use and kept as long as the
 * document is: a published version's document is parsed once and never changes. */
export function compiledPolicy(document: PolicyDocument): CompiledPolicy {
  let hit = compiled.get(document);
  if (!hit) {
    hit = compilePolicy(document);
    compiled.set(document, hit);
  }
  return hit;
}

function compilePolicy(document: PolicyDocument): CompiledPolicy {
  const defaultSources: Record<string, string> = {};
  for (const key of Object.keys(document.defaults)) defaultSources[key] = SOURCE_DEFAULTS;
  const publicSources = new Set<string>([SOURCE_DEFAULTS, SOURCE_PRODUCT, SOURCE_CUSTOMER]);
  const rules: CompiledRule[] = [];
  let ordinaryWindows = isOrdinaryWindow(document.defaults.window);
  for (const rule of document.rules) {
    if (!rule.enabled) continue;
    if (rule.public) publicSources.add(rule.id);
    ordinaryWindows &&= isOrdinaryWindow(rule.effects.window);
    rules.push({ id: rule.id, ...compileConditions(rule.when), effects: effectList(rule.effects) });
  }
  return {
    document,
    rules,
    defaultSources,
    publicSources,
    readsOrderDate: rules.some((r) => r.readsOrderDate),
    ordinaryWindows,
  };
}

/** A list condition holds when any wanted value is among those the facts have. */
function anyOf(wanted: readonly string[], have: readonly string[]): boolean {
  for (const w of wanted) if (have.includes(w)) return true;
  return false;
}

type Range = { min?: number; max?: number };

/** A range holds for a value at or between its bounds; a bound left out holds for any value. */
function withinRange(range: Range): ((value: number) => boolean) | null {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) return (v) => v >= min && v <= max;
  if (min !== undefined) return (v) => v >= min;
  if (max !== undefined) return (v) => v <= max;
  return null;
}

/** All tests must hold; null when there are none. */
function allOf<T>(tests: ((facts: T) => boolean)[]): ((facts: T) => boolean) | null {
  if (tests.length <= 1) return tests[0] ?? null;
  return (facts) => {
    for (const test of tests) if (!test(facts)) return false;
    return true;
  };
}

/** Each condition as a predicate on what it reads; the same answers as matching the conditions
 * one by one against the line (see ruleMatches in reference/conditions.ts). */
function compileConditions(when: PolicyConditions) {
  return {
    holdsForOrder: allOf(orderTests(when)),
    holdsForLine: allOf(lineTests(when)),
    holdsForReason: when.reasons !== undefined || when.controllable !== undefined ? reasonTest(when) : null,
    readsOrderDate: when.orderedBetween !== undefined,
  };
}

function lineTests(when: PolicyConditions): LineTest[] {
  const tests: LineTest[] = [];
  const { categories, productTags, skus } = when;
  if (categories !== undefined) tests.push((line) => anyOf(categories, line.categoryPath));
  if (productTags !== undefined) tests.push((line) => anyOf(productTags, line.productTags));
  if (skus !== undefined) tests.push((line) => skus.includes(line.sku));
  const unitPrice = when.unitPrice ? withinRange(when.unitPrice) : null;
  if (unitPrice) tests.push((line) => unitPrice(line.quantity > 0 ? Math.round(line.paidAmount / line.quantity) : 0));
  return tests;
}

function orderTests(when: PolicyConditions): OrderTest[] {
  const tests: OrderTest[] = [];
  const { channels, countries, region, segments, customerTags, orderedBetween } = when;
  if (channels !== undefined) tests.push((s) => channels.includes(s.order.channel));
  if (countries !== undefined) tests.push((s) => countries.includes(s.order.shippingCountry.toUpperCase()));
  if (region !== undefined) tests.push((s) => (region === 'eu') === s.euConsumer);
  if (segments !== undefined) tests.push((s) => segments.includes(s.customer.segment));
  if (customerTags !== undefined) tests.push((s) => anyOf(customerTags, s.customer.tags));
  const returnRate = when.returnRate ? withinRange(when.returnRate) : null;
  if (returnRate) tests.push((s) => returnRate(s.customer.returnRate));
  const returnCount = when.returnCount ? withinRange(when.returnCount) : null;
  if (returnCount) tests.push((s) => returnCount(s.customer.returnCount));
  // Risk conditions hold only where a return is being asked and its risk was worked out.
  const { riskSignals } = when;
  if (riskSignals !== undefined) tests.push((s) => s.customer.risk !== undefined && anyOf(riskSignals, s.customer.risk.signals));
  if (when.riskScore !== undefined) {
    const riskScore = withinRange(when.riskScore);
    tests.push((s) => s.customer.risk !== undefined && (riskScore === null || riskScore(s.customer.risk.score)));
  }
  if (orderedBetween !== undefined) {
    const { from, to } = orderedBetween;
    if (from) tests.push((s) => s.orderedOn >= from);
    if (to) tests.push((s) => s.orderedOn <= to);
  }
  return tests;
}

function reasonTest(when: PolicyConditions): ReasonTest {
  const { reasons, controllable } = when;
  return (reason, parent) =>
    (reasons === undefined ||
      reasons.includes(reason.code) ||
      (Boolean(reason.parentCode) && reasons.includes(reason.parentCode as string))) &&
    (controllable === undefined || controllable === (reason.controllable || Boolean(parent?.controllable)));
}
