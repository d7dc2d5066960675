import { describe, expect, it } from 'vitest';
import { noRiskFacts } from '../../src/domain/risk/facts.js';
import { assessRisk, RISK_BANDS, riskDecision, riskLevel } from '../../src/domain/risk/score.js';
import { DEFAULT_RISK_SETTINGS } from '../../src/domain/risk/settings.js';
import { FLAG_RISK_SIGNAL_CODES, RISK_SIGNAL_CODES, type RiskSignalCode } from '../../src/domain/risk/signals.js';
import { factsWith, onlySignal, TEST_THRESHOLDS, testSettings } from '../support/riskSignalFacts.js';

const FLAGS: readonly string[] = FLAG_RISK_SIGNAL_CODES;
const RAMPED = RISK_SIGNAL_CODES.filter((c) => !FLAGS.includes(c));

function fired(code: RiskSignalCode, strength: number, weight = 40) {
  const result = assessRisk(factsWith(code, strength), onlySignal(code, { weight }));
  return { result, signal: result.signals.find((s) => s.code === code) };
}

describe('risk score: each signal against its threshold', () => {
  it.each(RAMPED)('%s: nothing below its threshold, half its weight at it, all of it at twice', (code) => {
    const t = TEST_THRESHOLDS[code];
    const below = fired(code, t / 2);
    expect(below.signal).toBeUndefined();
    expect(below.result.score).toBe(0);

    const at = fired(code, t);
    expect(at.signal).toMatchObject({ code, points: 20, strength: t, threshold: t, weight: 40 });
    expect(at.result.score).toBe(20);
    expect(fired(code, t * 1.5).signal?.points).toBe(30);
    expect(fired(code, t * 2).signal?.points).toBe(40);
    expect(fired(code, t * 3).signal?.points).toBe(40);
    expect(fired(code, t * 2).result.score).toBe(40);
  });

  it.each(FLAG_RISK_SIGNAL_CODES)('%s holds or not, and gives its whole weight when it holds', (code) => {
    expect(fired(code, 0).signal).toBeUndefined();
    const on = fired(code, 1, code === 'TRUSTED_SEGMENT' ? -20 : 70);
    expect(on.signal).toMatchObject({ code, strength: 1, points: code === 'TRUSTED_SEGMENT' ? -20 : 70 });
    expect(on.result.score).toBe(code === 'TRUSTED_SEGMENT' ? 0 : 70);
  });

  it('leaves a disabled signal out altogether, whatever its strength', () => {
    for (const code of RISK_SIGNAL_CODES) {
      const off = assessRisk(factsWith(code, TEST_THRESHOLDS[code] * 3), onlySignal(code, { enabled: false }));
      expect(off.signals, code).toEqual([]);
      expect(off.score, code).toBe(0);
    }
  });

  it('names serial returning only from the shop’s minimum of earlier returns', () => {
    const settings = { ...onlySignal('SERIAL_RETURNING'), serialMinReturns: 3 };
    const facts = factsWith('SERIAL_RETURNING', 4);
    const two = assessRisk({ ...facts, history: { ...facts.history, returnCount: 2 } }, settings);
    expect(two.signals).toEqual([]);
    const three = assessRisk({ ...facts, history: { ...facts.history, returnCount: 3 } }, settings);
    expect(three.signals.map((s) => [s.code, s.points, s.strength])).toEqual([['SERIAL_RETURNING', 40, 4]]);
    expect(three.signals[0]?.detail).toMatchObject({ returns: 3, baseline: 0.1, valueRate: 0.4 });
  });

  it('measures serial returning against the shop’s own rate, not an absolute one', () => {
    const facts = factsWith('SERIAL_RETURNING', 3);
    const settings = onlySignal('SERIAL_RETURNING');
    expect(assessRisk(facts, settings).score).toBe(30);
    // The same customer in a shop where 30% comes back is just an ordinary customer there.
    expect(assessRisk({ ...facts, baselineValueRate: 0.3 }, settings).signals).toEqual([]);
  });

  it('shows bracketing with its cost and no points under the default weight', () => {
    // Shown as cost, not fraud: a shop starts with bracketing weighing nothing.
    expect(DEFAULT_RISK_SETTINGS.signals.BRACKETING.weight).toBe(0);
    const r = assessRisk(factsWith('BRACKETING', 2), testSettings());
    const s = r.signals.find((x) => x.code === 'BRACKETING');
    expect(s).toMatchObject({ points: 0, strength: 2, detail: { units: 4, cost: 3000 } });
    expect(r.score).toBe(0);
  });

  it('adds what inspection found to the history: worn or without tags, an empty box, another item', () => {
    const f = noRiskFacts('inspection');
    const settings = {
      ...onlySignal('WARDROBING', { threshold: 1 }),
      signals: {
        ...onlySignal('WARDROBING', { threshold: 1 }).signals,
        EMPTY_BOX: { enabled: true, weight: 40, threshold: 1 },
        WRONG_ITEM: { enabled: true, weight: 40, threshold: 1 },
      },
    };
    const found = assessRisk(
      {
        ...f,
        history: { ...f.history, wornFindings: 1, emptyBoxes: 2, wrongItems: 1 },
        inspection: { worn: 1, tagsRemoved: 2, emptyBox: true, wrongItems: 2 },
      },
      settings,
    );
    const byCode = Object.fromEntries(found.signals.map((s) => [s.code, s]));
    // One line both worn and without tags is one finding: the larger of the two counts.
    expect(byCode.WARDROBING).toMatchObject({ strength: 3, detail: { wornBefore: 1, wornNow: 1, tagsRemovedNow: 2 } });
    expect(byCode.EMPTY_BOX).toMatchObject({ strength: 3, detail: { before: 2, now: true } });
    expect(byCode.WRONG_ITEM).toMatchObject({ strength: 3, detail: { before: 1, now: 2 } });
  });

  it('counts a return just after an event date as a sign of wardrobing', () => {
    const f = noRiskFacts();
    const r = assessRisk(
      { ...f, history: { ...f.history, eventReturns: 1 }, current: { ...f.current, event: "New Year's Eve" } },
      onlySignal('WARDROBING'),
    );
    expect(r.signals[0]).toMatchObject({ code: 'WARDROBING', strength: 2, points: 20, detail: { event: "New Year's Eve" } });
  });

  it('lets a blocked linked customer weigh as the highest score, and names how they are linked', () => {
    const f = noRiskFacts();
    const r = assessRisk(
      {
        ...f,
        linked: [
          { customerId: 'cus_a', via: ['phone'], score: 35, blocked: false },
          { customerId: 'cus_b', via: ['payment', 'address'], score: 10, blocked: true },
        ],
      },
      onlySignal('LINKED_ACCOUNTS'),
    );
    expect(r.signals[0]).toMatchObject({
      strength: 100,
      points: 40,
      detail: { customers: 2, via: ['address', 'payment', 'phone'], topCustomerId: 'cus_b', blocked: true },
    });
  });

  it('links no one through an IP alone, but counts an IP beside a stronger link', () => {
    const f = noRiskFacts();
    const ipOnly = assessRisk(
      { ...f, linked: [{ customerId: 'cus_ip', via: ['ip'], score: 100, blocked: true }] },
      onlySignal('LINKED_ACCOUNTS'),
    );
    expect(ipOnly.signals).toEqual([]);
    const both = assessRisk(
      {
        ...f,
        linked: [
          { customerId: 'cus_ip', via: ['ip'], score: 100, blocked: true },
          { customerId: 'cus_dev', via: ['device', 'ip'], score: 60, blocked: false },
        ],
      },
      onlySignal('LINKED_ACCOUNTS'),
    );
    expect(both.signals[0]).toMatchObject({
      strength: 60,
      detail: { customers: 1, via: ['device', 'ip'], topCustomerId: 'cus_dev' },
    });
  });

  it('zeroes the score of an allow-listed customer and keeps the signals for the record', () => {
    const f = factsWith('EMPTY_BOX', 4, factsWith('CUSTOMER_BLOCKED', 1));
    const listed = assessRisk(
      { ...f, allowMatches: [{ entryId: 'rle_2', kind: 'customer', reason: 'Wholesale' }] },
      testSettings(),
    );
    expect(listed.allowListed).toBe(true);
    expect(listed.score).toBe(0);
    expect(listed.level).toBe('low');
    expect(listed.signals.map((s) => s.code)).toEqual(['CUSTOMER_BLOCKED', 'EMPTY_BOX']);
    expect(assessRisk(f, testSettings()).score).toBe(100);
  });

  it('keeps the score within 0–100 and explains every point of it below the cap', () => {
    const capped = assessRisk(factsWith('EMPTY_BOX', 5, factsWith('CUSTOMER_BLOCKED', 1)), testSettings());
    expect(capped.score).toBe(100);
    const trusted = assessRisk(factsWith('TRUSTED_SEGMENT', 1), testSettings());
    expect(trusted.score).toBe(0);
    const some = assessRisk(factsWith('HIGH_VALUE', 75_000, factsWith('RETURN_VELOCITY', 5)), onlySignal('HIGH_VALUE'));
    expect(some.score).toBe(some.signals.reduce((sum, s) => sum + s.points, 0));
  });
});

describe('what a score leads to', () => {
  it('sends to review and makes money wait from the shop’s scores, and has no way to refuse', () => {
    const settings = testSettings();
    expect(riskDecision(0, settings)).toEqual({ review: false, refundAfterReceipt: false });
    expect(riskDecision(29, settings)).toEqual({ review: false, refundAfterReceipt: false });
    expect(riskDecision(30, settings)).toEqual({ review: false, refundAfterReceipt: true });
    expect(riskDecision(60, settings)).toEqual({ review: true, refundAfterReceipt: true });
    for (let score = 0; score <= 100; score++) {
      // Only these two consequences exist: a refusal is the policy's, or a person's.
      expect(Object.keys(riskDecision(score, settings)).sort()).toEqual(['refundAfterReceipt', 'review']);
    }
  });

  it('bands scores into the queue’s levels', () => {
    expect([0, 29, 30, 59, 60, 100].map(riskLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
    for (const [level, band] of Object.entries(RISK_BANDS)) {
      expect(riskLevel(band.min)).toBe(level);
      expect(riskLevel(band.max)).toBe(level);
    }
  });
});
