import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PolicyDocumentInput, parsePolicyDocument } from '../../src/domain/policy/document.js';
import { evaluatePolicy, type LineVerdict } from '../../src/domain/policy/evaluate.js';
import { type EvaluationInput, NO_PRODUCT_FLAGS, type OrderLineFacts, type ReasonFacts } from '../../src/domain/policy/facts.js';

const TZ = 'Europe/Amsterdam';
const at = (iso: string) => new Date(iso);

const REASONS: ReasonFacts[] = [
  { code: 'fit', parentCode: null, controllable: false, defect: false, requiresPhoto: false },
  { code: 'too_small', parentCode: 'fit', controllable: false, defect: false, requiresPhoto: false },
  { code: 'quality', parentCode: null, controllable: true, defect: false, requiresPhoto: false },
  { code: 'defective', parentCode: 'quality', controllable: true, defect: true, requiresPhoto: true },
  { code: 'changed_mind', parentCode: null, controllable: false, defect: false, requiresPhoto: false },
];

function line(overrides: Partial<OrderLineFacts> = {}): OrderLineFacts {
  return {
    id: 'l1',
    sku: 'TEE-M',
    quantity: 1,
    quantityInReturns: 0,
    exchangesUsed: 0,
    paidAmount: 5000,
    // Monday 2 March 2026, afternoon in Amsterdam.
    deliveredAt: at('2026-03-02T14:00:00Z'),
    categoryPath: ['tops', 'fashion'],
    productTags: [],
    flags: NO_PRODUCT_FLAGS,
    ...overrides,
  };
}

function policy(doc: Partial<PolicyDocumentInput> = {}) {
  return parsePolicyDocument({
    defaults: { window: { days: 30 }, resolutions: ['refund', 'store_credit', 'exchange'], methods: ['qr', 'label'] },
    ...doc,
  });
}

function input(over: Partial<EvaluationInput> & { lines?: OrderLineFacts[]; country?: string } = {}): EvaluationInput {
  const { lines, country, ...rest } = over;
  return {
    now: at('2026-03-05T10:00:00Z'),
    timeZone: TZ,
    policy: policy(),
    order: {
      id: 'o1',
      placedAt: at('2026-02-27T10:00:00Z'),
      channel: 'webshop',
      shippingCountry: country ?? 'NL',
      currency: 'EUR',
      lines: lines ?? [line()],
    },
    customer: { id: 'c1', segment: 'standard', tags: [], returnRate: 0, returnCount: 0 },
    reasons: REASONS,
    ...rest,
  };
}

const only = (v: ReturnType<typeof evaluatePolicy>): LineVerdict => {
  const first = v.lines[0];
  if (!first) throw new Error('no line verdict');
  return first;
};
const select = (
  reasonCode: string | null,
  resolution: 'refund' | 'store_credit' | 'exchange' = 'refund',
  method?: 'qr' | 'label',
) => ({
  selection: { lines: [{ orderLineId: 'l1', quantity: 1, reasonCode, resolution }], method: method ?? null },
});

