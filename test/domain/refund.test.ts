import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bonusOn,
  calculateRefund,
  type RefundInput,
  type RefundLineInput,
  settleAtOnce,
  type WithdrawnLineFacts,
  wholeOrderWithdrawn,
  withdrawnUnits,
} from '../../src/domain/refund.js';
import { GRADES } from '../../src/domain/returnLifecycle.js';

const line = (over: Partial<RefundLineInput> = {}): RefundLineInput => ({
  returnLineId: 'rl_1',
  linePaid: 10_000,
  lineTax: 1_736,
  lineQuantity: 1,
  unitsBefore: 0,
  quantity: 1,
  restockingFee: 0,
  grade: null,
  controllable: false,
  diminishedValue: {},
  ...over,
});

const input = (lines: RefundLineInput[], over: Partial<RefundInput> = {}): RefundInput => ({
  lines,
  returnShippingFee: 0,
  returnShippingFeeCharged: false,
  standardDelivery: { amount: 0, wholeOrderWithdrawn: false, alreadyRefunded: false },
  ...over,
});

describe('refund calculator', () => {
  it('refunds what the units paid after discounts, tax included, unit by unit', () => {
    // Three units that paid €100.00 together: 33.34 + 33.33 + 33.33, over two returns.
    const first = calculateRefund(input([line({ linePaid: 10_000, lineTax: 1_736, lineQuantity: 3, quantity: 1 })]));
    const rest = calculateRefund(
      input([line({ linePaid: 10_000, lineTax: 1_736, lineQuantity: 3, unitsBefore: 1, quantity: 2 })]),
    );
    expect(first.total).toBe(3_334);
    expect(rest.total).toBe(6_666);
    expect((first.lines[0]?.tax ?? 0) + (rest.lines[0]?.tax ?? 0)).toBe(1_736);
  });

  it('takes the restocking fee and the grade deduction per line, the shipping fee once per return', () => {
    const r = calculateRefund(
      input(
        [
          line({ returnLineId: 'a', linePaid: 6_000, restockingFee: 600, grade: 'C', diminishedValue: { C: 20 } }),
          line({ returnLineId: 'b', linePaid: 4_000, grade: 'A', diminishedValue: { C: 20 } }),
        ],
        { returnShippingFee: 495 },
      ),
    );
    expect(r.lines.map((l) => [l.restockingFee, l.diminishedValue])).toEqual([
      [600, 1_200],
      [0, 0],
    ]);
    expect(r.returnShippingFee).toBe(495);
    expect(r.total).toBe(10_000 - 600 - 1_200 - 495);
    const again = calculateRefund(input([line({ linePaid: 4_000 })], { returnShippingFee: 495, returnShippingFeeCharged: true }));
    expect(again.returnShippingFee).toBe(0);
  });

  it('deducts nothing for a defect or a reason that is the shop’s doing, and refunds nothing for an item that is not ours', () => {
    const r = calculateRefund(
      input([
        line({ returnLineId: 'defect', grade: 'F', diminishedValue: { C: 50, D: 50 } }),
        line({ returnLineId: 'damaged', grade: 'D', controllable: true, diminishedValue: { D: 50 } }),
        line({ returnLineId: 'swap', grade: 'X', diminishedValue: { D: 50 } }),
      ]),
    );
    expect(r.lines.map((l) => [l.returnLineId, l.refund, l.note])).toEqual([
      ['defect', 10_000, null],
      ['damaged', 10_000, null],
      ['swap', 0, 'NOT_OUR_ITEM'],
    ]);
  });

  it('adds the standard delivery cost once when the whole order is withdrawn', () => {
    const lines = [line({ returnLineId: 'a', linePaid: 3_000 }), line({ returnLineId: 'b', linePaid: 7_000 })];
    const withdrawn = calculateRefund(
      input(lines, { standardDelivery: { amount: 495, wholeOrderWithdrawn: true, alreadyRefunded: false } }),
    );
    expect(withdrawn.deliveryRefund).toBe(495);
    expect(withdrawn.total).toBe(10_495);
    expect(withdrawn.lines.map((l) => l.deliveryShare)).toEqual([149, 346]);
    const twice = calculateRefund(
      input(lines, { standardDelivery: { amount: 495, wholeOrderWithdrawn: true, alreadyRefunded: true } }),
    );
    expect(twice.deliveryRefund).toBe(0);
  });

  const lineArb = fc
    .record({
      linePaid: fc.integer({ min: 0, max: 2_000_000 }),
      lineQuantity: fc.integer({ min: 1, max: 12 }),
      unitsBefore: fc.integer({ min: 0, max: 12 }),
      quantity: fc.integer({ min: 0, max: 15 }),
      restockingFee: fc.integer({ min: 0, max: 3_000_000 }),
      grade: fc.constantFrom(null, ...GRADES),
      controllable: fc.boolean(),
      c: fc.integer({ min: 0, max: 150 }),
      d: fc.integer({ min: 0, max: 150 }),
      taxShare: fc.integer({ min: 0, max: 30 }),
    })
    .map(({ c, d, taxShare, ...r }) =>
      line({ ...r, lineTax: Math.floor((r.linePaid * taxShare) / 130), diminishedValue: { C: c, D: d } }),
    );

  const refundArb = fc.record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
    returnShippingFee: fc.integer({ min: 0, max: 5_000_000 }),
    returnShippingFeeCharged: fc.boolean(),
    standardDelivery: fc.record({
      amount: fc.integer({ min: 0, max: 10_000 }),
      wholeOrderWithdrawn: fc.boolean(),
      alreadyRefunded: fc.boolean(),
    }),
  });

  it('never refunds more than was paid, never goes negative, and its parts add up exactly', () => {
    fc.assert(
      fc.property(refundArb, (r) => {
        const out = calculateRefund(r);
        const sum = (f: (l: (typeof out.lines)[number]) => number) => out.lines.reduce((s, l) => s + f(l), 0);
        expect(out.total).toBe(sum((l) => l.refund));
        expect(out.total).toBe(
          out.paid - out.withheld - out.restockingFees - out.diminishedValue - out.returnShippingFee + out.deliveryRefund,
        );
        expect(sum((l) => l.shippingFeeShare)).toBe(out.returnShippingFee);
        expect(sum((l) => l.deliveryShare)).toBe(out.deliveryRefund);
        expect(out.total).toBeLessThanOrEqual(out.paid + out.deliveryRefund);
        expect(out.deliveryRefund).toBeLessThanOrEqual(r.standardDelivery.amount);
        for (const l of out.lines) {
          expect(l.refund).toBeGreaterThanOrEqual(0);
          expect(l.refund).toBeLessThanOrEqual(l.paid + l.deliveryShare);
          expect(l.tax).toBeLessThanOrEqual(l.paid);
        }
      }),
    );
  });

  it('splits a line over any sequence of partial returns so that they add up to what it paid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
        (paid, parts) => {
          const units = parts.reduce((s, p) => s + p, 0);
          let before = 0;
          let refunded = 0;
          for (const quantity of parts) {
            refunded += calculateRefund(
              input([line({ linePaid: paid, lineQuantity: units, unitsBefore: before, quantity })]),
            ).total;
            before += quantity;
          }
          expect(refunded).toBe(paid);
        },
      ),
    );
  });

  it('gives the store-credit bonus on what is credited after fees and deductions, nothing on a line worth nothing', () => {
    const terms = { percent: 10, fixed: 0 };
    const r = calculateRefund(
      input(
        [
          // The restocking fee takes the whole line: nothing credited, no bonus.
          line({ returnLineId: 'fee', linePaid: 2_000, restockingFee: 2_000, bonus: terms }),
          // €60 less a €6 fee and 20 % for grade C: €42 credited, €4.20 bonus.
          line({
            returnLineId: 'graded',
            linePaid: 6_000,
            restockingFee: 600,
            grade: 'C',
            diminishedValue: { C: 20 },
            bonus: terms,
          }),
          line({ returnLineId: 'swap', linePaid: 3_000, grade: 'X', bonus: terms }),
        ],
        { standardDelivery: { amount: 495, wholeOrderWithdrawn: true, alreadyRefunded: false } },
      ),
    );
    expect(r.lines.map((l) => [l.returnLineId, l.refund - l.deliveryShare, l.bonus])).toEqual([
      ['fee', 0, 0],
      ['graded', 4_200, 420],
      ['swap', 0, 0],
    ]);
    // The delivery cost that goes back is not credit the shop rewards.
    expect(r.bonus).toBe(420);
  });

  it('takes what went to the shopper already off the credit before the bonus', () => {
    const r = calculateRefund(input([line({ linePaid: 5_000, paidOut: 1_000, bonus: { percent: 10, fixed: 100 } })]));
    expect([r.total, r.paidOut, r.bonus]).toEqual([4_000, 1_000, 500]);
    const all = calculateRefund(input([line({ linePaid: 5_000, paidOut: 6_000, bonus: { percent: 10, fixed: 100 } })]));
    expect([all.total, all.paidOut, all.bonus]).toEqual([0, 5_000, 0]);
  });

  const bonusArb = fc.option(
    fc.record({ percent: fc.integer({ min: 0, max: 100 }), fixed: fc.integer({ min: 0, max: 2_000 }) }),
    {
      nil: null,
    },
  );

  it('never gives a bonus on nothing credited, and gives the policy’s share of what is', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineArb, bonusArb, fc.integer({ min: 0, max: 30_000 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 20_000 }),
        (lines, fee) => {
          const out = calculateRefund(
            input(
              lines.map(([l, bonus, paidOut], i) => ({ ...l, returnLineId: `rl_${i}`, bonus, paidOut })),
              { returnShippingFee: fee },
            ),
          );
          out.lines.forEach((l, i) => {
            const credited = l.refund - l.deliveryShare;
            const terms = lines[i]?.[1] ?? null;
            if (credited <= 0 || !terms) expect(l.bonus).toBe(0);
            else expect(l.bonus).toBe(Math.round((credited * terms.percent) / 100) + terms.fixed);
          });
          expect(out.bonus).toBe(out.lines.reduce((s, l) => s + l.bonus, 0));
        },
      ),
    );
    expect(bonusOn(0, { percent: 50, fixed: 500 })).toBe(0);
  });

  it('pays the delivery cost back once, with the refund when there is one, else with the credit', () => {
    const delivery = { amount: 495, wholeOrderWithdrawn: true, alreadyRefunded: false };
    const both = settleAtOnce({
      refundLines: [line({ returnLineId: 'r', linePaid: 3_000 })],
      creditLines: [line({ returnLineId: 'c', linePaid: 2_000, bonus: { percent: 10, fixed: 0 } })],
      returnShippingFee: 395,
      standardDelivery: delivery,
    });
    expect([both.refund.total, both.refund.deliveryRefund, both.refund.returnShippingFee]).toEqual([3_100, 495, 395]);
    expect([both.credit.total, both.credit.deliveryRefund, both.credit.returnShippingFee, both.credit.bonus]).toEqual([
      2_000, 0, 0, 200,
    ]);
    const creditOnly = settleAtOnce({
      refundLines: [],
      creditLines: [line({ returnLineId: 'c', linePaid: 2_000 })],
      returnShippingFee: 395,
      standardDelivery: delivery,
    });
    expect([creditOnly.refund.total, creditOnly.refund.deliveryRefund]).toEqual([0, 0]);
    expect([creditOnly.credit.total, creditOnly.credit.deliveryRefund]).toEqual([2_100, 495]);
    // No line comes back with this settlement: no delivery cost on its own.
    expect(calculateRefund(input([], { standardDelivery: delivery })).deliveryRefund).toBe(0);
  });

  describe('the whole order withdrawn (Art. 13)', () => {
    const order = [
      { id: 'ol_tee', quantity: 2 },
      { id: 'ol_jacket', quantity: 1 },
    ];
    const returned = (over: Partial<WithdrawnLineFacts> = {}): WithdrawnLineFacts => ({
      orderLineId: 'ol_tee',
      units: 2,
      returnStatus: 'approved',
      acceptance: 'approved',
      resolution: 'refund',
      withinWithdrawalPeriod: true,
      ...over,
    });
    const whole = (lines: WithdrawnLineFacts[], approvedOnly = false) =>
      wholeOrderWithdrawn(order, withdrawnUnits(lines, { approvedOnly }));

    it('is every unit of every line sent back within the period for its money, over any number of returns', () => {
      expect(whole([returned(), returned({ orderLineId: 'ol_jacket', units: 1, resolution: 'store_credit' })])).toBe(true);
      expect(
        whole([
          returned({ units: 1 }),
          returned({ units: 1, returnStatus: 'received' }),
          returned({ orderLineId: 'ol_jacket', units: 1 }),
        ]),
      ).toBe(true);
      expect(whole([returned({ units: 1 }), returned({ orderLineId: 'ol_jacket', units: 1 })])).toBe(false);
      expect(whole([returned()])).toBe(false);
      expect(wholeOrderWithdrawn([], new Map())).toBe(false);
    });

    it('leaves out lines of cancelled, rejected or expired returns, refused lines, exchanges and late lines', () => {
      const jacket = returned({ orderLineId: 'ol_jacket', units: 1 });
      for (const returnStatus of ['cancelled', 'rejected', 'expired'])
        expect(whole([returned({ returnStatus }), jacket])).toBe(false);
      // A whole-order withdrawal cancelled, then one line withdrawn again: not the whole order.
      expect(
        whole([
          returned({ returnStatus: 'cancelled' }),
          returned({ orderLineId: 'ol_jacket', units: 1, returnStatus: 'cancelled' }),
          jacket,
        ]),
      ).toBe(false);
      expect(whole([returned({ acceptance: 'rejected' }), jacket])).toBe(false);
      expect(whole([returned({ resolution: 'exchange' }), jacket])).toBe(false);
      expect(whole([returned({ withinWithdrawalPeriod: false }), jacket])).toBe(false);
    });

    it('counts lines under review in a quote, only approved ones when money moves', () => {
      const lines = [returned({ acceptance: 'manual_review' }), returned({ orderLineId: 'ol_jacket', units: 1 })];
      expect(whole(lines)).toBe(true);
      expect(whole(lines, true)).toBe(false);
    });
  });
});
