import { localDay } from '../calendar.js';
import { deepFreeze } from '../deepFreeze.js';
import {
  BLOCKED_EFFECT,
  type CompiledPolicy,
  type CompiledRule,
  type EffectList,
  EXCHANGE_ONLY_EFFECT,
  FINAL_SALE_EFFECT,
} from './compiledPolicy.js';
import type { OrderLineFacts, ReasonFacts } from './facts.js';
import type { Resolved } from './lineJudgement.js';
import { matchOrder, type RequestScope } from './requestScope.js';
import { SOURCE_CUSTOMER, SOURCE_PRODUCT } from './verdict.js';

export interface LineCascade {
  effects: Resolved;
  /** Who set each effect last: a rule id, the product, the customer segment, an exception or the defaults. */
  decidedBy: Record<string, string>;
  /** Rules whose conditions held for this line, in policy order. */
  firedRules: string[];
  /** Rules that depend on the shopper's reason, not yet known. */
  pendingOnReason: string[];
}

function apply(cascade: LineCascade, list: EffectList, source: string): void {
  const effects = cascade.effects as Record<string, unknown>;
  const { keys, values } = list;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    effects[key] = values[i];
    cascade.decidedBy[key] = source;
  }
}

/** Effects cascade of a compiled policy: defaults, then the product's own flags, then every
 * matching rule in order, then staff exceptions. Each effect remembers who set it last. Lines
 * whose flags and fired rules are the same get the same effects: without exceptions they are
 * worked out once per policy (see cascadeOf) and each line gets its own copy of who set what. */
export function cascadeLine(
  scope: RequestScope,
  line: OrderLineFacts,
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
): LineCascade {
  const { policy } = scope;
  const blocked = scope.input.customer.segment === 'blocked';
  // The order's local date is read at the first line judged, whether or not a rule asks for it, so
  // a time zone the calendar cannot read fails the same requests it always did.
  scope.orderMatches ??= matchOrder(scope, localDay(scope.input.order.placedAt.getTime(), scope.timeZone));
  const firedRules: string[] = [];
  const fired: number[] = [];
  const pendingOnReason: string[] = [];
  const { rules } = policy;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as (typeof rules)[number];
    if (!scope.orderMatches[i]) continue;
    if (rule.holdsForLine !== null && !rule.holdsForLine(line)) continue;
    if (rule.holdsForReason !== null) {
      if (!reason) {
        pendingOnReason.push(rule.id);
        continue;
      }
      if (!rule.holdsForReason(reason, parentReason)) continue;
    }
    firedRules.push(rule.id);
    fired.push(i);
  }
  if (scope.exceptions.length === 0) {
    const known = cascadeOf(policy, line.flags.finalSale, line.flags.exchangeOnly, blocked, fired);
    return { effects: known.effects, decidedBy: { ...known.decidedBy }, firedRules, pendingOnReason };
  }
  const cascade: LineCascade = {
    ...applyAll(policy, line.flags.finalSale, line.flags.exchangeOnly, blocked, fired),
    firedRules,
    pendingOnReason,
  };
  for (const exception of scope.exceptions) apply(cascade, exception.effects, exception.source);
  return cascade;
}

type Resolution = Pick<LineCascade, 'effects' | 'decidedBy'>;

/** The effects of the defaults, the product's flags, the customer segment and the fired rules, in that order. */
function applyAll(
  policy: CompiledPolicy,
  finalSale: boolean,
  exchangeOnly: boolean,
  blocked: boolean,
  fired: number[],
): Resolution {
  const cascade: LineCascade = {
    effects: { ...policy.document.defaults } as Resolved,
    decidedBy: { ...policy.defaultSources },
    firedRules: [],
    pendingOnReason: [],
  };
  if (finalSale) apply(cascade, FINAL_SALE_EFFECT, SOURCE_PRODUCT);
  if (exchangeOnly) apply(cascade, EXCHANGE_ONLY_EFFECT, SOURCE_PRODUCT);
  if (blocked) apply(cascade, BLOCKED_EFFECT, SOURCE_CUSTOMER);
  for (const i of fired) {
    const rule = policy.rules[i] as CompiledRule;
    apply(cascade, rule.effects, rule.id);
  }
  return { effects: cascade.effects, decidedBy: cascade.decidedBy };
}

/** Cascades already worked out, by flags and then by each fired rule in turn: a path through
 * the rules a line fired. The effects are shared and only read; who set what is copied per line. */
interface CascadeNode {
  known?: Resolution;
  next: Map<number, CascadeNode>;
}
/** How many cascades a policy keeps; past it, lines are worked out afresh. */
const MAX_KNOWN_CASCADES = 4096;
const knownCascades = new WeakMap<CompiledPolicy, { roots: (CascadeNode | undefined)[]; count: number }>();

function cascadeOf(
  policy: CompiledPolicy,
  finalSale: boolean,
  exchangeOnly: boolean,
  blocked: boolean,
  fired: number[],
): Resolution {
  let memo = knownCascades.get(policy);
  if (!memo) {
    memo = { roots: [], count: 0 };
    knownCascades.set(policy, memo);
  }
  const flags = (finalSale ? 1 : 0) + (exchangeOnly ? 2 : 0) + (blocked ? 4 : 0);
  let node: CascadeNode = memo.roots[flags] ?? { next: new Map() };
  memo.roots[flags] = node;
  for (const i of fired) {
    let next: CascadeNode | undefined = node.next.get(i);
    if (!next) {
      if (memo.count >= MAX_KNOWN_CASCADES) return applyAll(policy, finalSale, exchangeOnly, blocked, fired);
      next = { next: new Map() };
      node.next.set(i, next);
      memo.count++;
    }
    node = next;
  }
  if (!node.known) {
    // Frozen: every line that fires these rules shares the effects, and its verdict hands parts of them out.
    const known = applyAll(policy, finalSale, exchangeOnly, blocked, fired);
    deepFreeze(known.effects);
    node.known = known;
  }
  return node.known;
}
