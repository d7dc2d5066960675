import type { PolicyDocument, ReturnMethod } from '../domain/policy/document.js';
import { evaluatePolicy, type LineVerdict, type PolicyVerdict } from '../domain/policy/evaluate.js';
import type { CustomerFacts, EvaluationInput, OrderFacts, ReasonFacts } from '../domain/policy/facts.js';
import type { Resolution, ReturnStatus } from '../domain/returnLifecycle.js';
import { DAY, type DemoOrder, type DemoOrderLine, HOUR, MINUTE } from './orders.js';
import { CustomerHistory, orderFacts } from './policyFacts.js';
import type { DemoRandom } from './random.js';
import { REASON_WEIGHTS } from './reasons.js';
import { FOREVER, STATUS_WEIGHTS, sampleTiming, statusWindow, type Timing } from './returnTiming.js';

export type { Timing } from './returnTiming.js';

/** What the return history must respect: the shop's ship-by days and the policy version that
 * judges every demo return, with the reference data the policy engine reads. */
export interface ReturnRules {
  shipByDays: number;
  policy: PolicyDocument;
  /** The shop's time zone: return windows are counted in its calendar days. */
  timeZone: string;
  reasons: ReasonFacts[];
  /** Category code → the code and its ancestors' codes. */
  categoryPaths: Map<string, string[]>;
}

export interface PlannedLine {
  orderLine: DemoOrderLine;
  quantity: number;
  reasonCode: string;
  /** Allowed by the line's verdict. */
  resolution: Resolution;
  /** The policy's verdict on the line at the moment of the request. */
  verdict: LineVerdict;
}

/** Everything decided about a return before its history is written. */
export interface ReturnPlan {
  order: DemoOrder;
  status: ReturnStatus;
  createdAt: Date;
  timing: Timing;
  /** A person looks at it before approval (the policy asks for it, or the risk check holds it). */
  reviewed: boolean;
  /** The policy approves the request at once when no line needs a person. */
  autoApprove: boolean;
  holdReason: string;
  source: 'portal' | 'agent';
  /** One of the methods the verdict allows for the lines. */
  method: ReturnMethod;
  lines: PlannedLine[];
  totals: PolicyVerdict['totals'];
}

/** Every delivered line arrived: returns are requested for fully delivered orders only. */
export function deliveredAt(order: DemoOrder): Date | null {
  let last = 0;
  for (const l of order.lines) {
    if (!l.deliveredAt) return null;
    last = Math.max(last, l.deliveredAt.getTime());
  }
  return new Date(last);
}

/** What the shopper would like; the policy may narrow it down. */
function wantedResolution(r: DemoRandom, line: DemoOrderLine, reasonCode: string): Resolution {
  if (line.variant.flags.has('exchangeOnly')) return r.chance(0.7) ? 'exchange' : 'store_credit';
  const weights: readonly (readonly [Resolution, number])[] =
    reasonCode === 'too_small' || reasonCode === 'too_large'
      ? [
          ['exchange', 40],
          ['refund', 45],
          ['store_credit', 15],
        ]
      : (reasonCode === 'defective' || reasonCode === 'damaged_in_transit') && line.variant.kind === 'electronics'
        ? [
            ['replacement', 30],
            ['refund', 60],
            ['store_credit', 10],
          ]
        : [
            ['refund', 80],
            ['store_credit', 20],
          ];
  return r.weighted(weights);
}

/** The wanted resolution when the verdict allows it, otherwise another it allows (the portal
 * offers only those). Repairs are left to staff: the demo's shoppers pick something else. */
function allowedResolution(r: DemoRandom, wanted: Resolution, allowed: Resolution[]): Resolution | null {
  if (allowed.includes(wanted)) return wanted;
  const offered = allowed.filter((x) => x !== 'repair' && x !== 'keep');
  if (offered.length > 0) return r.pick(offered);
  return allowed.length > 0 ? r.pick(allowed) : null;
}

