import { checkLineEligibility, type LineVerdict } from '../../domain/eligibility.js';
import type { Resolution, ReturnStatus } from '../../domain/returnLifecycle.js';
import { DAY, type DemoOrder, type DemoOrderLine, HOUR, MINUTE } from './orders.js';
import type { DemoRandom } from './random.js';
import { REASON_WEIGHTS } from './reasons.js';

/** The shop settings the return history must respect. */
export interface ReturnRules {
  windowDays: number;
  shipByDays: number;
  autoApprove: boolean;
}

/** How long each step of a return took (ms). Sampled per return, used by the plan and the story. */
export interface Timing {
  decision: number;
  ship: number;
  transit: number;
  inspect: number;
  settle: number;
  close: number;
  cancel: number;
  expiryLag: number;
  lost: number;
}

export interface PlannedLine {
  orderLine: DemoOrderLine;
  quantity: number;
  reasonCode: string;
  resolution: Resolution;
  verdict: LineVerdict;
}

/** Everything decided about a return before its history is written. */
export interface ReturnPlan {
  order: DemoOrder;
  status: ReturnStatus;
  createdAt: Date;
  timing: Timing;
  /** A person looks at it before approval (sealed goods, or a hold by the risk check). */
  reviewed: boolean;
  holdReason: string;
  source: 'portal' | 'agent';
  method: 'qr' | 'label' | 'store' | 'pickup';
  lines: PlannedLine[];
}

const FOREVER = Number.POSITIVE_INFINITY;

function sampleTiming(r: DemoRandom): Timing {
  // Whole milliseconds: the times end up in ids, which encode an integer clock.
  const between = (min: number, max: number) => Math.round(r.between(min, max));
  return {
    decision: between(2 * HOUR, 40 * HOUR),
    ship: between(6 * HOUR, 5 * DAY),
    transit: between(1 * DAY, 3 * DAY),
    inspect: between(2 * HOUR, 2 * DAY),
    settle: between(1 * HOUR, 1 * DAY),
    close: between(1 * DAY, 7 * DAY),
    cancel: between(1 * HOUR, 4 * DAY),
    expiryLag: between(1 * HOUR, 10 * HOUR),
    lost: between(8 * DAY, 15 * DAY),
  };
}

/** When a return reaches `status` (ms after its request) and how long it may then rest there
 * before the next step would surely have happened. An open return older than that would look
 * forgotten (an approved one would have expired), so plans keep within it. */
export function statusWindow(status: ReturnStatus, t: Timing, reviewed: boolean, rules: ReturnRules) {
  const approved = reviewed ? t.decision : 0;
  const shipped = approved + t.ship;
  const received = shipped + t.transit;
  const inspected = received + t.inspect;
  const resolved = inspected + t.settle;
  const windows: Record<ReturnStatus, [number, number]> = {
    // The app submits a request at once; a return still "requested" is caught in that moment.
    requested: [0, 2 * HOUR],
    under_review: [0, 3 * DAY],
    approved: [approved, rules.shipByDays * DAY],
    in_transit: [shipped, 7 * DAY],
    received: [received, 3 * DAY],
    inspected: [inspected, 3 * DAY],
    resolved: [resolved, 7 * DAY],
    closed: [resolved + t.close, FOREVER],
    rejected: [t.decision, FOREVER],
    cancelled: [approved + t.cancel, FOREVER],
    expired: [approved + rules.shipByDays * DAY + t.expiryLag, FOREVER],
    lost: [shipped + t.lost, FOREVER],
  };
  const [start, dwell] = windows[status];
  return { start, dwell };
}

/** How often returns end up in each status, before what their age allows is considered. */
const STATUS_WEIGHTS: Record<ReturnStatus, number> = {
  closed: 40,
  approved: 8,
  in_transit: 7,
  rejected: 6,
  cancelled: 5,
  expired: 5,
  resolved: 5,
  received: 4,
  under_review: 3,
  inspected: 3,
  requested: 1,
  lost: 1,
};

/** Every delivered line arrived: returns are requested for fully delivered orders only. */
export function deliveredAt(order: DemoOrder): Date | null {
  let last = 0;
  for (const l of order.lines) {
    if (!l.deliveredAt) return null;
    last = Math.max(last, l.deliveredAt.getTime());
  }
  return new Date(last);
}

const needsReviewFlags = (l: DemoOrderLine) => l.variant.flags.has('hygieneSealed') || l.variant.flags.has('sealedMedia');

