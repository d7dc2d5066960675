import { demoPolicy } from '../src/demo/demoPolicy.js';
import { REASONS } from '../src/demo/reasons.js';
import { parsePolicyDocument } from '../src/domain/policy/document.js';
import { evaluatePolicy, type PolicyVerdict } from '../src/domain/policy/evaluate.js';
import { type EvaluationInput, NO_PRODUCT_FLAGS, type OrderLineFacts } from '../src/domain/policy/facts.js';
import { interpretPolicy } from '../src/domain/policy/reference/interpretPolicy.js';

type Evaluate = (input: EvaluationInput) => PolicyVerdict;

const policy = parsePolicyDocument(demoPolicy(2026));

function line(id: string, categoryPath: string[], over: Partial<OrderLineFacts> = {}): OrderLineFacts {
  return {
    id,
    sku: id.toUpperCase(),
    quantity: 2,
    quantityInReturns: 0,
    exchangesUsed: 0,
    paidAmount: 7990,
    deliveredAt: new Date('2026-11-10T14:00:00Z'),
    categoryPath,
    productTags: ['bestseller'],
    flags: NO_PRODUCT_FLAGS,
    ...over,
  };
}

/** The demo shop's policy on a 4-line order with 2 lines chosen: the shape of a typical request. */
export function twoLineRequest(): EvaluationInput {
  return {
    now: new Date('2026-11-20T20:00:00Z'),
    timeZone: 'Europe/Amsterdam',
    policy,
    order: {
      id: 'ord',
      placedAt: new Date('2026-11-07T10:00:00Z'),
      channel: 'webshop',
      shippingCountry: 'NL',
      currency: 'EUR',
      lines: [
        line('l1', ['tops', 'fashion']),
        line('l2', ['trousers', 'fashion']),
        line('l3', ['audio', 'electronics']),
        line('l4', ['shoes', 'fashion']),
      ],
    },
    customer: { id: 'cus', segment: 'standard', tags: [], returnRate: 0.2, returnCount: 2 },
    reasons: [
      { code: 'fit', parentCode: null, controllable: false, defect: false, requiresPhoto: false },
      { code: 'too_small', parentCode: 'fit', controllable: false, defect: false, requiresPhoto: false },
    ],
    selection: {
      lines: [
        { orderLineId: 'l1', quantity: 1, reasonCode: 'too_small', resolution: 'refund' },
        { orderLineId: 'l3', quantity: 1, reasonCode: 'too_small', resolution: 'store_credit' },
      ],
      method: 'qr',
    },
  };
}

/** A 10-line order with every line chosen, judged with the demo shop's whole reason catalogue:
 * electronics with a restocking fee, an item above the review limit, clearance, underwear, a
 * defect, a line partly in another return, a late delivery, refunds, credit and exchanges. */
export function tenLineRequest(): EvaluationInput {
  const late = new Date('2026-10-02T09:00:00Z');
  const lines = [
    line('l1', ['tops', 'fashion']),
    line('l2', ['trousers', 'fashion'], { quantity: 3, quantityInReturns: 1 }),
    line('l3', ['audio', 'electronics'], { paidAmount: 15_990, quantity: 1 }),
    line('l4', ['shoes', 'fashion'], { exchangesUsed: 2 }),
    line('l5', ['phones', 'electronics'], { paidAmount: 89_900, quantity: 1 }),
    line('l6', ['underwear', 'fashion'], { paidAmount: 1990 }),
    line('l7', ['tops', 'fashion'], { productTags: ['clearance'], paidAmount: 2990, quantity: 1 }),
    line('l8', ['accessories', 'fashion'], { paidAmount: 790, quantity: 1 }),
    line('l9', ['dresses', 'fashion'], { deliveredAt: late, paidAmount: 12_990, quantity: 1 }),
    line('l10', ['audio', 'electronics'], { paidAmount: 24_990, quantity: 1, deliveredAt: late }),
  ];
  const chosen: [string, number, string, 'refund' | 'store_credit' | 'exchange'][] = [
    ['l1', 1, 'too_small', 'refund'],
    ['l2', 2, 'too_large', 'exchange'],
    ['l3', 1, 'changed_mind', 'store_credit'],
    ['l4', 1, 'too_small', 'exchange'],
    ['l5', 1, 'not_as_described', 'refund'],
    ['l6', 2, 'changed_mind', 'store_credit'],
    ['l7', 1, 'better_price', 'refund'],
    ['l8', 1, 'wrong_item', 'refund'],
    ['l9', 1, 'changed_mind', 'refund'],
    ['l10', 1, 'defective', 'refund'],
  ];
  return {
    ...twoLineRequest(),
    // Past the withdrawal period and the late lines' window, inside the shop's window for the rest.
    now: new Date('2026-12-01T10:00:00Z'),
    order: {
      id: 'ord10',
      placedAt: new Date('2026-09-28T10:00:00Z'),
      channel: 'webshop',
      shippingCountry: 'NL',
      currency: 'EUR',
      lines,
      standardDelivery: { amount: 495, alreadyRefunded: false },
    },
    reasons: REASONS.map((r) => ({
      code: r.code,
      parentCode: r.parent,
      controllable: r.controllable,
      defect: r.defect,
      requiresPhoto: r.requiresPhoto,
    })),
    selection: {
      lines: chosen.map(([orderLineId, quantity, reasonCode, resolution]) => ({ orderLineId, quantity, reasonCode, resolution })),
      method: 'qr',
    },
  };
}

/** Evaluations per second of one input, after a warm-up, timed over `seconds`. */
function rate(evaluate: Evaluate, input: EvaluationInput, seconds: number): number {
  for (let i = 0; i < 2_000; i++) evaluate(input);
  let n = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 500; i++) evaluate(input);
    n += 500;
  }
  return (n / (performance.now() - started)) * 1000;
}

export interface PolicyEvaluationRate {
  /** Verdicts per second on the 2-line request, and the time of one. */
  perSecond: number;
  microseconds: number;
  /** Lines judged per second on the 10-line request, verdicts included. */
  linesPerSecond: number;
  tenLineMicroseconds: number;
  /** The same 10-line request judged by the reference interpreter: the compiled engine's gain,
   * whatever the machine. */
  interpreterLinesPerSecond: number;
}

/** How fast the policy engine judges: the pure part of every return request and of every
 * simulated one, on a 2-line and on a 10-line request. */
export function measurePolicyEvaluation(seconds = 2): PolicyEvaluationRate {
  const perSecond = rate(evaluatePolicy, twoLineRequest(), seconds);
  const tenLines = rate(evaluatePolicy, tenLineRequest(), seconds);
  const interpreted = rate(interpretPolicy, tenLineRequest(), seconds / 2);
  return {
    perSecond,
    microseconds: 1e6 / perSecond,
    linesPerSecond: tenLines * 10,
    tenLineMicroseconds: 1e6 / tenLines,
    interpreterLinesPerSecond: interpreted * 10,
  };
}