/** How the shopper sends it back, among the methods the verdict allows: the store is in
 * Amsterdam, a pickup is for bulky parcels. */
function chooseMethod(r: DemoRandom, order: DemoOrder, allowed: ReturnMethod[]): ReturnMethod | null {
  const bulky = order.lines.some((l) => l.unitPrice >= 25000);
  const weights = (
    [
      ['qr', 45],
      ['label', 35],
      ['store', order.country === 'NL' ? 15 : 0],
      ['pickup', bulky ? 25 : 0],
    ] as const
  ).filter(([m, w]) => w > 0 && allowed.includes(m));
  if (weights.length > 0) return r.weighted(weights);
  return allowed.length > 0 ? r.pick(allowed) : null;
}

interface Pick {
  orderLine: DemoOrderLine;
  quantity: number;
  reasonCode: string;
  resolution: Resolution;
}

/** The request as the shopper sends it at `at`, judged by the policy. When the policy does not
 * take it as it is (a line refused, a resolution or method not allowed at that moment), the
 * shopper adjusts it as the portal would let them: lines it refuses are left out, resolution and
 * method become ones it allows, and the adjusted request is judged again. Null when no line may
 * come back. */
function judgeRequest(
  r: DemoRandom,
  base: Omit<EvaluationInput, 'now' | 'selection'>,
  order: DemoOrder,
  picks: Pick[],
  wantedMethod: ReturnMethod | null,
  at: Date,
): { lines: PlannedLine[]; method: ReturnMethod; verdict: PolicyVerdict } | null {
  const judge = (chosen: Pick[], method: ReturnMethod | null) =>
    evaluatePolicy({
      ...base,
      now: at,
      selection: {
        lines: chosen.map((p) => ({
          orderLineId: p.orderLine.id,
          quantity: p.quantity,
          reasonCode: p.reasonCode,
          resolution: p.resolution,
        })),
        method,
      },
    });
  const taken = (verdict: PolicyVerdict, chosen: Pick[], method: ReturnMethod | null): PlannedLine[] | null => {
    if (!method || !verdict.methods.some((m) => m.method === method)) return null;
    const lines: PlannedLine[] = [];
    for (const p of chosen) {
      const v = verdict.lines.find((l) => l.orderLineId === p.orderLine.id);
      // Returnless refunds are not part of the demo's history: every line travels.
      if (!v?.eligible || v.keepItem || !v.resolutions.includes(p.resolution)) return null;
      lines.push({
        orderLine: p.orderLine,
        quantity: p.quantity,
        reasonCode: p.reasonCode,
        resolution: p.resolution,
        verdict: v,
      });
    }
    return lines;
  };

  let verdict = judge(picks, wantedMethod);
  let lines = taken(verdict, picks, wantedMethod);
  if (lines && wantedMethod) return { lines, method: wantedMethod, verdict };
  const kept: Pick[] = [];
  for (const p of picks) {
    const v = verdict.lines.find((l) => l.orderLineId === p.orderLine.id);
    if (!v?.eligible || v.keepItem) continue;
    const resolution = allowedResolution(r, p.resolution, v.resolutions);
    if (resolution) kept.push({ ...p, resolution });
  }
  if (kept.length === 0) return null;
  // Methods open to the lines that travel (the ones kept).
  const open = verdict.methods.map((m) => m.method);
  const method = wantedMethod && open.includes(wantedMethod) ? wantedMethod : chooseMethod(r, order, open);
  verdict = judge(kept, method);
  // Same facts, same moment: what the policy allowed a moment ago it allows again.
  lines = taken(verdict, kept, method);
  return lines && method ? { lines, method, verdict } : null;
}

