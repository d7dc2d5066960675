import { noRiskFacts, type RiskFacts } from '../../src/domain/risk/facts.js';
import { DEFAULT_RISK_SETTINGS, type RiskSettings, type RiskSignalSetting } from '../../src/domain/risk/settings.js';
import { RISK_SIGNAL_CODES, type RiskSignalCode } from '../../src/domain/risk/signals.js';

/** Facts that give one signal exactly the strength asked, for the score's domain and property
 * tests: each signal is driven through the facts the application loads, not set by hand. */
export const withStrength: Record<RiskSignalCode, (f: RiskFacts, strength: number) => RiskFacts> = {
  CUSTOMER_BLOCKED: (f, s) => ({ ...f, segment: s >= 1 ? 'blocked' : 'standard' }),
  BLOCK_LISTED: (f, s) => ({
    ...f,
    blockMatches: s >= 1 ? [{ entryId: 'rle_1', kind: 'payment', reason: 'Chargebacks' }] : [],
  }),
  // Returned value ÷ bought value against a shop rate of 10%: strength 3 is 30% of what was bought.
  SERIAL_RETURNING: (f, s) => ({
    ...f,
    history: { ...f.history, boughtValue: 100_000, returnedValue: Math.round(s * 10_000) },
    baselineValueRate: 0.1,
  }),
  WARDROBING: (f, s) => ({ ...f, history: { ...f.history, wornFindings: s } }),
  BRACKETING: (f, s) => ({
    ...f,
    current: { ...f.current, bracketing: { products: s, units: 2 * s, cost: 1500 * s } },
  }),
  EMPTY_BOX: (f, s) => ({ ...f, history: { ...f.history, emptyBoxes: s } }),
  WRONG_ITEM: (f, s) => ({ ...f, history: { ...f.history, wrongItems: s } }),
  LINKED_ACCOUNTS: (f, s) => ({
    ...f,
    linked: s > 0 ? [{ customerId: 'cus_linked', via: ['address'], score: s, blocked: false }] : [],
  }),
  // Others on this customer's card, each scoring nothing: only their number counts.
  ACCOUNT_CLUSTER: (f, s) => ({
    ...f,
    linked: Array.from({ length: Math.round(s) }, (_, i) => ({
      customerId: `cus_card_${i}`,
      via: ['payment'],
      score: 0,
      blocked: false,
    })),
  }),
  // This return counts too.
  RETURN_VELOCITY: (f, s) => ({ ...f, history: { ...f.history, recentReturns: Math.max(0, s - 1) } }),
  LOOKUP_VELOCITY: (f, s) => ({ ...f, current: { ...f.current, lookupsLastHour: s } }),
  REFUND_EXPOSURE: (f, s) => ({ ...f, exposure: s }),
  HIGH_VALUE: (f, s) => ({ ...f, current: { ...f.current, value: s } }),
  ALL_SHOP_FAULT: (f, s) => ({ ...f, current: { ...f.current, value: s, lines: 2, controllableLines: 2 } }),
  TRUSTED_SEGMENT: (f, s) => ({ ...f, segment: s >= 1 ? 'vip' : 'standard' }),
};

/** A threshold in each signal's own unit that the tests can halve and double. */
export const TEST_THRESHOLDS: Record<RiskSignalCode, number> = {
  CUSTOMER_BLOCKED: 1,
  BLOCK_LISTED: 1,
  SERIAL_RETURNING: 2,
  WARDROBING: 2,
  BRACKETING: 2,
  EMPTY_BOX: 2,
  WRONG_ITEM: 2,
  LINKED_ACCOUNTS: 40,
  ACCOUNT_CLUSTER: 2,
  RETURN_VELOCITY: 4,
  LOOKUP_VELOCITY: 4,
  REFUND_EXPOSURE: 30_000,
  HIGH_VALUE: 50_000,
  ALL_SHOP_FAULT: 20_000,
  TRUSTED_SEGMENT: 1,
};

/** Settings in which only `code` counts, with the weight and threshold given. */
export function onlySignal(code: RiskSignalCode, setting: Partial<RiskSignalSetting> = {}): RiskSettings {
  const signals = Object.fromEntries(
    RISK_SIGNAL_CODES.map((c) => [c, { enabled: false, weight: 40, threshold: TEST_THRESHOLDS[c] }]),
  ) as RiskSettings['signals'];
  signals[code] = { enabled: true, weight: 40, threshold: TEST_THRESHOLDS[code], ...setting };
  return { ...DEFAULT_RISK_SETTINGS, serialMinReturns: 0, signals };
}

/** Every signal on, at the thresholds above, weighing 60 (bracketing 0, trust -20): a shop of the
 * tests' own, so tuning the shipped defaults does not move what the tests reason about. */
export function testSettings(): RiskSettings {
  const signals = Object.fromEntries(
    RISK_SIGNAL_CODES.map((c) => [
      c,
      { enabled: true, weight: c === 'BRACKETING' ? 0 : c === 'TRUSTED_SEGMENT' ? -20 : 60, threshold: TEST_THRESHOLDS[c] },
    ]),
  ) as RiskSettings['signals'];
  return { ...DEFAULT_RISK_SETTINGS, reviewFrom: 60, refundAfterReceiptFrom: 30, serialMinReturns: 0, signals };
}

/** A first-time shopper with one signal at the strength given. */
export function factsWith(code: RiskSignalCode, strength: number, base: RiskFacts = noRiskFacts()): RiskFacts {
  return withStrength[code](base, strength);
}
