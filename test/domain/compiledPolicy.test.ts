import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../src/domain/policy/document.js';
import { evaluatePolicy } from '../../src/domain/policy/evaluate.js';
import type { EvaluationInput } from '../../src/domain/policy/facts.js';
import { interpretPolicy } from '../../src/domain/policy/reference/interpretPolicy.js';
import { evaluationRequest, policyDocument } from '../support/policyCorpus.js';

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

const policyWithRequests = policyDocument.chain((doc) => {
  const policy = parsePolicyDocument(doc);
  return fc.array(evaluationRequest(policy), { minLength: 1, maxLength: 6 });
});

describe('compiled policy engine', () => {
  it('gives the reference interpreter’s verdicts on random policies and requests', () => {
    // Several requests per policy: the compiled form is kept per document and must not carry
    // anything of one request into the next.
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
      { numRuns: 400, seed: 24 },
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
});