/** What the shopper picks: bracketers send back one of two sizes; others keep most of what they ordered. */
function pickLines(r: DemoRandom, order: DemoOrder): Pick[] {
  const picks: Pick[] = [];
  for (const orderLine of order.lines) {
    if (!r.chance(order.lines.length === 1 ? 1 : 0.55)) continue;
    const quantity = r.int(1, orderLine.quantity);
    const reasonCode = r.weighted(REASON_WEIGHTS[orderLine.variant.kind]);
    picks.push({ orderLine, quantity, reasonCode, resolution: wantedResolution(r, orderLine, reasonCode) });
  }
  return picks;
}

type JudgeBase = Omit<EvaluationInput, 'now' | 'customer' | 'selection'>;

/** A first look as the portal opens: when the lines' windows close, how they may be sent back,
 * and whether the policy will want a person to look (a guess: some of it depends on the moment
 * of the request). */
function glance(r: DemoRandom, order: DemoOrder, picks: Pick[], base: JudgeBase, delivered: Date, customer: CustomerFacts) {
  const verdict = evaluatePolicy({
    ...base,
    now: delivered,
    customer,
    selection: {
      lines: picks.map((p) => ({ orderLineId: p.orderLine.id, quantity: p.quantity, reasonCode: p.reasonCode })),
    },
  });
  const wantedMethod = chooseMethod(
    r,
    order,
    verdict.methods.map((m) => m.method),
  );
  let closes = Number.NEGATIVE_INFINITY;
  for (const v of verdict.lines) if (v.deadlineAt) closes = Math.max(closes, Date.parse(v.deadlineAt));
  // The shop's risk check holds some returns the policy would approve at once.
  const riskHold = r.chance(0.08);
  const reviewed = riskHold || verdict.lines.some((v) => v.eligible && (v.manualReview || v.photoRequired || !v.autoApprove));
  return { wantedMethod, closes, riskHold, reviewed };
}

/** When a return in `status` may have been requested: at least an hour after delivery, a couple
 * of days before the window closes, and early enough to have got that far by now. */
function requestRange(delivered: Date, closes: number, now: Date, timing: Timing, rules: ReturnRules) {
  const earliest = delivered.getTime() + HOUR;
  const latest = Math.min(closes - 2 * DAY, now.getTime() - MINUTE);
  return (s: ReturnStatus, isReviewed: boolean) => {
    const w = statusWindow(s, timing, isReviewed || s === 'under_review' || s === 'rejected', rules.shipByDays);
    const lo = Math.max(earliest, now.getTime() - w.start - w.dwell);
    const hi = Math.min(latest, now.getTime() - w.start - MINUTE);
    return hi > lo ? { lo, hi, open: w.dwell !== FOREVER } : null;
  };
}

