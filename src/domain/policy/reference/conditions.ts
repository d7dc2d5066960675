import type { PolicyConditions } from '../document.js';
import type { CustomerFacts, OrderFacts, OrderLineFacts, ReasonFacts } from '../facts.js';

/** Everything a rule's conditions can look at for one line. */
export interface LineContext {
  line: OrderLineFacts;
  order: OrderFacts;
  customer: CustomerFacts;
  reason: ReasonFacts | null;
  parentReason: ReasonFacts | null;
  euConsumer: boolean;
  /** The order date in the shop's calendar, 'YYYY-MM-DD'. */
  orderedOn: string;
}

const anyOf = (wanted: readonly string[] | undefined, have: readonly string[]) =>
  wanted === undefined || wanted.some((w) => have.includes(w));
const within = (range: { min?: number; max?: number } | undefined, value: number) =>
  range === undefined || ((range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max));

/** Whether every condition holds. `'unknown'` when all known conditions hold but the rule also
 * asks about the reason, which the shopper has not given yet. */
export function ruleMatches(when: PolicyConditions, ctx: LineContext): boolean | 'unknown' {
  const { line, order, customer } = ctx;
  const unitPrice = line.quantity > 0 ? Math.round(line.paidAmount / line.quantity) : 0;
  const known =
    anyOf(when.categories, line.categoryPath) &&
    anyOf(when.productTags, line.productTags) &&
    anyOf(when.skus, [line.sku]) &&
    within(when.unitPrice, unitPrice) &&
    anyOf(when.channels, [order.channel]) &&
    anyOf(when.countries, [order.shippingCountry.toUpperCase()]) &&
    (when.region === undefined || (when.region === 'eu') === ctx.euConsumer) &&
    anyOf(when.segments, [customer.segment]) &&
    anyOf(when.customerTags, customer.tags) &&
    within(when.returnRate, customer.returnRate) &&
    within(when.returnCount, customer.returnCount) &&
    (when.riskSignals === undefined || (customer.risk !== undefined && anyOf(when.riskSignals, customer.risk.signals))) &&
    (when.riskScore === undefined || (customer.risk !== undefined && within(when.riskScore, customer.risk.score))) &&
    (when.orderedBetween === undefined ||
      ((!when.orderedBetween.from || ctx.orderedOn >= when.orderedBetween.from) &&
        (!when.orderedBetween.to || ctx.orderedOn <= when.orderedBetween.to)));
  if (!known) return false;
  const asksReason = when.reasons !== undefined || when.controllable !== undefined;
  if (!asksReason) return true;
  if (!ctx.reason) return 'unknown';
  const reasonCodes = [ctx.reason.code, ...(ctx.reason.parentCode ? [ctx.reason.parentCode] : [])];
  const controllable = ctx.reason.controllable || Boolean(ctx.parentReason?.controllable);
  return anyOf(when.reasons, reasonCodes) && (when.controllable === undefined || when.controllable === controllable);
}
