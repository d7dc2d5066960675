import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledPolicy } from '../../src/domain/policy/compiledPolicy.js';
import { parsePolicyDocument } from '../../src/domain/policy/document.js';
import { evaluatePolicy } from '../../src/domain/policy/evaluate.js';
import { type EvaluationInput, NO_PRODUCT_FLAGS } from '../../src/domain/policy/facts.js';
import { cascadeLine } from '../../src/domain/policy/lineCascade.js';
import { interpretPolicy } from '../../src/domain/policy/reference/interpretPolicy.js';
import { requestScope } from '../../src/domain/policy/requestScope.js';
import { policyWithRequests } from '../support/policyCorpus.js';

/** What an engine answers: its verdict, or the error it throws. */
function outcome(engine: (input: EvaluationInput) => unknown, input: EvaluationInput) {
  try {
    return { verdict: engine(input) };
  } catch (err) {
    return { error: String(err) };
  }
}

/** The compiled engine must give the reference interpreter's verdict, to the last reason, amount,
 * deadline and method option, in the same key order (stored verdicts and API answers are JSON). */
function expectSameVerdict(input: EvaluationInput) {
  const compiled = outcome(evaluatePolicy, input);
  const reference = outcome(interpretPolicy, input);
  expect(compiled).toStrictEqual(reference);
  expect(JSON.stringify(compiled)).toBe(JSON.stringify(reference));
}

describe('compiled policy engine', () => {
  it('gives the reference interpreter’s verdicts on random policies and requests', () => {
    fc.assert(
      fc.property(policyWithRequests, (requests) => {
        for (const input of requests) expectSameVerdict(input);
      }),
      { numRuns: 1000 },
    );
  });

  it('judges requests the compiled day arithmetic does not cover as the interpreter does', () => {
    fc.assert(
      // Four-digit years outside the compiled range, and no date at all (years below 1000 hang the
      // interpreter itself: its working-day search never ends on the dates it cannot write).
      fc.property(
        policyWithRequests,
        fc.constantFrom(Date.UTC(1050, 5, 1), Date.UTC(9995, 5, 1), Number.NaN),
        (requests, far) => {
          for (const input of requests) {
            const order = {
              ...input.order,
              lines: input.order.lines.map((l, i) => (i === 0 ? { ...l, deliveredAt: new Date(far) } : l)),
            };
            expectSameVerdict({ ...input, order });
            expectSameVerdict({ ...input, now: new Date(far) });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('fires most kinds of reason on the corpus, so the comparison means something', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(policyWithRequests, (requests) => {
        for (const input of requests) {
          const v = evaluatePolicy(input);
          for (const line of v.lines) for (const code of line.codes) seen.add(code);
          for (const r of v.reasons) seen.add(r.code);
          if (v.lines.some((l) => l.flow === 'warranty')) seen.add('flow:warranty');
          if (v.lines.some((l) => l.firedRules.length > 0)) seen.add('rule fired');
          if (v.lines.some((l) => l.pendingOnReason.length > 0)) seen.add('rule pending');
          if (v.lines.some((l) => l.lifted.length > 0)) seen.add('lifted');
        }
      }),
      { numRuns: 400, seed: 1 },
    );
    for (const expected of [
      'NOT_DELIVERED',
      'WINDOW_EXPIRED',
      'ALREADY_RETURNED',
      'QUANTITY_EXCEEDS_RETURNABLE',
      'FINAL_SALE',
      'CUSTOMER_BLOCKED',
      'EU_WITHDRAWAL_RIGHT',
      'WARRANTY_CLAIM',
      'RESTOCKING_FEE',
      'RESTOCKING_FEE_NOT_ALLOWED',
      'RETURN_SHIPPING_FEE',
      'FEE_NOT_DISCLOSED',
      'FEE_WAIVED',
      'BONUS_CREDIT',
      'KEEP_ITEM',
      'STAFF_EXCEPTION',
      'EXCHANGE_LIMIT_REACHED',
      'RETURN_WINDOW',
      'flow:warranty',
      'rule fired',
      'rule pending',
      'lifted',
    ])
      expect(seen, expected).toContain(expected);
  });

  it('refuses edits in place of a parsed document and of the effects lines share', () => {
    // The compiled form and the effects worked out once are kept by the document object: an edit
    // in place would leave them judging by the old text.
    const document = parsePolicyDocument({
      defaults: { window: { days: 30 }, diminishedValue: { B: 10 } },
      rules: [{ id: 'sale', name: 'Sale', when: { skus: ['SKU-1'] }, effects: { window: { days: 14 } } }],
    });
    const rule = document.rules[0] as (typeof document.rules)[number];
    expect(() => {
      document.defaults.window.days = 60;
    }).toThrow(TypeError);
    expect(() => {
      rule.effects.window = { days: 1, from: 'order' };
    }).toThrow(TypeError);
    expect(() => document.rules.push(rule)).toThrow(TypeError);
    expect(() => (rule.when.skus as string[]).push('SKU-2')).toThrow(TypeError);

    const line = {
      id: 'l1',
      sku: 'SKU-1',
      quantity: 1,
      quantityInReturns: 0,
      exchangesUsed: 0,
      paidAmount: 5000,
      deliveredAt: new Date('2026-03-02T14:00:00Z'),
      categoryPath: [],
      productTags: [],
      flags: NO_PRODUCT_FLAGS,
    };
    const input: EvaluationInput = {
      now: new Date('2026-03-05T10:00:00Z'),
      timeZone: 'Europe/Amsterdam',
      policy: document,
      order: {
        id: 'o1',
        placedAt: new Date('2026-02-27T10:00:00Z'),
        channel: 'webshop',
        shippingCountry: 'NL',
        currency: 'EUR',
        lines: [line],
      },
      customer: { id: 'c1', segment: 'standard', tags: [], returnRate: 0, returnCount: 0 },
      reasons: [],
    };
    const { effects } = cascadeLine(requestScope(input, compiledPolicy(document)), line, null, null);
    expect(effects.window.days).toBe(14);
    expect(() => {
      effects.finalSale = true;
    }).toThrow(TypeError);
    const verdict = evaluatePolicy(input).lines[0];
    expect(verdict?.diminishedValue).toEqual({ B: 10 });
    expect(() => {
      if (verdict) verdict.diminishedValue.B = 0;
    }).toThrow(TypeError);
  });
});
