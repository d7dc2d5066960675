import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VERDICT_CODES, type VerdictCode } from '../../src/domain/policy/codes.js';
import type { LineVerdict, PolicyVerdict } from '../../src/domain/policy/evaluate.js';
import {
  CHANGE_SAMPLE_SIZE,
  chosenResolutions,
  expectedResolution,
  ORDER_REPLAY_DAYS_AFTER_DELIVERY,
  orderLineReplayAt,
  SimulationAccumulator,
  SPLIT_KEYS,
  splitKey,
} from '../../src/domain/policy/simulation.js';
import { RESOLUTIONS, type Resolution } from '../../src/domain/returnLifecycle.js';

function lineVerdict(over: Partial<LineVerdict> = {}): LineVerdict {
  const codes = over.codes ?? (over.eligible === false ? ['WINDOW_EXPIRED'] : ['RETURN_WINDOW']);
  return {
    orderLineId: 'ol1',
    quantity: 1,
    returnableQuantity: 1,
    eligible: true,
    flow: 'return',
    reasons: codes.map((code) => ({ code, severity: VERDICT_CODES[code], source: 'defaults' })),
    codes,
    lifted: [],
    deadline: '2026-07-01',
    deadlineAt: '2026-07-01T21:59:59.999Z',
    shopDeadline: '2026-07-01',
    statutoryDeadline: null,
    withinStatutoryPeriod: false,
    resolutions: ['refund', 'store_credit', 'exchange'],
    methods: ['qr', 'label'],
    value: 1000,
    restockingFee: 0,
    bonus: {},
    bonusTerms: {},
    keepItem: false,
    photoRequired: false,
    manualReview: false,
    autoApprove: true,
    instantExchange: false,
    maxExchanges: null,
    diminishedValue: {},
    refundTiming: 'inspection',
    firedRules: [],
    pendingOnReason: [],
    decidedBy: {},
    ...over,
  };
}

function verdict(lines: LineVerdict[], over: { returnShippingFee?: number; returnCodes?: VerdictCode[] } = {}): PolicyVerdict {
  return {
    evaluatedAt: '2026-06-01T10:00:00.000Z',
    currency: 'EUR',
    euConsumer: false,
    lines,
    methods: [],
    method: null,
    reasons: (over.returnCodes ?? []).map((code) => ({ code, severity: 'info', source: 'defaults' })),
    eligible: lines.length > 0 && lines.every((l) => l.eligible),
    autoApprove: lines.length > 0 && lines.every((l) => l.eligible && l.autoApprove && !l.manualReview),
    totals: {
      value: 0,
      restockingFees: 0,
      returnShippingFee: over.returnShippingFee ?? 0,
      bonus: 0,
      deliveryRefund: 0,
      refund: 0,
      storeCredit: 0,
    },
  };
}

describe('the instant an order line is replayed at', () => {
  const delivered = new Date('2026-05-01T12:00:00Z');
  const now = new Date('2026-07-01T12:00:00Z');
  const daysAfter = (d: number) => new Date(delivered.getTime() + d * 86_400_000);

  it('is when the line really came back, however long after delivery', () => {
    expect(orderLineReplayAt(delivered, daysAfter(45), now)).toEqual(daysAfter(45));
    expect(orderLineReplayAt(delivered, daysAfter(2), now)).toEqual(daysAfter(2));
    // Asked back before it was delivered: that moment still.
    expect(orderLineReplayAt(null, daysAfter(-1), now)).toEqual(daysAfter(-1));
  });

  it('assumes a week after delivery only for a line that never came back, never after now', () => {
    expect(orderLineReplayAt(delivered, null, now)).toEqual(daysAfter(ORDER_REPLAY_DAYS_AFTER_DELIVERY));
    const soon = daysAfter(3);
    expect(orderLineReplayAt(delivered, null, soon)).toEqual(soon);
    expect(orderLineReplayAt(null, null, now)).toEqual(now);
  });
});

