import { demoPolicy } from '../src/demo/demoPolicy.js';
import { parsePolicyDocument } from '../src/domain/policy/document.js';
import { evaluatePolicy } from '../src/domain/policy/evaluate.js';
import { type EvaluationInput, NO_PRODUCT_FLAGS, type OrderLineFacts } from '../src/domain/policy/facts.js';

/** Evaluations per second of the demo shop's policy for a 4-line order with 2 lines chosen: the
 * pure part of every return request and of every simulated one. */
export function measurePolicyEvaluation(seconds = 2): { perSecond: number; microseconds: number } {
  const line = (id: string, categoryPath: string[]): OrderLineFacts => ({
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
  });
  const input: EvaluationInput = {
    now: new Date('2026-11-20T20:00:00Z'),
    timeZone: 'Europe/Amsterdam',
    policy: parsePolicyDocument(demoPolicy(2026)),
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
  for (let i = 0; i < 2_000; i++) evaluatePolicy(input);
  let n = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 500; i++) evaluatePolicy(input);
    n += 500;
  }
  const ms = performance.now() - started;
  return { perSecond: (n / ms) * 1000, microseconds: (ms * 1000) / n };
}
