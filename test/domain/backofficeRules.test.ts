import { describe, expect, it } from 'vitest';
import {
  categoryChain,
  type DispositionRule,
  recoveredValue,
  recoveryBpFor,
  restockCondition,
  suggestDisposition,
} from '../../src/domain/disposition.js';
import { assessRisk, riskLevel } from '../../src/domain/risk/score.js';

const base = { segment: 'standard', returnRate: 0, returnCount: 0, value: 2000, lines: 1, controllableLines: 0 };

describe('risk score', () => {
  it('is low for an ordinary return and explains every point it gives', () => {
    expect(assessRisk(base)).toEqual({ score: 0, level: 'low', signals: [] });
    const risky = assessRisk({ ...base, returnCount: 4, returnRate: 0.6, value: 60_000, lines: 2, controllableLines: 2 });
    expect(risky.signals.map((s) => s.code)).toEqual(['SERIAL_RETURNER', 'HIGH_VALUE', 'ALL_SHOP_FAULT']);
    expect(risky.score).toBe(75);
    expect(risky.level).toBe('high');
  });

  it('trusts VIP and staff shoppers, never below zero, never above 100', () => {
    expect(assessRisk({ ...base, segment: 'vip' }).score).toBe(0);
    expect(assessRisk({ ...base, segment: 'vip', value: 60_000 }).score).toBe(10);
    expect(assessRisk({ ...base, segment: 'blocked', returnCount: 9, returnRate: 0.9, value: 90_000 }).score).toBe(100);
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
