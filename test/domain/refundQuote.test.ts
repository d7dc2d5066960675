import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PolicyDocumentInput, parsePolicyDocument } from '../../src/domain/policy/document.js';
import { evaluatePolicy } from '../../src/domain/policy/evaluate.js';
import { type EvaluationInput, NO_PRODUCT_FLAGS, type OrderLineFacts } from '../../src/domain/policy/facts.js';
import { calculateRefund } from '../../src/domain/refund.js';

// The shopper's summary (the policy verdict's totals) against the refund calculator that settles.

const at = (iso: string) => new Date(iso);

function line(id: string, over: Partial<OrderLineFacts> = {}): OrderLineFacts {
  return {
    id,
    sku: id.toUpperCase(),
    quantity: 1,
    quantityInReturns: 0,
    exchangesUsed: 0,
    paidAmount: 5000,
    deliveredAt: at('2026-03-02T14:00:00Z'),
    categoryPath: [],
    productTags: [],
    flags: NO_PRODUCT_FLAGS,
    ...over,
  };
}

function input(
  lines: OrderLineFacts[],
  selection: { id: string; quantity?: number; resolution?: 'refund' | 'store_credit' | 'exchange' }[],
  over: { country?: string; now?: string; policy?: Partial<PolicyDocumentInput>; alreadyRefunded?: boolean } = {},
): EvaluationInput {
  return {
    // Three days after delivery: within the EU withdrawal period.
    now: at(over.now ?? '2026-03-05T10:00:00Z'),
    timeZone: 'Europe/Amsterdam',
    policy: parsePolicyDocument({
      defaults: {
        window: { days: 30 },
        resolutions: ['refund', 'store_credit', 'exchange'],
        methods: ['qr', 'label'],
        returnShippingFee: { amount: 0, perMethod: { label: 395 } },
        bonus: { percent: 10, fixed: 0, for: ['store_credit'] },
      },
      ...over.policy,
    }),
    order: {
      id: 'o1',
      placedAt: at('2026-02-27T10:00:00Z'),
      channel: 'webshop',
      shippingCountry: over.country ?? 'NL',
      currency: 'EUR',
      lines,
      standardDelivery: { amount: 495, alreadyRefunded: over.alreadyRefunded ?? false },
    },
    customer: { id: 'c1', segment: 'standard', tags: [], returnRate: 0, returnCount: 0 },
    reasons: [{ code: 'fit', parentCode: null, controllable: false, defect: false, requiresPhoto: false }],
    selection: {
      lines: selection.map((s) => ({
        orderLineId: s.id,
        quantity: s.quantity ?? 1,
        reasonCode: 'fit',
        resolution: s.resolution ?? 'refund',
      })),
      method: 'label',
    },
  };
}