/** Plans one return of `order` in `status`, or null when its dates, lines or the policy do not allow it. */
function planReturn(
  r: DemoRandom,
  order: DemoOrder,
  status: ReturnStatus | 'any',
  now: Date,
  rules: ReturnRules,
  history: CustomerHistory,
  facts: OrderFacts,
): ReturnPlan | null {
  const delivered = deliveredAt(order);
  if (!delivered) return null;
  const timing = sampleTiming(r);
  const picks = pickLines(r, order);
  if (picks.length === 0) return null;
  const base = { timeZone: rules.timeZone, policy: rules.policy, order: facts, reasons: rules.reasons };
  const customerAt = (at: Date) => history.facts(order, at.getTime());
  const first = glance(r, order, picks, base, delivered, customerAt(delivered));
  const range = requestRange(delivered, first.closes, now, timing, rules);
  let reviewed = first.reviewed;
  let chosen: ReturnStatus;
  if (status === 'any') {
    const feasible = (Object.keys(STATUS_WEIGHTS) as ReturnStatus[]).filter((s) => range(s, reviewed));
    if (feasible.length === 0) return null;
    chosen = r.weighted(feasible.map((s) => [s, STATUS_WEIGHTS[s]] as const));
  } else chosen = status;
  const forced = chosen === 'under_review' || chosen === 'rejected';

  // Whether a person decides changes when the return could have got this far; the verdict at the
  // moment of the request says whether one does. Try a moment, and again if the guess was wrong.
  for (let attempt = 0; attempt < 3; attempt++) {
    const window = range(chosen, reviewed);
    if (!window) return null;
    // Finished returns were mostly asked for soon after delivery; open ones are spread over
    // the time they may have rested in their status.
    const at = window.lo + (window.hi - window.lo) * (window.open ? r.next() : r.next() ** 2);
    const createdAt = new Date(Math.floor(at));
    const request = judgeRequest(r, { ...base, customer: customerAt(createdAt) }, order, picks, first.wantedMethod, createdAt);
    if (!request) return null;
    const { lines, method, verdict } = request;
    const needsPerson = !verdict.autoApprove || lines.some((l) => l.verdict.manualReview || l.verdict.photoRequired);
    const actual = first.riskHold || needsPerson;
    if (actual !== reviewed && !forced) {
      reviewed = actual;
      continue;
    }
    return {
      order,
      status: chosen,
      createdAt,
      timing,
      reviewed: actual || forced,
      autoApprove: verdict.autoApprove,
      holdReason: order.total >= 30000 ? 'high_value' : 'customer_history',
      source: r.chance(0.88) ? 'portal' : 'agent',
      method,
      lines,
      totals: verdict.totals,
    };
  }
  return null;
}

/** Whether two lines of the order are variants of one product (sizes bracketed). */
function twoOfOneProduct(order: DemoOrder): boolean {
  const { lines } = order;
  for (let i = 1; i < lines.length; i++) {
    const product = lines[i]!.variant.productId;
    for (let j = 0; j < i; j++) if (lines[j]!.variant.productId === product) return true;
  }
  return false;
}

/** Chooses which orders come back and how far each return got. The first returns take one
 * status each (the statuses hardest to place first), so even a small demo shows every screen;
 * the rest follow the usual mix, limited by what their age allows. It pauses (yields) after every
 * `stride` orders it looked at, so the caller can do other work between, and returns the plans in
 * the order they were requested. */
export function* planReturns(
  r: DemoRandom,
  orders: DemoOrder[],
  now: Date,
  rules: ReturnRules,
  stride = 50,
): Generator<void, ReturnPlan[]> {
  const plans: ReturnPlan[] = [];
  const used = new Set<DemoOrder>();
  const history = new CustomerHistory(orders);
  const facts = new Map<DemoOrder, OrderFacts>();
  const plan = (order: DemoOrder, status: ReturnStatus | 'any') => {
    let f = facts.get(order);
    if (!f) {
      f = orderFacts(order, rules.categoryPaths);
      facts.set(order, f);
    }
    const made = planReturn(r, order, status, now, rules, history, f);
    if (made) {
      plans.push(made);
      used.add(order);
      history.add(made);
    }
    return made;
  };
  const delivered = r.shuffle(orders.filter((o) => deliveredAt(o)));
  const coverage: ReturnStatus[] = [
    'requested',
    'under_review',
    'received',
    'inspected',
    'resolved',
    'in_transit',
    'approved',
    'expired',
    'lost',
    'rejected',
    'cancelled',
    'closed',
  ];
  let looked = 0;
  for (const status of coverage) {
    for (const order of delivered) {
      if (used.has(order)) continue;
      if (++looked % stride === 0) yield;
      if (plan(order, status)) break;
    }
  }
  for (const order of delivered) {
    if (used.has(order)) continue;
    if (++looked % stride === 0) yield;
    const hasFashion = order.lines.some((l) => l.variant.kind === 'fashion');
    const bracketed = twoOfOneProduct(order);
    if (!r.chance(bracketed ? 0.7 : hasFashion ? 0.17 : 0.07)) continue;
    plan(order, 'any');
  }
  return plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