describe('expected resolution', () => {
  it('keeps the chosen resolution when the policy allows it, else takes the first allowed', () => {
    expect(expectedResolution('store_credit', ['refund', 'store_credit'])).toBe('store_credit');
    expect(expectedResolution('exchange', ['refund', 'store_credit'])).toBe('refund');
    expect(expectedResolution('refund', ['exchange'])).toBe('exchange');
    expect(expectedResolution(null, ['store_credit', 'refund'])).toBe('store_credit');
    expect(expectedResolution('refund', [])).toBeNull();
  });

  it('puts warranty and staff outcomes under other', () => {
    expect(
      ['refund', 'store_credit', 'exchange', 'replacement', 'repair', 'keep', null].map((r) => splitKey(r as never)),
    ).toEqual(['refund', 'store_credit', 'exchange', 'other', 'other', 'other', 'other']);
  });

  it('pairs the choices with verdict lines by order line, in turn for a line listed twice', () => {
    const lines = [lineVerdict({ orderLineId: 'b' }), lineVerdict({ orderLineId: 'a' }), lineVerdict({ orderLineId: 'b' })];
    expect(
      chosenResolutions(lines, [
        { orderLineId: 'a', resolution: 'refund' },
        { orderLineId: 'b', resolution: 'exchange' },
        { orderLineId: 'b', resolution: 'store_credit' },
      ]),
    ).toEqual(['exchange', 'refund', 'store_credit']);
  });
});

