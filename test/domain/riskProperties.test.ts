import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainAssessment, explainSignal } from '../../src/domain/risk/explain.js';
import type { LinkedCustomer, ListMatch, RiskFacts } from '../../src/domain/risk/facts.js';
import { assessRisk, riskDecision, riskLevel } from '../../src/domain/risk/score.js';
import { type RiskSettings, riskSettingsSchema } from '../../src/domain/risk/settings.js';
import {
  FLAG_RISK_SIGNAL_CODES,
  LEGACY_RISK_SIGNAL_CODES,
  RISK_SIGNAL_CODES,
  type RiskSignalCode,
} from '../../src/domain/risk/signals.js';
import { withStrength } from '../support/riskSignalFacts.js';

const LOCALES = ['en', 'nl'] as const;
const count = fc.nat({ max: 40 });
const minor = fc.nat({ max: 2_000_000 });
const listKind = fc.constantFrom<ListMatch['kind']>('customer', 'email', 'address', 'phone', 'payment');
// Words staff type: a reason the sentence quotes must not look like a code to the checks below.
const words = fc.stringMatching(/^[a-z][a-z ]{0,20}$/);
const listMatch = fc.record({ entryId: fc.string({ maxLength: 8 }), kind: listKind, reason: words });
const linkedCustomer: fc.Arbitrary<LinkedCustomer> = fc.record({
  customerId: fc.string({ minLength: 1, maxLength: 8 }),
  via: fc.subarray(['address', 'phone', 'email', 'payment', 'device', 'ip'], { minLength: 1 }),
  score: fc.integer({ min: 0, max: 100 }),
  blocked: fc.boolean(),
});

const facts: fc.Arbitrary<RiskFacts> = fc.record({
  stage: fc.constantFrom('request' as const, 'inspection' as const),
  segment: fc.constantFrom('standard', 'new', 'vip', 'employee', 'blocked'),
  blockMatches: fc.array(listMatch, { maxLength: 2 }),
  // Mostly not allow-listed, or the score would be 0 too often to say anything.
  allowMatches: fc.oneof(
    { arbitrary: fc.constant<ListMatch[]>([]), weight: 5 },
    { arbitrary: fc.array(listMatch, { maxLength: 1 }), weight: 1 },
  ),
  history: fc.record({
    returnCount: count,
    returnedValue: minor,
    boughtValue: minor,
    wornFindings: count,
    eventReturns: count,
    emptyBoxes: count,
    wrongItems: count,
    recentReturns: count,
  }),
  baselineValueRate: fc.double({ min: 0, max: 1, noNaN: true }),
  current: fc.record({
    value: minor,
    lines: fc.integer({ min: 1, max: 6 }),
    controllableLines: fc.integer({ min: 0, max: 6 }),
    event: fc.option(fc.constantFrom("New Year's Eve", "King's Day"), { nil: null }),
    bracketing: fc.record({ products: fc.nat({ max: 4 }), units: fc.nat({ max: 10 }), cost: minor }),
    lookupsLastHour: count,
  }),
  inspection: fc.option(
    fc.record({
      worn: fc.nat({ max: 5 }),
      tagsRemoved: fc.nat({ max: 5 }),
      emptyBox: fc.boolean(),
      wrongItems: fc.nat({ max: 5 }),
    }),
    { nil: null },
  ),
  linked: fc.array(linkedCustomer, { maxLength: 4 }),
  exposure: minor,
});

const threshold = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 100_000_000, noNaN: true }));

function settingsWith(weight: (code: RiskSignalCode) => fc.Arbitrary<number>): fc.Arbitrary<RiskSettings> {
  const signals = Object.fromEntries(
    RISK_SIGNAL_CODES.map((c) => [c, fc.record({ enabled: fc.boolean(), weight: weight(c), threshold })]),
  ) as Record<RiskSignalCode, fc.Arbitrary<RiskSettings['signals'][RiskSignalCode]>>;
  return fc
    .record({
      reviewFrom: fc.integer({ min: 1, max: 100 }),
      refundAfterReceiptFrom: fc.integer({ min: 1, max: 100 }),
      signals: fc.record(signals),
      serialMinReturns: fc.nat({ max: 10 }),
      velocityDays: fc.integer({ min: 1, max: 90 }),
      handlingCost: fc.nat({ max: 5000 }),
      events: fc.constant([]),
    })
    .map((s) => riskSettingsSchema.parse(s));
}

const anySettings = settingsWith(() => fc.integer({ min: -100, max: 100 }));
// Every weight counts up, but trust counts down, as a shop would set them.
const signedSettings = settingsWith((c) =>
  c === 'TRUSTED_SEGMENT' ? fc.integer({ min: -100, max: 0 }) : fc.integer({ min: 0, max: 100 }),
);

