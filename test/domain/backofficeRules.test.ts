import { describe, expect, it } from 'vitest';
import {
  categoryChain,
  type DispositionRule,
  recoveredValue,
  recoveryBpFor,
  restockCondition,
  suggestDisposition,
} from '../../src/domain/disposition.js';
import { noRiskFacts, type RiskFacts } from '../../src/domain/risk/facts.js';
import { assessRisk, riskLevel } from '../../src/domain/risk/score.js';
import { PINNED_RISK_SETTINGS } from '../support/pinnedRiskSettings.js';

const facts = noRiskFacts();
const base: RiskFacts = { ...facts, current: { ...facts.current, value: 2000, lines: 1 } };
// The weights and thresholds this test reasons with, whatever the shipped defaults become.
const settings = PINNED_RISK_SETTINGS;
const score = (f: RiskFacts) => assessRisk(f, settings);

describe('risk score', () => {
  it('is low for an ordinary return and explains every point it gives', () => {
    expect(score(base)).toEqual({ score: 0, level: 'low', signals: [], allowListed: false });
    const risky = score({
      ...base,
      history: { ...base.history, returnCount: 4, returnedValue: 60_000, boughtValue: 100_000 },
      baselineValueRate: 0.2,
      current: { ...base.current, value: 60_000, lines: 2, controllableLines: 2 },
    });
    expect(risky.signals.map((s) => s.code)).toEqual(['SERIAL_RETURNING', 'HIGH_VALUE', 'ALL_SHOP_FAULT']);
    // 3× the shop's rate (threshold 2×): 45 of 60; €600 (threshold €500): 18 of 30; all shop's fault: 10.
    expect(risky.signals.map((s) => s.points)).toEqual([45, 18, 10]);
    expect(risky.score).toBe(73);
    expect(risky.level).toBe('high');
  });

  it('trusts VIP and staff shoppers, never below zero, never above 100', () => {
    expect(score({ ...base, segment: 'vip' }).score).toBe(0);
    // €1,000 is twice the high-value threshold (30 points); a vip's trust takes its whole 20 off.
    expect(score({ ...base, segment: 'vip', current: { ...base.current, value: 100_000 } }).score).toBe(10);
    const blocked = score({
      ...base,
      segment: 'blocked',
      history: { ...base.history, returnCount: 9, returnedValue: 90_000, boughtValue: 100_000 },
      baselineValueRate: 0.1,
      current: { ...base.current, value: 90_000 },
    });
    expect(blocked.score).toBe(100);
    expect(blocked.signals.reduce((sum, s) => sum + s.points, 0)).toBeGreaterThan(100);
  });

  it('bands scores into levels at 30 and 60', () => {
    expect([0, 29, 30, 59, 60, 100].map(riskLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });
});

describe('disposition rules', () => {
  const rules: DispositionRule[] = [
    { grade: 'A', categoryId: null, disposition: 'restock', recoveryBp: 10_000 },
    { grade: 'A', categoryId: 'cat_tops', disposition: 'refurbish', recoveryBp: 6_000 },
    { grade: 'C', categoryId: null, disposition: 'liquidate', recoveryBp: 2_000 },
  ];
  const parents = new Map<string, string | null>([
    ['cat_tees', 'cat_tops'],
    ['cat_tops', null],
  ]);

  it('takes the rule of the nearest category, then the one for all categories', () => {
    expect(categoryChain('cat_tees', parents)).toEqual(['cat_tees', 'cat_tops']);
    expect(suggestDisposition(rules, 'A', categoryChain('cat_tees', parents))?.disposition).toBe('refurbish');
    expect(suggestDisposition(rules, 'A', [])?.disposition).toBe('restock');
    expect(suggestDisposition(rules, 'C', ['cat_tees'])?.disposition).toBe('liquidate');
    expect(suggestDisposition(rules, 'F', [])).toBeNull();
  });

  it('stops at a loop in the category tree', () => {
    expect(
      categoryChain(
        'a',
        new Map([
          ['a', 'b'],
          ['b', 'a'],
        ]),
      ),
    ).toEqual(['a', 'b']);
  });

  it('recovers the rule’s share when accepted, the disposition’s default when overridden, rounded down', () => {
    const suggested = rules[1] ?? null;
    expect(recoveryBpFor('refurbish', suggested)).toBe(6_000);
    expect(recoveryBpFor('donate', suggested)).toBe(0);
    expect(recoveryBpFor('liquidate', suggested)).toBe(2_000);
    expect(recoveredValue(3333, 5_000)).toBe(1666);
  });

  it('restocks as new only what is graded as new', () => {
    expect(['A', 'B', 'C', 'D'].map((g) => restockCondition(g as 'A'))).toEqual([
      'new',
      'open_box',
      'refurbished',
      'refurbished',
    ]);
  });
});
