import { describe, expect, it } from 'vitest';
import { INSTANT_EXCHANGE_HOLD } from '../src/app/exchanges/exchangeRound.js';
import { EVENT_CATALOGUE } from '../src/app/messaging/eventCatalogue.js';
import { PAYMENT_PROVIDERS } from '../src/app/money/payments/port.js';
import { MANUAL_STOCK_KINDS } from '../src/domain/disposition.js';
import { noRiskFacts } from '../src/domain/risk/facts.js';
import { assessRisk } from '../src/domain/risk/score.js';
import { DEFAULT_RISK_SETTINGS, type RiskSettings } from '../src/domain/risk/settings.js';
import { LEGACY_RISK_SIGNAL_CODES, RISK_SIGNAL_CODES } from '../src/domain/risk/signals.js';
import {
  EVENT_LABELS,
  humanise,
  labelsFor,
  PROVIDERS,
  RISK_SIGNAL_LABELS,
  RISK_SIGNALS,
  STOCK_KINDS,
} from '../web/admin/src/labels.js';

// The tables keyed by the domain's unions are checked by the compiler; these codes travel as
// plain strings, so their lists are held against the server's own here.
describe('back-office labels', () => {
  it('names every event type the server records, in Dutch and English', () => {
    for (const lang of ['en', 'nl'] as const) {
      const missing = [...EVENT_CATALOGUE.keys()].filter((type) => !EVENT_LABELS[lang][type]);
      expect(missing, lang).toEqual([]);
    }
  });

  it('names every stock movement kind, payment provider and risk signal', () => {
    expect(MANUAL_STOCK_KINDS.filter((k) => !(STOCK_KINDS as readonly string[]).includes(k))).toEqual([]);
    expect(PAYMENT_PROVIDERS.filter((p) => !(PROVIDERS as readonly string[]).includes(p))).toEqual([]);
    // Facts that fire every signal the score can give, each named in both languages by its own word.
    const facts = noRiskFacts('inspection');
    // Low thresholds, so a shop's tuned defaults never hide a signal from this test.
    const settings: RiskSettings = {
      ...DEFAULT_RISK_SETTINGS,
      serialMinReturns: 0,
      signals: Object.fromEntries(
        RISK_SIGNAL_CODES.map((c) => [c, { enabled: true, weight: DEFAULT_RISK_SETTINGS.signals[c].weight, threshold: 1 }]),
      ) as RiskSettings['signals'],
    };
    const fired = [
      assessRisk(
        {
          ...facts,
          segment: 'blocked',
          blockMatches: [{ entryId: 'e1', kind: 'email', reason: 'chargebacks' }],
          history: {
            ...facts.history,
            returnCount: 9,
            returnedValue: 90_000,
            boughtValue: 100_000,
            wornFindings: 2,
            emptyBoxes: 1,
            wrongItems: 1,
            recentReturns: 5,
          },
          baselineValueRate: 0.2,
          current: {
            value: 1_000_000,
            lines: 2,
            controllableLines: 2,
            event: "New Year's Eve",
            bracketing: { products: 1, units: 2, cost: 1500 },
            lookupsLastHour: 9,
          },
          inspection: { worn: 1, tagsRemoved: 1, emptyBox: true, wrongItems: 1 },
          linked: [
            { customerId: 'c2', via: ['address'], score: 80, blocked: false },
            { customerId: 'c3', via: ['payment'], score: 0, blocked: false },
          ],
          exposure: 90_000,
        },
        settings,
      ),
      assessRisk({ ...facts, segment: 'vip' }, settings),
    ].flatMap((r) => r.signals.map((s) => s.code));
    expect([...new Set(fired)].sort()).toEqual([...RISK_SIGNAL_CODES].sort());
    for (const lang of ['en', 'nl'] as const) {
      // Old returns keep the signals they were scored with, so those keep their names too.
      for (const code of [...RISK_SIGNAL_CODES, ...LEGACY_RISK_SIGNAL_CODES]) {
        expect((RISK_SIGNALS as readonly string[]).includes(code), code).toBe(true);
        expect(RISK_SIGNAL_LABELS[lang][code], `${lang} ${code}`).toMatch(/^[A-Z][a-z]/);
      }
    }
    expect(labelsFor('nl').riskSignal('EMPTY_BOX')).toBe('Leeg pakket');
    expect(labelsFor('en').riskSignal('SERIAL_RETURNER')).toBe('Returns most of what they buy');
    // A hold Retour puts on by itself; holds staff put on carry their own words.
    expect(labelsFor('nl').holdReason(INSTANT_EXCHANGE_HOLD)).not.toBe(INSTANT_EXCHANGE_HOLD);
    expect(labelsFor('en').holdReason('Address looks odd')).toBe('Address looks odd');
  });

  it('reads codes as words in the staff language, and an unknown code still as words', () => {
    const nl = labelsFor('nl');
    const en = labelsFor('en');
    expect(nl.decision('manual_review')).toBe('Beoordeling nodig');
    expect(en.disposition('return_to_vendor')).toBe('Return to supplier');
    expect(nl.event('stock.moved')).toBe('Voorraad geboekt');
    expect(en.resolution(null)).toBe('—');
    expect(en.financeMovement('refund_mollie')).toBe('Refund (Mollie)');
    expect(nl.financeMovement('refund_manual')).toBe('Terugbetaling (Bankoverschrijving)');
    expect(en.financeMovement('store_credit_bonus')).toBe('Store credit: bonus');
    expect(en.financeMovement('store_credit')).toBe('Store credit');
    expect(nl.financeMovement('exchange_payment_stripe')).toBe('Prijsverschil ruil betaald (Stripe)');
    expect(en.financeMovement('goodwill')).toBe('Goodwill');
    expect(humanise('return.something_new')).toBe('Something new');
    expect(humanise('NEW_CODE')).toBe('New code');
  });
});
