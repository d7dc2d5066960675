import { describe, expect, it } from 'vitest';
import { describeSignal, explainAssessment, explainSignal, RISK_SIGNAL_UNITS } from '../../src/domain/risk/explain.js';
import { assessRisk } from '../../src/domain/risk/score.js';
import { FLAG_RISK_SIGNAL_CODES, LEGACY_RISK_SIGNAL_CODES, RISK_SIGNAL_CODES } from '../../src/domain/risk/signals.js';
import { factsWith, onlySignal } from '../support/riskSignalFacts.js';

describe('a risk signal in a sentence for staff', () => {
  it('says how far past the shop’s own rate a serial returner is', () => {
    const s = { code: 'SERIAL_RETURNING', points: 45, strength: 3.4, threshold: 2, weight: 60, detail: { returns: 5 } };
    expect(explainSignal(s, 'en')).toBe("Returned 3.4× the shop's rate by value over 5 earlier returns (threshold 2×).");
    expect(explainSignal(s, 'nl')).toBe(
      'Stuurde 3,4× zoveel terug als gebruikelijk in de winkel (naar waarde), over 5 eerdere retouren (drempel 2×).',
    );
  });

  it('tells an empty parcel now from empty parcels before', () => {
    const s = (before: number, now: boolean) => ({
      code: 'EMPTY_BOX',
      points: 100,
      strength: before + (now ? 1 : 0),
      threshold: 1,
      weight: 100,
      detail: { before, now },
    });
    expect(explainSignal(s(2, true), 'en')).toBe('2 earlier parcels arrived empty, and this one did too.');
    expect(explainSignal(s(0, true), 'en')).toBe('This parcel arrived empty.');
    expect(explainSignal(s(1, false), 'en')).toBe('1 earlier parcel arrived empty.');
    expect(explainSignal(s(2, true), 'nl')).toBe('2 eerdere pakketten kwamen leeg aan, en dit ook.');
  });

  it('names what linked accounts share and the highest score among them', () => {
    const s = {
      code: 'LINKED_ACCOUNTS',
      points: 50,
      strength: 78,
      threshold: 50,
      weight: 60,
      detail: { customers: 3, via: ['address', 'payment'], topCustomerId: 'cus_1', blocked: false },
    };
    expect(explainSignal(s, 'en')).toBe(
      'Shares an address and a payment card with 3 other customers; the highest of them scores 78 (threshold 50).',
    );
    expect(explainSignal(s, 'nl')).toBe(
      'Deelt een adres en een betaalkaart met 3 andere klanten; de hoogste van hen scoort 78 (drempel 50).',
    );
    const one = { ...s, strength: 100, detail: { customers: 1, via: ['device', 'ip'], blocked: true } };
    expect(explainSignal(one, 'en')).toBe(
      'Shares a device and an internet address (IP) with another customer, who scores 100 (threshold 50) and is blocked.',
    );
  });

  it('shows bracketing as a cost in the locale’s money, not as fraud', () => {
    const s = { code: 'BRACKETING', points: 0, strength: 1, threshold: 1, weight: 0, detail: { units: 2, cost: 1500 } };
    expect(explainSignal(s, 'en')).toBe(
      'Bracketing: 2 sizes or colours of one product sent back; costs about €15.00 to handle — shown as cost, not fraud.',
    );
    expect(explainSignal(s, 'nl')).toContain('€\u00a015,00');
    expect(explainSignal(s, 'nl')).toContain('niet als fraude');
  });

  // Dutch money has a no-break space after the euro sign, as Intl writes it.
  it('writes amounts as money with the threshold beside them', () => {
    const s = { code: 'REFUND_EXPOSURE', points: 20, strength: 123_456, threshold: 30_000, weight: 30 };
    expect(explainSignal(s, 'en')).toBe(
      '€1,234.56 refunded before the goods arrived and still not received (threshold €300.00).',
    );
    expect(explainSignal({ ...s, code: 'HIGH_VALUE' }, 'nl')).toBe(
      'Voor wat terug wordt gestuurd is €\u00a01.234,56 betaald (drempel €\u00a0300,00).',
    );
  });

  it('names the lists an entry is on and quotes its reason', () => {
    const s = { code: 'BLOCK_LISTED', points: 100, strength: 1, threshold: 1, weight: 100 };
    expect(explainSignal({ ...s, detail: { kinds: ['email', 'phone'], reason: 'Chargebacks' } }, 'en')).toBe(
      "An e-mail address and a phone number of the customer's are on the block list (reason: “Chargebacks”).",
    );
    expect(explainSignal({ ...s, detail: { kinds: ['customer'], reason: '' } }, 'nl')).toBe(
      'De klant staat op de blokkeerlijst.',
    );
  });

  it('says what wardrobing saw now and before', () => {
    const s = {
      code: 'WARDROBING',
      points: 40,
      strength: 3,
      threshold: 2,
      weight: 70,
      detail: { wornBefore: 1, eventsBefore: 0, wornNow: 1, tagsRemovedNow: 0, event: "King's Day" },
    };
    expect(explainSignal(s, 'en')).toBe(
      "Signs of wearing and returning: 1 item came back worn or used, asked back just after King's Day and 1 earlier item found worn or without tags (threshold 2).",
    );
  });

  it('counts trust down in points', () => {
    const s = { code: 'TRUSTED_SEGMENT', points: -20, strength: 1, threshold: 1, weight: -20 };
    expect(explainSignal(s, 'en')).toBe('A trusted customer (vip or employee): counts 20 points down.');
  });

  it('still explains the signals older returns were scored with, from their code alone', () => {
    for (const code of LEGACY_RISK_SIGNAL_CODES) {
      for (const locale of ['en', 'nl'] as const) {
        const text = explainSignal({ code, points: 25 }, locale);
        expect(text).toMatch(locale === 'en' ? /earlier way of scoring/ : /eerdere manier van scoren/);
        expect(text).not.toContain(code);
      }
    }
    expect(explainSignal({ code: 'SOMETHING_NEWER', points: 5 }, 'en')).toBe('Signal: something newer.');
    // Today's codes as the earlier scorer stored them: points, no strength to put a sum to.
    expect(explainSignal({ code: 'HIGH_VALUE', points: 30 }, 'en')).toBe('A return of high value (an earlier way of scoring).');
    expect(explainSignal({ code: 'TRUSTED_SEGMENT', points: -20 }, 'nl')).toBe(
      'Een vertrouwde klant, vip of medewerker (een eerdere manier van scoren).',
    );
    expect(explainSignal({ code: 'EMPTY_BOX', points: 40 }, 'en')).toBe('Empty box (40 points).');
  });
});

