import { describe, expect, it } from 'vitest';
import { policyDocumentSchema } from '../../src/domain/policy/document.js';

const document = (effects: Record<string, unknown>) => ({
  defaults: { window: { days: 30 } },
  rules: [{ id: 'risky', name: 'Risky returns', when: { riskScore: { min: 60 } }, effects }],
});

// The law first: a score is no reason a shopper can answer, so a rule on it may send a return to a
// person or make its money wait, never refuse it or narrow what the shopper may choose.
describe('policy rules on the risk score', () => {
  it('may send to a person, ask photos and make money and exchanges wait', () => {
    const parsed = policyDocumentSchema.safeParse(
      document({ manualReview: true, photoRequired: true, refundTiming: 'receipt', autoApprove: false, instantExchange: false }),
    );
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('may not refuse or narrow: blocked, a shorter window, final sale, fewer resolutions or methods', () => {
    for (const effects of [
      { blocked: true },
      { window: { days: 0 } },
      { finalSale: true },
      { exchangeOnly: true },
      { resolutions: ['store_credit'] },
      { methods: ['store'] },
    ]) {
      const parsed = policyDocumentSchema.safeParse(document(effects));
      expect(parsed.success, JSON.stringify(effects)).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['rules', 0, 'effects', Object.keys(effects)[0]]);
    }
    const bySignal = policyDocumentSchema.safeParse({
      defaults: { window: { days: 30 } },
      rules: [{ id: 'ring', name: 'Rings', when: { riskSignals: ['LINKED_ACCOUNTS'] }, effects: { blocked: true } }],
    });
    expect(bySignal.success).toBe(false);
  });

  it('leaves rules without a risk condition as they were', () => {
    const parsed = policyDocumentSchema.safeParse({
      defaults: { window: { days: 30 } },
      rules: [{ id: 'vip', name: 'Blocked segment', when: { segments: ['blocked'] }, effects: { blocked: true } }],
    });
    expect(parsed.success).toBe(true);
  });
});