function chooseResolution(r: DemoRandom, line: DemoOrderLine, reasonCode: string): Resolution {
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

/** Plans one return of `order` in `status`, or null when its dates or lines do not allow it. */
function planReturn(
  r: DemoRandom,
  order: DemoOrder,
  status: ReturnStatus | 'any',
  now: Date,
  rules: ReturnRules,
): ReturnPlan | null {
  const delivered = deliveredAt(order);
  if (!delivered) return null;
  const timing = sampleTiming(r);
  const reviewed = !rules.autoApprove || order.lines.some(needsReviewFlags) || r.chance(0.08);
  // Requests come in at least an hour after delivery and a few days before the window closes.
  const earliest = delivered.getTime() + HOUR;
  const latest = Math.min(delivered.getTime() + (rules.windowDays - 2) * DAY, now.getTime() - MINUTE);
  const range = (s: ReturnStatus) => {
    const w = statusWindow(s, timing, reviewed || s === 'under_review' || s === 'rejected', rules);
    const lo = Math.max(earliest, now.getTime() - w.start - w.dwell);
    const hi = Math.min(latest, now.getTime() - w.start - MINUTE);
    return hi > lo ? { lo, hi, open: w.dwell !== FOREVER } : null;
  };
  let chosen: ReturnStatus;
  if (status === 'any') {
    const feasible = (Object.keys(STATUS_WEIGHTS) as ReturnStatus[]).filter((s) => range(s));
    if (feasible.length === 0) return null;
    chosen = r.weighted(feasible.map((s) => [s, STATUS_WEIGHTS[s]] as const));
  } else chosen = status;
  const window = range(chosen);
  if (!window) return null;
  // Finished returns were mostly asked for soon after delivery; open ones are spread over
  // the time they may have rested in their status.
  const at = window.lo + (window.hi - window.lo) * (window.open ? r.next() : r.next() ** 2);
  const createdAt = new Date(Math.floor(at));

  const lines: PlannedLine[] = [];
  const orderDeliveredAt = delivered;
  for (const orderLine of order.lines) {
    // Bracketers send back one of two sizes; others keep most of what they ordered.
    if (!r.chance(order.lines.length === 1 ? 1 : 0.55)) continue;
    const quantity = r.int(1, orderLine.quantity);
    const verdict = checkLineEligibility({
      quantityOrdered: orderLine.quantity,
      quantityAlreadyReturned: 0,
      quantityRequested: quantity,
      orderDeliveredAt,
      lineDeliveredAt: orderLine.deliveredAt,
      shippingCountry: order.country,
      shopWindowDays: rules.windowDays,
      flags: {
        finalSale: orderLine.variant.flags.has('finalSale'),
        personalised: orderLine.variant.flags.has('personalised'),
        perishable: orderLine.variant.flags.has('perishable'),
        hygieneSealed: orderLine.variant.flags.has('hygieneSealed'),
        sealedMedia: orderLine.variant.flags.has('sealedMedia'),
      },
      now: createdAt,
    });
    // The portal would refuse the line, so it is not in the request.
    if (!verdict.eligible) continue;
    const reasonCode = r.weighted(REASON_WEIGHTS[orderLine.variant.kind]);
    lines.push({ orderLine, quantity, reasonCode, resolution: chooseResolution(r, orderLine, reasonCode), verdict });
  }
  if (lines.length === 0) return null;

  const bulky = order.lines.some((l) => l.unitPrice >= 25000);
  const inNl = order.country === 'NL';
  return {
    order,
    status: chosen,
    createdAt,
    timing,
    reviewed: reviewed || chosen === 'under_review' || chosen === 'rejected',
    holdReason: order.total >= 30000 ? 'high_value' : 'customer_history',
    source: r.chance(0.88) ? 'portal' : 'agent',
    method: r.weighted([
      ['qr', 45],
      ['label', 35],
      ['store', inNl ? 15 : 0],
      ['pickup', bulky ? 25 : 0],
    ] as const),
    lines,
  };
}

/** Chooses which orders come back and how far each return got. The first returns take one
 * status each (the statuses hardest to place first), so even a small demo shows every screen;
 * the rest follow the usual mix, limited by what their age allows. */
export function planReturns(r: DemoRandom, orders: DemoOrder[], now: Date, rules: ReturnRules): ReturnPlan[] {
  const plans: ReturnPlan[] = [];
  const used = new Set<DemoOrder>();
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
  for (const status of coverage) {
    for (const order of delivered) {
      if (used.has(order)) continue;
      const plan = planReturn(r, order, status, now, rules);
      if (!plan) continue;
      plans.push(plan);
      used.add(order);
      break;
    }
  }
  for (const order of delivered) {
    if (used.has(order)) continue;
    const hasFashion = order.lines.some((l) => l.variant.kind === 'fashion');
    const bracketed = new Set(order.lines.map((l) => l.variant.productId)).size < order.lines.length;
    if (!r.chance(bracketed ? 0.7 : hasFashion ? 0.17 : 0.07)) continue;
    const plan = planReturn(r, order, 'any', now, rules);
    if (plan) plans.push(plan);
  }
  return plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