describe('what a signal measures', () => {
  it('describes every signal in both languages, each differently, with its unit', () => {
    for (const locale of ['en', 'nl'] as const) {
      const texts = RISK_SIGNAL_CODES.map((c) => describeSignal(c, locale));
      expect(new Set(texts).size).toBe(RISK_SIGNAL_CODES.length);
      for (const [i, code] of RISK_SIGNAL_CODES.entries()) {
        expect(texts[i], code).not.toContain(code);
        expect(texts[i], code).toMatch(/\(.+\)/);
      }
      for (const code of LEGACY_RISK_SIGNAL_CODES) expect(describeSignal(code, locale)).not.toContain(code);
    }
  });

  it('marks the yes-or-no signals as flags and amounts as money', () => {
    const flags = RISK_SIGNAL_CODES.filter((c) => RISK_SIGNAL_UNITS[c] === 'flag');
    expect(flags.sort()).toEqual([...FLAG_RISK_SIGNAL_CODES].sort());
    expect(RISK_SIGNAL_UNITS.HIGH_VALUE).toBe('money');
    expect(RISK_SIGNAL_UNITS.SERIAL_RETURNING).toBe('multiple');
    expect(RISK_SIGNAL_UNITS.LINKED_ACCOUNTS).toBe('score');
  });
});

describe('an assessment in one paragraph', () => {
  const risky = assessRisk(factsWith('EMPTY_BOX', 2), onlySignal('EMPTY_BOX', { weight: 100, threshold: 1 }));

  it('gives the score, its reasons, what it led to, and that a person can review it', () => {
    const text = explainAssessment({ ...risky, decision: { review: true, refundAfterReceipt: true } }, 'en');
    expect(text).toContain(`Risk score ${risky.score} of 100 (high).`);
    expect(text).toContain('2 earlier parcels arrived empty.');
    expect(text).toContain('So a person reviews the return, and the refund waits until the goods are received.');
    expect(text).toContain('A score never refuses a return; a person can look at this assessment, confirm it or clear it.');
    const nl = explainAssessment({ ...risky, decision: { review: false, refundAfterReceipt: true } }, 'nl');
    expect(nl).toContain('Daardoor wacht de terugbetaling tot de goederen binnen zijn.');
    expect(nl).toContain('Een score weigert nooit een retour');
  });

  it('says an allow-listed customer scores 0 and keeps the signals for the record', () => {
    const text = explainAssessment(
      { ...risky, score: 0, allowListed: true, decision: { review: false, refundAfterReceipt: false } },
      'en',
    );
    expect(text).toMatch(/^The customer is on the allow list, so the risk score is 0/);
    expect(text).toContain('2 earlier parcels arrived empty.');
    expect(text).toContain('It led to nothing automatic.');
  });

  it('says so when no signal fired', () => {
    expect(explainAssessment({ score: 0, signals: [], allowListed: false }, 'nl')).toBe(
      'Risicoscore 0 van 100 (laag). Geen signaal sloeg aan. Een score weigert nooit een retour; een medewerker kan de beoordeling bekijken, bevestigen of opheffen.',
    );
  });
});