describe("the shopper's summary", () => {
  const order = [line('tee', { quantity: 2, paidAmount: 4000 }), line('jacket', { paidAmount: 9000 })];

  it('includes the delivery cost when the lines complete the withdrawal of the whole order', () => {
    const all = evaluatePolicy(input(order, [{ id: 'tee', quantity: 2 }, { id: 'jacket' }]));
    expect(all.totals).toMatchObject({ deliveryRefund: 495, refund: 13_000 - 395 + 495 });
    // With the units another standing return withdrew already.
    const rest = evaluatePolicy(
      input(
        [{ ...(order[0] as OrderLineFacts), quantityInReturns: 2, quantityWithdrawn: 2 }, order[1] as OrderLineFacts],
        [{ id: 'jacket' }],
      ),
    );
    expect(rest.totals).toMatchObject({ deliveryRefund: 495, refund: 9_000 - 395 + 495 });
  });

  it('leaves it out when a unit stays, a line is exchanged, the period is over, the shopper is outside the EU or it went back already', () => {
    const cases: EvaluationInput[] = [
      input(order, [{ id: 'tee', quantity: 1 }, { id: 'jacket' }]),
      input(order, [
        { id: 'tee', quantity: 2 },
        { id: 'jacket', resolution: 'exchange' },
      ]),
      input(order, [{ id: 'tee', quantity: 2 }, { id: 'jacket' }], { now: '2026-03-25T10:00:00Z' }),
      input(order, [{ id: 'tee', quantity: 2 }, { id: 'jacket' }], { country: 'US' }),
      input(order, [{ id: 'tee', quantity: 2 }, { id: 'jacket' }], { alreadyRefunded: true }),
      // Units in another return that does not withdraw them (an exchange, say) do not complete the order.
      input(
        [{ ...(order[0] as OrderLineFacts), quantityInReturns: 2, quantityWithdrawn: 0 }, order[1] as OrderLineFacts],
        [{ id: 'jacket' }],
      ),
    ];
    for (const c of cases) expect(evaluatePolicy(c).totals.deliveryRefund).toBe(0);
  });

  it('shows the restocking fee only of lines whose money goes back, not of an exchanged one', () => {
    const fee = { policy: { defaults: { window: { days: 30 }, restockingFee: { percent: 10, fixed: 0 } } } };
    const v = evaluatePolicy(
      input(
        [line('tee', { paidAmount: 2000 }), line('jacket', { paidAmount: 9000 })],
        [{ id: 'tee' }, { id: 'jacket', resolution: 'exchange' }],
        { country: 'US', ...fee },
      ),
    );
    expect(v.lines.map((l) => l.restockingFee)).toEqual([200, 900]);
    expect(v.totals.restockingFees).toBe(200);
    expect(v.totals.refund).toBe(2000 - 200 - v.totals.returnShippingFee);
  });

  it('promises no bonus on a line a restocking fee takes to nothing, and the bonus share of what is credited', () => {
    // Outside the EU the policy's restocking fee applies: the whole value of the tee.
    const fee = {
      policy: {
        defaults: {
          window: { days: 30 },
          restockingFee: { percent: 100, fixed: 0 },
          bonus: { percent: 10, fixed: 0, for: ['store_credit' as const] },
        },
      },
    };
    const v = evaluatePolicy(
      input([line('tee', { paidAmount: 2000 })], [{ id: 'tee', resolution: 'store_credit' }], { country: 'US', ...fee }),
    );
    expect(v.lines[0]?.bonus).toEqual({});
    expect(v.lines[0]?.codes).not.toContain('BONUS_CREDIT');
    expect(v.totals).toMatchObject({ bonus: 0, storeCredit: 0 });
    // Credit only: the label fee comes off the credit, and the bonus is on what is left.
    const credit = evaluatePolicy(
      input([line('tee', { paidAmount: 2000 })], [{ id: 'tee', resolution: 'store_credit' }], { country: 'US' }),
    );
    expect(credit.totals).toMatchObject({ storeCredit: 2_000 - 395 + 161, bonus: 161 });
  });

  it('refunds what the refund calculator would for the units chosen, whatever was returned of the line before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (quantity, paid, before, asked) => {
          const inReturns = Math.min(before, quantity - 1);
          const units = Math.min(asked, quantity - inReturns);
          const l = line('tee', { quantity, paidAmount: paid, quantityInReturns: inReturns });
          const v = evaluatePolicy(input([l], [{ id: 'tee', quantity: units }], { country: 'US' }));
          const settled = calculateRefund({
            lines: [
              {
                returnLineId: 'tee',
                linePaid: paid,
                lineTax: 0,
                lineQuantity: quantity,
                unitsBefore: inReturns,
                quantity: units,
                restockingFee: 0,
                grade: null,
                controllable: false,
                diminishedValue: {},
              },
            ],
            returnShippingFee: 395,
            returnShippingFeeCharged: false,
            standardDelivery: { amount: 495, wholeOrderWithdrawn: false, alreadyRefunded: false },
          });
          expect(v.lines[0]?.value).toBe(settled.paid);
          expect(v.totals.refund).toBe(settled.total);
        },
      ),
    );
  });
});