describe('simulation accumulator', () => {
  it('counts each side, its money and its expected split', () => {
    const acc = new SimulationAccumulator();
    acc.addReturn({
      returnNumber: 'R-1',
      requestedAt: new Date('2026-06-01T10:00:00Z'),
      chosen: [
        { orderLineId: 'tee', resolution: 'exchange' },
        { orderLineId: 'jacket', resolution: 'refund' },
      ],
      current: verdict([
        lineVerdict({ orderLineId: 'tee', value: 2000 }),
        lineVerdict({ orderLineId: 'jacket', value: 9000, manualReview: true, codes: ['MANUAL_REVIEW', 'RETURN_WINDOW'] }),
      ]),
      candidate: verdict(
        [
          // Exchange not offered any more: the shopper takes the first resolution left, store credit.
          lineVerdict({
            orderLineId: 'tee',
            value: 2000,
            resolutions: ['store_credit', 'refund'],
            restockingFee: 300,
            bonus: { store_credit: 200 },
            codes: ['RESTOCKING_FEE', 'BONUS_CREDIT', 'RETURN_WINDOW'],
          }),
          lineVerdict({ orderLineId: 'jacket', value: 9000, eligible: false, codes: ['FINAL_SALE'] }),
        ],
        { returnShippingFee: 495, returnCodes: ['RETURN_SHIPPING_FEE'] },
      ),
    });
    const { sides, changes } = acc.result();
    expect(sides.current).toMatchObject({
      returns: 1,
      returnsEligible: 1,
      returnsAutoApproved: 0,
      lines: 2,
      eligible: 2,
      ineligible: 0,
      review: 1,
      resolutionSwitched: 0,
      restockingFees: 0,
      returnShippingFees: 0,
      bonus: 0,
      split: { lines: { refund: 1, store_credit: 0, exchange: 1, other: 0 }, value: { refund: 9000, exchange: 2000 } },
      codes: { RETURN_WINDOW: 2, MANUAL_REVIEW: 1 },
      returnCodes: {},
    });
    expect(sides.candidate).toMatchObject({
      returnsEligible: 0,
      lines: 2,
      eligible: 1,
      ineligible: 1,
      review: 0,
      resolutionSwitched: 1,
      restockingFees: 300,
      returnShippingFees: 495,
      bonus: 200,
      split: { lines: { refund: 0, store_credit: 1, exchange: 0, other: 0 }, value: { store_credit: 2000, refund: 0 } },
      codes: { FINAL_SALE: 1, RESTOCKING_FEE: 1, BONUS_CREDIT: 1, RETURN_WINDOW: 1 },
      returnCodes: { RETURN_SHIPPING_FEE: 1 },
    });
    expect(changes).toEqual({
      pairs: 2,
      becameEligible: 0,
      becameIneligible: 1,
      unchanged: 1,
      codesChanged: 1,
      resolutionChanged: 1,
      sample: [
        {
          returnNumber: 'R-1',
          orderLineId: 'jacket',
          requestedAt: '2026-06-01T10:00:00.000Z',
          eligibleBefore: true,
          eligibleAfter: false,
          codesBefore: ['MANUAL_REVIEW', 'RETURN_WINDOW'],
          codesAfter: ['FINAL_SALE'],
        },
      ],
    });
  });

  it('does not charge or split ineligible lines, and counts a bonus only for the resolution taken', () => {
    const acc = new SimulationAccumulator();
    const line = lineVerdict({ restockingFee: 100, bonus: { store_credit: 50, exchange: 70 }, value: 500 });
    acc.addReturn({
      returnNumber: 'R-2',
      chosen: [
        { orderLineId: 'a', resolution: 'exchange' },
        { orderLineId: 'b', resolution: 'refund' },
      ],
      current: verdict([
        { ...line, orderLineId: 'a' },
        { ...line, orderLineId: 'b', eligible: false, codes: ['WINDOW_EXPIRED'] },
      ]),
      candidate: verdict([
        { ...line, orderLineId: 'a' },
        { ...line, orderLineId: 'b' },
      ]),
    });
    const { sides, changes } = acc.result();
    expect(sides.current).toMatchObject({ restockingFees: 100, bonus: 70, split: { value: { exchange: 500, refund: 0 } } });
    expect(sides.candidate).toMatchObject({ restockingFees: 200, bonus: 70, split: { value: { exchange: 500, refund: 500 } } });
    expect(changes).toMatchObject({ becameEligible: 1, becameIneligible: 0, unchanged: 1, codesChanged: 0 });
    expect(changes.sample[0]).toMatchObject({ orderLineId: 'b', eligibleBefore: false, eligibleAfter: true, requestedAt: null });
  });

  it('keeps the most recent changed lines as a sample of at most twenty', () => {
    const acc = new SimulationAccumulator();
    for (let i = 0; i < 30; i++) {
      acc.addReturn({
        returnNumber: `R-${100 + i}`,
        requestedAt: new Date(Date.UTC(2026, 4, 1 + i)),
        chosen: [{ orderLineId: 'x', resolution: 'refund' }],
        current: verdict([lineVerdict({ orderLineId: 'x' })]),
        candidate: verdict([lineVerdict({ orderLineId: 'x', eligible: false })]),
      });
    }
    const { changes } = acc.result();
    expect(changes.becameIneligible).toBe(30);
    expect(changes.sample).toHaveLength(CHANGE_SAMPLE_SIZE);
    expect(changes.sample[0]?.returnNumber).toBe('R-129');
    expect(changes.sample.at(-1)?.returnNumber).toBe('R-110');
  });

  it('counts the order lines each side lets back, and what the candidate opens and closes', () => {
    const acc = new SimulationAccumulator();
    acc.addOrder(
      [
        lineVerdict({ orderLineId: 'a' }),
        lineVerdict({ orderLineId: 'b', eligible: false }),
        lineVerdict({ orderLineId: 'c', eligible: false }),
      ],
      [
        lineVerdict({ orderLineId: 'c' }),
        lineVerdict({ orderLineId: 'a', eligible: false }),
        lineVerdict({ orderLineId: 'b', eligible: false }),
      ],
    );
    acc.addOrder([lineVerdict({ orderLineId: 'd' })], [lineVerdict({ orderLineId: 'd' })], new Set(['d', 'gone']));
    expect(acc.result().orders).toEqual({
      orders: 2,
      lines: 4,
      linesAtReturn: 1,
      assumedDaysAfterDelivery: ORDER_REPLAY_DAYS_AFTER_DELIVERY,
      current: { eligible: 2, ineligible: 2 },
      candidate: { eligible: 2, ineligible: 2 },
      opened: 1,
      closed: 1,
    });
  });

  it('hands out a copy: later additions do not change an earlier result', () => {
    const acc = new SimulationAccumulator();
    const first = acc.result();
    acc.addReturn({
      returnNumber: 'R-1',
      chosen: [{ orderLineId: 'ol1', resolution: 'refund' }],
      current: verdict([lineVerdict()]),
      candidate: verdict([lineVerdict({ eligible: false })]),
    });
    expect(first.sides.current.lines).toBe(0);
    expect(first.changes.sample).toEqual([]);
  });
});