const FLAGS: readonly string[] = FLAG_RISK_SIGNAL_CODES;
/** Two strengths of one signal, the second at least the first, in that signal's own unit. */
const raised = fc.constantFrom(...RISK_SIGNAL_CODES).chain((code) => {
  const strength = FLAGS.includes(code)
    ? fc.integer({ min: 0, max: 1 })
    : code === 'SERIAL_RETURNING'
      ? fc.double({ min: 0, max: 10, noNaN: true })
      : code === 'LINKED_ACCOUNTS'
        ? fc.integer({ min: 0, max: 100 })
        : fc.oneof(fc.nat({ max: 20 }), fc.nat({ max: 3_000_000 }));
  return fc
    .tuple(fc.constant(code), strength, strength)
    .map(([c, a, b]) => ({ code: c, low: Math.min(a, b), high: Math.max(a, b) }));
});

describe('risk score properties', () => {
  it('is a whole number from 0 to 100 for any facts under any valid settings, with its level', () => {
    fc.assert(
      fc.property(facts, anySettings, (f, settings) => {
        const r = assessRisk(f, settings);
        expect(Number.isInteger(r.score)).toBe(true);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(r.level).toBe(riskLevel(r.score));
        if (r.allowListed) expect(r.score).toBe(0);
        for (const s of r.signals) {
          const set = settings.signals[s.code as RiskSignalCode];
          expect(set.enabled).toBe(true);
          expect(s.strength).toBeGreaterThanOrEqual(set.threshold);
          // No signal gives more than its weight, nor counts the other way.
          expect(Math.abs(s.points)).toBeLessThanOrEqual(Math.abs(set.weight));
          expect(s.points * set.weight).toBeGreaterThanOrEqual(0);
        }
        const decision = riskDecision(r.score, settings);
        expect(decision).toEqual({
          review: r.score >= settings.reviewFrom,
          refundAfterReceipt: r.score >= settings.refundAfterReceiptFrom,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never falls when one signal grows, and never rises when trust grows', () => {
    fc.assert(
      fc.property(facts, signedSettings, raised, (base, settings, { code, low, high }) => {
        const before = assessRisk(withStrength[code](base, low), settings).score;
        const after = assessRisk(withStrength[code](base, high), settings).score;
        if (code === 'TRUSTED_SEGMENT') expect(after).toBeLessThanOrEqual(before);
        else expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('never falls when another linked customer or list match turns up', () => {
    fc.assert(
      fc.property(facts, signedSettings, linkedCustomer, listMatch, (f, settings, other, match) => {
        const before = assessRisk(f, settings).score;
        expect(assessRisk({ ...f, linked: [...f.linked, other] }, settings).score).toBeGreaterThanOrEqual(before);
        expect(assessRisk({ ...f, blockMatches: [...f.blockMatches, match] }, settings).score).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});

describe('risk explanations', () => {
  const anyCode = fc.constantFrom<string>(...RISK_SIGNAL_CODES, ...LEGACY_RISK_SIGNAL_CODES);
  const detailValue = fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), words, fc.boolean(), fc.array(words, { maxLength: 3 }));
  const anySignal = fc.record(
    {
      code: anyCode,
      points: fc.integer({ min: -100, max: 100 }),
      strength: fc.double({ min: 0, max: 10_000_000, noNaN: true }),
      threshold: fc.double({ min: 0, max: 10_000_000, noNaN: true }),
      weight: fc.integer({ min: -100, max: 100 }),
      detail: fc.dictionary(
        fc.constantFrom(
          'returns',
          'before',
          'now',
          'units',
          'cost',
          'customers',
          'via',
          'kinds',
          'reason',
          'event',
          'wornNow',
          'blocked',
        ),
        detailValue,
      ),
    },
    { requiredKeys: ['code', 'points'] },
  );

  function readable(text: string, code: string) {
    expect(text.length).toBeGreaterThan(10);
    expect(text).not.toContain(code);
    expect(text).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b|undefined|NaN|null|\[object/);
  }

  it('has a sentence without codes for every signal, however little the signal says', () => {
    fc.assert(
      fc.property(anySignal, fc.constantFrom(...LOCALES), (signal, locale) => {
        readable(explainSignal(signal, locale), signal.code);
      }),
      { numRuns: 500 },
    );
  });

  it('explains every signal the score gives, and the whole assessment, in both languages', () => {
    fc.assert(
      fc.property(facts, anySettings, (f, settings) => {
        const r = assessRisk(f, settings);
        for (const locale of LOCALES) {
          for (const s of r.signals) readable(explainSignal(s, locale), s.code);
          const paragraph = explainAssessment({ ...r, decision: riskDecision(r.score, settings) }, locale);
          expect(paragraph).toContain(String(r.score));
          expect(paragraph).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b|undefined|NaN/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