describe('policy engine', () => {
  it('runs every rule and reports every refusal, not just the first', () => {
    const v = only(
      evaluatePolicy(
        input({
          now: at('2026-05-01T10:00:00Z'),
          country: 'US',
          lines: [line({ quantityInReturns: 1, flags: { ...line().flags, finalSale: true } })],
        }),
      ),
    );
    expect(v.eligible).toBe(false);
    expect(v.codes).toEqual(expect.arrayContaining(['ALREADY_RETURNED', 'WINDOW_EXPIRED', 'FINAL_SALE']));
    expect(v.reasons.find((r) => r.code === 'FINAL_SALE')?.source).toBe('product');
  });

  it('lets a later matching rule override an earlier one and names the rule behind each effect', () => {
    const p = policy({
      rules: [
        { id: 'fashion-45', name: 'Fashion 45 days', when: { categories: ['fashion'] }, effects: { window: { days: 45 } } },
        { id: 'tops-60', name: 'Tops 60 days', when: { categories: ['tops'] }, effects: { window: { days: 60 } } },
        { id: 'shoes-90', name: 'Shoes', when: { categories: ['shoes'] }, effects: { window: { days: 90 } } },
      ],
    });
    const v = only(evaluatePolicy(input({ policy: p })));
    expect(v.firedRules).toEqual(['fashion-45', 'tops-60']);
    expect(v.decidedBy.window).toBe('tops-60');
    expect(v.shopDeadline).toBe('2026-05-01');
  });

  it('keeps every EU consumer 14 days from delivery of the last item, moved past weekends and holidays', () => {
    // Window of 3 days; the second line arrived on Friday 3 April 2026, so day 14 is Friday 17 April.
    const lines = [line(), line({ id: 'l2', deliveredAt: at('2026-04-03T09:00:00Z') })];
    const p = policy({ defaults: { window: { days: 3 } } });
    const inside = only(evaluatePolicy(input({ policy: p, lines, now: at('2026-04-17T20:00:00Z') })));
    expect(inside.eligible).toBe(true);
    expect(inside.statutoryDeadline).toBe('2026-04-17');
    expect(inside.codes).toContain('EU_WITHDRAWAL_RIGHT');
    expect(only(evaluatePolicy(input({ policy: p, lines, now: at('2026-04-18T10:00:00Z') }))).codes).toContain('WINDOW_EXPIRED');
    // Outside the EU the shop's 3 days are all there is.
    expect(only(evaluatePolicy(input({ policy: p, lines, country: 'CH', now: at('2026-04-10T10:00:00Z') }))).codes).toContain(
      'WINDOW_EXPIRED',
    );
    // Until the last item arrives the period has not started: the first line is not late yet.
    const split = evaluatePolicy(
      input({ policy: p, lines: [line(), line({ id: 'l2', deliveredAt: null })], now: at('2026-04-20T10:00:00Z') }),
    );
    expect(split.lines.map((l) => [l.eligible, l.codes.includes('NOT_DELIVERED')])).toEqual([
      [true, false],
      [false, true],
    ]);
    // Its shop date (5 March) has passed and the law's is not known yet: no date in the past.
    expect(split.lines[0]?.deadline).toBeNull();
    expect(split.lines[0]?.deadlineAt).toBeNull();
    expect(split.lines[0]?.codes).not.toContain('RETURN_WINDOW');
    expect(split.lines[0]?.codes).toContain('EU_WITHDRAWAL_RIGHT');
    // Delivered Saturday 21 March 2026: day 14 is Saturday 4 April, Easter weekend → Tuesday 7 April.
    const easter = only(
      evaluatePolicy(
        input({ policy: p, lines: [line({ deliveredAt: at('2026-03-21T10:00:00Z') })], now: at('2026-04-07T21:00:00Z') }),
      ),
    );
    expect(easter.statutoryDeadline).toBe('2026-04-07');
    expect(easter.eligible).toBe(true);
  });

  it('sets final sale and exchange-only aside within the withdrawal period, but not statutory exceptions', () => {
    const p = policy({
      rules: [
        { id: 'tops-final', name: 'Tops final sale', when: { categories: ['tops'] }, effects: { finalSale: true } },
        { id: 'tops-exchange', name: 'Tops exchange only', when: { categories: ['tops'] }, effects: { exchangeOnly: true } },
      ],
    });
    const inside = only(evaluatePolicy(input({ policy: p })));
    expect(inside.eligible).toBe(true);
    expect(inside.resolutions).toContain('refund');
    expect(inside.lifted.map((l) => l.code).sort()).toEqual(['EXCHANGE_ONLY', 'FINAL_SALE']);
    const later = only(evaluatePolicy(input({ policy: p, now: at('2026-03-25T10:00:00Z') })));
    expect(later.codes).toContain('FINAL_SALE');
    expect(later.resolutions).toEqual(['exchange']);
    const personalised = only(evaluatePolicy(input({ lines: [line({ flags: { ...line().flags, personalised: true } })] })));
    expect(personalised.eligible).toBe(false);
    expect(personalised.codes).toContain('STATUTORY_EXCEPTION_PERSONALISED');
    const sealed = only(evaluatePolicy(input({ lines: [line({ flags: { ...line().flags, hygieneSealed: true } })] })));
    expect(sealed.eligible).toBe(true);
    expect(sealed.manualReview).toBe(true);
    expect(sealed.codes).toContain('STATUTORY_EXCEPTION_HYGIENE');
  });

  it('sends a defect after the window to the legal guarantee for two years, then refuses', () => {
    const p = policy({ defaults: { window: { days: 14 } } });
    const claim = only(evaluatePolicy({ ...input({ policy: p, now: at('2027-01-10T10:00:00Z') }), ...select('defective') }));
    expect(claim).toMatchObject({ eligible: true, flow: 'warranty', manualReview: true });
    expect(claim.resolutions).toEqual(['repair', 'replacement', 'refund']);
    expect(claim.codes).toContain('WARRANTY_CLAIM');
    expect(claim.lifted.map((l) => l.code)).toContain('WINDOW_EXPIRED');
    const late = only(evaluatePolicy({ ...input({ policy: p, now: at('2028-03-03T10:00:00Z') }), ...select('defective') }));
    expect(late.eligible).toBe(false);
    expect(late.codes).toEqual(expect.arrayContaining(['WINDOW_EXPIRED', 'WARRANTY_EXPIRED']));
    // A size problem after the window is simply refused.
    const size = only(evaluatePolicy({ ...input({ policy: p, now: at('2027-01-10T10:00:00Z') }), ...select('too_small') }));
    expect(size.flow).toBe('return');
    expect(size.codes).toContain('WINDOW_EXPIRED');
  });

  it('charges restocking only outside the withdrawal period, and waives it as the policy says', () => {
    const p = policy({
      rules: [
        {
          id: 'restock',
          name: 'Restocking',
          when: {},
          effects: {
            restockingFee: { percent: 10, fixed: 100 },
            feeWaivers: { controllableReasons: true, fees: ['restocking'] },
          },
        },
      ],
    });
    const within = only(evaluatePolicy({ ...input({ policy: p }), ...select('too_small') }));
    expect(within.restockingFee).toBe(0);
    expect(within.codes).toContain('RESTOCKING_FEE_NOT_ALLOWED');
    const later = evaluatePolicy({ ...input({ policy: p, now: at('2026-03-25T10:00:00Z') }), ...select('too_small') });
    expect(only(later).restockingFee).toBe(600);
    expect(only(later).reasons.find((r) => r.code === 'RESTOCKING_FEE')?.params).toMatchObject({ amount: 600, percent: 10 });
    expect(later.totals.refund).toBe(4400);
    const controllable = only(evaluatePolicy({ ...input({ policy: p, now: at('2026-03-25T10:00:00Z') }), ...select('quality') }));
    expect(controllable.restockingFee).toBe(0);
    expect(controllable.codes).toContain('FEE_WAIVED');
  });

  it('charges one return-shipping fee per return per method, waived for the shop’s faults and choices, never when undisclosed', () => {
    const p = policy({
      defaults: {
        window: { days: 30 },
        methods: ['qr', 'label'],
        returnShippingFee: { amount: 495, perMethod: { qr: 295 } },
        feeWaivers: { controllableReasons: true, resolutions: ['store_credit'] },
        bonus: { percent: 10, for: ['store_credit'] },
      },
    });
    const two = [line(), line({ id: 'l2', sku: 'TEE-L' })];
    const both = (reason: string, resolution: 'refund' | 'store_credit', method: 'qr' | 'label') =>
      evaluatePolicy({
        ...input({ policy: p, lines: two }),
        selection: {
          lines: [
            { orderLineId: 'l1', quantity: 1, reasonCode: reason, resolution },
            { orderLineId: 'l2', quantity: 1, reasonCode: 'too_small', resolution },
          ],
          method,
        },
      });
    const refund = both('too_small', 'refund', 'label');
    expect(refund.methods).toEqual([
      { method: 'qr', fee: 295, waived: false, source: 'defaults' },
      { method: 'label', fee: 495, waived: false, source: 'defaults' },
    ]);
    expect(refund.totals).toMatchObject({ value: 10000, returnShippingFee: 495, refund: 9505 });
    expect(both('quality', 'refund', 'qr').totals.returnShippingFee).toBe(0);
    const credit = both('too_small', 'store_credit', 'qr');
    expect(credit.totals).toMatchObject({ returnShippingFee: 0, bonus: 1000, storeCredit: 11000 });
    // The bonus is explained for the resolutions that earn it, not for all that could.
    expect(credit.lines[0]?.reasons.find((r) => r.code === 'BONUS_CREDIT')?.params?.resolutions).toEqual(['store_credit']);
    // The same fee from a rule the shop does not publish is not charged.
    const hidden = policy({
      rules: [{ id: 'hidden-fee', name: 'Hidden', public: false, when: {}, effects: { returnShippingFee: { amount: 900 } } }],
    });
    const v = evaluatePolicy({ ...input({ policy: hidden }), ...select('too_small', 'refund', 'qr') });
    expect(v.totals.returnShippingFee).toBe(0);
    expect(v.reasons.map((r) => r.code)).toContain('FEE_NOT_DISCLOSED');
  });

  it('limits exchanges, offers keep-the-item, and asks photos where the rules or the reason want them', () => {
    const p = policy({
      defaults: { window: { days: 30 }, maxExchangesPerLine: 1, keepItem: { valueBelow: 600 } },
      rules: [{ id: 'quality-photos', name: 'Photos', when: { reasons: ['quality'] }, effects: { photoRequired: true } }],
    });
    const limited = only(evaluatePolicy(input({ policy: p, lines: [line({ exchangesUsed: 1 })] })));
    expect(limited.resolutions).not.toContain('exchange');
    expect(limited.codes).toContain('EXCHANGE_LIMIT_REACHED');
    expect(limited.pendingOnReason).toEqual(['quality-photos']);
    const cheap = only(evaluatePolicy(input({ policy: p, lines: [line({ paidAmount: 499 })] })));
    expect(cheap.keepItem).toBe(true);
    const photo = only(evaluatePolicy({ ...input({ policy: p }), ...select('quality') }));
    expect(photo.photoRequired).toBe(true);
    expect(photo.firedRules).toEqual(['quality-photos']);
    expect(only(evaluatePolicy({ ...input(), ...select('defective') })).photoRequired).toBe(true);
  });

  it('refuses blocked customers except within their legal rights, where a person decides', () => {
    const blocked = { id: 'c1', segment: 'blocked', tags: [], returnRate: 0.9, returnCount: 12 };
    const inside = only(evaluatePolicy(input({ customer: blocked })));
    expect(inside.eligible).toBe(true);
    expect(inside.codes).toContain('CUSTOMER_BLOCKED_REVIEW');
    const outside = only(evaluatePolicy(input({ customer: blocked, now: at('2026-03-25T10:00:00Z') })));
    expect(outside.eligible).toBe(false);
    expect(outside.codes).toContain('CUSTOMER_BLOCKED');
    const usa = only(evaluatePolicy(input({ customer: blocked, country: 'US' })));
    expect(usa.codes).toContain('CUSTOMER_BLOCKED');
  });

  it('matches segments, history, channels, countries, prices and holiday order dates', () => {
    const p = policy({
      rules: [
        { id: 'vip', name: 'VIP', when: { segments: ['vip'] }, effects: { window: { days: 90 } } },
        {
          id: 'serial',
          name: 'Serial',
          when: { returnRate: { min: 0.5 }, returnCount: { min: 3 } },
          effects: { manualReview: true },
        },
        { id: 'bol', name: 'bol', when: { channels: ['bol'] }, effects: { methods: ['label'] } },
        { id: 'de', name: 'DE', when: { countries: ['DE'] }, effects: { methods: ['qr'] } },
        { id: 'pricey', name: 'Pricey', when: { unitPrice: { min: 4000 } }, effects: { photoRequired: true } },
        {
          id: 'xmas',
          name: 'Holiday',
          when: { orderedBetween: { from: '2026-02-20', to: '2026-02-28' } },
          effects: { window: { days: 60 } },
        },
      ],
    });
    const v = only(
      evaluatePolicy({
        ...input({ policy: p, country: 'DE' }),
        customer: { id: 'c', segment: 'vip', tags: [], returnRate: 0.6, returnCount: 3 },
      }),
    );
    expect(v.firedRules).toEqual(['vip', 'serial', 'de', 'pricey', 'xmas']);
    expect(v.decidedBy).toMatchObject({ window: 'xmas', methods: 'de', manualReview: 'serial' });
  });

  it('lets a staff exception allow what the shop refuses, but never what is not there', () => {
    const exception = { id: 'pex_1', effects: {}, allowReturn: true };
    const late = only(evaluatePolicy(input({ now: at('2026-06-01T10:00:00Z'), country: 'US', exceptions: [exception] })));
    expect(late.eligible).toBe(true);
    expect(late.codes).toContain('STAFF_EXCEPTION');
    expect(late.lifted).toEqual([{ code: 'WINDOW_EXPIRED', by: 'exception:pex_1' }]);
    expect(late.deadline).toBeNull();
    const undelivered = only(evaluatePolicy(input({ lines: [line({ deliveredAt: null })], exceptions: [exception] })));
    expect(undelivered.codes).toContain('NOT_DELIVERED');
    expect(undelivered.eligible).toBe(false);
    const longer = only(
      evaluatePolicy(
        input({
          country: 'US',
          exceptions: [{ id: 'pex_2', effects: { window: { days: 120, from: 'delivery' } }, allowReturn: false }],
        }),
      ),
    );
    expect(longer.decidedBy.window).toBe('exception:pex_2');
  });
});

