import { describe, expect, it } from 'vitest';
import { INSTANT_EXCHANGE_HOLD } from '../src/app/exchanges/exchangeRound.js';
import { EVENT_CATALOGUE } from '../src/app/messaging/eventCatalogue.js';
import { PAYMENT_PROVIDERS } from '../src/app/money/payments/port.js';
import { MANUAL_STOCK_KINDS } from '../src/domain/disposition.js';
import { assessRisk } from '../src/domain/risk/score.js';
import { EVENT_LABELS, humanise, labelsFor, PROVIDERS, RISK_SIGNALS, STOCK_KINDS } from '../web/admin/src/labels.js';

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
    const signals = [
      assessRisk({ segment: 'blocked', returnCount: 9, returnRate: 0.9, value: 1_000_000, controllableLines: 2, lines: 2 }),
      assessRisk({ segment: 'vip', returnCount: 2, returnRate: 0.3, value: 20_000, controllableLines: 0, lines: 1 }),
    ].flatMap((r) => r.signals.map((s) => s.code));
    expect(signals.length).toBeGreaterThan(4);
    expect(signals.filter((c) => !(RISK_SIGNALS as readonly string[]).includes(c))).toEqual([]);
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