const codeArb = fc.constantFrom(...(Object.keys(VERDICT_CODES) as VerdictCode[]));
const resolutionArb = fc.constantFrom<Resolution>(...RESOLUTIONS);
const lineArb = fc.record({
  eligible: fc.boolean(),
  codes: fc.uniqueArray(codeArb, { maxLength: 4 }),
  resolutions: fc.uniqueArray(resolutionArb, { minLength: 1, maxLength: 4 }),
  value: fc.integer({ min: 0, max: 1_000_000 }),
  restockingFee: fc.integer({ min: 0, max: 10_000 }),
  manualReview: fc.boolean(),
  bonus: fc.dictionary(fc.constantFrom('store_credit', 'exchange'), fc.integer({ min: 0, max: 5_000 })),
});
const returnArb = fc
  .array(fc.record({ chosen: fc.option(resolutionArb, { nil: null }), current: lineArb, candidate: lineArb }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((lines) => ({
    chosen: lines.map((l, i) => ({ orderLineId: `ol${i}`, resolution: l.chosen })),
    current: verdict(lines.map((l, i) => lineVerdict({ ...l.current, orderLineId: `ol${i}` }))),
    candidate: verdict(lines.map((l, i) => lineVerdict({ ...l.candidate, orderLineId: `ol${i}` }))),
  }));

describe('simulation accumulator properties', () => {
  it('eligible + ineligible = judged on each side, the split covers the eligible lines, and the changes add up', () => {
    fc.assert(
      fc.property(fc.array(returnArb, { maxLength: 30 }), (returns) => {
        const acc = new SimulationAccumulator();
        returns.forEach((r, i) => {
          acc.addReturn({ returnNumber: `R-${i}`, ...r });
        });
        const { sides, changes } = acc.result();
        let pairs = 0;
        let flipped = 0;
        for (const side of ['current', 'candidate'] as const) {
          const s = sides[side];
          const lines = returns.flatMap((r) => r[side].lines);
          expect(s.lines).toBe(lines.length);
          expect(s.eligible + s.ineligible).toBe(s.lines);
          expect(s.eligible).toBe(lines.filter((l) => l.eligible).length);
          expect(s.review).toBeLessThanOrEqual(s.eligible);
          expect(SPLIT_KEYS.reduce((n, k) => n + s.split.lines[k], 0)).toBe(s.eligible);
          expect(SPLIT_KEYS.reduce((n, k) => n + s.split.value[k], 0)).toBe(
            lines.filter((l) => l.eligible).reduce((n, l) => n + l.value, 0),
          );
          expect(s.returns).toBe(returns.length);
        }
        for (const r of returns) {
          r.current.lines.forEach((l, i) => {
            pairs++;
            if (l.eligible !== r.candidate.lines[i]?.eligible) flipped++;
          });
        }
        expect(changes.pairs).toBe(pairs);
        expect(changes.becameEligible + changes.becameIneligible + changes.unchanged).toBe(changes.pairs);
        expect(changes.becameEligible + changes.becameIneligible).toBe(flipped);
        expect(changes.becameEligible - changes.becameIneligible).toBe(sides.candidate.eligible - sides.current.eligible);
        expect(changes.codesChanged).toBeLessThanOrEqual(changes.unchanged);
        expect(changes.sample.length).toBe(Math.min(flipped, CHANGE_SAMPLE_SIZE));
      }),
      { numRuns: 200 },
    );
  });
});