describe('policy engine edge cases', () => {
  it('says nothing about fees or bonus for a line that cannot come back', () => {
    const p = policy({
      defaults: {
        window: { days: 30 },
        bonus: { percent: 10 },
        restockingFee: { percent: 10 },
        keepItem: { valueBelow: 99_999 },
      },
    });
    const v = only(evaluatePolicy(input({ policy: p, country: 'US', now: at('2026-06-01T10:00:00Z') })));
    expect(v.eligible).toBe(false);
    expect(v.codes).toEqual(['WINDOW_EXPIRED']);
    expect([v.restockingFee, v.bonus, v.keepItem]).toEqual([0, {}, false]);
  });

  it('judges an order without lines without failing', () => {
    const v = evaluatePolicy(input({ lines: [] }));
    expect(v).toMatchObject({ lines: [], eligible: false, autoApprove: false });
  });

  it('does not approve by itself a return that waits for photos', () => {
    const v = evaluatePolicy({ ...input(), ...select('defective') });
    expect(only(v).photoRequired).toBe(true);
    expect(v.autoApprove).toBe(false);
  });
});

describe('policy engine properties', () => {
  const arbitraryPolicy = fc.record({
    days: fc.integer({ min: 0, max: 90 }),
    finalSale: fc.boolean(),
    exchangeOnly: fc.boolean(),
    restockPercent: fc.integer({ min: 0, max: 100 }),
    restockFixed: fc.integer({ min: 0, max: 10_000 }),
    shipping: fc.integer({ min: 0, max: 5_000 }),
    bonusPercent: fc.integer({ min: 0, max: 50 }),
    blocked: fc.boolean(),
  });
  type PolicyShape = typeof arbitraryPolicy extends fc.Arbitrary<infer T> ? T : never;
  const doc = (a: PolicyShape) =>
    policy({
      defaults: {
        window: { days: a.days },
        methods: ['qr', 'label'],
        returnShippingFee: { amount: a.shipping },
        bonus: { percent: a.bonusPercent },
      },
      rules: [
        {
          id: 'r',
          name: 'random',
          when: {},
          effects: {
            finalSale: a.finalSale,
            exchangeOnly: a.exchangeOnly,
            restockingFee: { percent: a.restockPercent, fixed: a.restockFixed },
            blocked: a.blocked,
          },
        },
      ],
    });

  it('never refuses an EU consumer for the shop’s terms within 14 days of delivery', () => {
    fc.assert(
      fc.property(
        arbitraryPolicy,
        fc.integer({ min: 0, max: 14 * 24 - 1 }),
        fc.constantFrom('NL', 'BE', 'DE', 'FR'),
        (a, hours, country) => {
          const now = new Date(line().deliveredAt!.getTime() + hours * 3_600_000);
          const v = only(evaluatePolicy({ ...input({ policy: doc(a), now, country }), ...select('too_small') }));
          expect(v.eligible).toBe(true);
          expect(v.resolutions).toContain('refund');
          expect(v.restockingFee).toBe(0);
        },
      ),
    );
  });

  it('never shows an eligible line a deadline before today, also between the parcels of a split delivery', () => {
    fc.assert(
      fc.property(
        arbitraryPolicy,
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        fc.constantFrom('NL', 'US'),
        fc.boolean(),
        (a, day, secondParcel, country, defect) => {
          const first = line().deliveredAt as Date;
          const now = new Date(first.getTime() + day * 86_400_000);
          const second = secondParcel === null ? null : new Date(first.getTime() + Math.min(secondParcel, day) * 86_400_000);
          const lines = [line(), line({ id: 'l2', deliveredAt: second })];
          const v = evaluatePolicy({
            ...input({ policy: doc(a), now, country, lines }),
            ...select(defect ? 'defective' : 'too_small'),
          });
          for (const l of v.lines.filter((x) => x.eligible)) {
            if (l.deadlineAt) expect(Date.parse(l.deadlineAt)).toBeGreaterThanOrEqual(now.getTime());
            for (const r of l.reasons) if (r.code === 'RETURN_WINDOW') expect(r.params?.deadline).toBe(l.deadline);
          }
        },
      ),
    );
  });

  it('keeps fees within the value, a longer window never refuses more, and every refusal is listed', () => {
    fc.assert(
      fc.property(
        arbitraryPolicy,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom('NL', 'US'),
        fc.integer({ min: 1, max: 100_000 }),
        (a, day, extra, country, paid) => {
          const now = new Date(line().deliveredAt!.getTime() + day * 86_400_000);
          const lines = [line({ paidAmount: paid })];
          const v = evaluatePolicy({ ...input({ policy: doc(a), now, country, lines }), ...select('too_small', 'refund', 'qr') });
          const l = only(v);
          expect(l.restockingFee).toBeLessThanOrEqual(l.value);
          expect(v.totals.refund).toBeGreaterThanOrEqual(0);
          expect(v.totals.refund).toBeLessThanOrEqual(paid);
          const wider = only(
            evaluatePolicy({
              ...input({ policy: doc({ ...a, days: a.days + extra }), now, country, lines }),
              ...select('too_small'),
            }),
          );
          if (l.eligible) expect(wider.eligible).toBe(true);
          const refusals = l.reasons.filter((r) => r.severity === 'refusal').length;
          expect(l.eligible).toBe(refusals === 0);
        },
      ),
    );
  });
});
