/** An explainable risk score for a return request: every point comes from a named signal, so a
 * reviewer sees why a return was flagged and the queue can be filtered by it. */
export interface RiskSignal {
  code: string;
  points: number;
}

export interface RiskFacts {
  /** e.g. standard, vip, employee, blocked */
  segment: string;
  /** Share of units bought before that came back, 0–1. */
  returnRate: number;
  /** Returns the customer made before this one. */
  returnCount: number;
  /** What the returned units were paid, in minor units. */
  value: number;
  /** Lines whose reason points at the shop (defect, wrong item sent…). */
  controllableLines: number;
  lines: number;
}

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Score ranges per level, inclusive lower bound: the queue filters on these. */
export const RISK_BANDS: Record<RiskLevel, { min: number; max: number }> = {
  low: { min: 0, max: 29 },
  medium: { min: 30, max: 59 },
  high: { min: 60, max: 100 },
};

export function riskLevel(score: number): RiskLevel {
  if (score >= RISK_BANDS.high.min) return 'high';
  if (score >= RISK_BANDS.medium.min) return 'medium';
  return 'low';
}

// Thresholds in euro cents; the same figures hold well enough for the other EU currencies.
const HIGH_VALUE = 50_000;
const NOTABLE_VALUE = 20_000;

export function assessRisk(f: RiskFacts): { score: number; level: RiskLevel; signals: RiskSignal[] } {
  const signals: RiskSignal[] = [];
  if (f.segment === 'blocked') signals.push({ code: 'CUSTOMER_BLOCKED', points: 70 });
  if (f.returnCount >= 3 && f.returnRate >= 0.5) signals.push({ code: 'SERIAL_RETURNER', points: 35 });
  else if (f.returnCount >= 2 && f.returnRate >= 0.3) signals.push({ code: 'FREQUENT_RETURNER', points: 15 });
  if (f.returnCount >= 8) signals.push({ code: 'MANY_RETURNS', points: 10 });
  if (f.value >= HIGH_VALUE) signals.push({ code: 'HIGH_VALUE', points: 30 });
  else if (f.value >= NOTABLE_VALUE) signals.push({ code: 'NOTABLE_VALUE', points: 10 });
  // Claiming the shop's fault on every line of an expensive return is the classic pattern of
  // avoiding the return fee; on its own it is ordinary.
  if (f.lines > 0 && f.controllableLines === f.lines && f.value >= NOTABLE_VALUE) {
    signals.push({ code: 'ALL_SHOP_FAULT', points: 10 });
  }
  if (f.segment === 'vip' || f.segment === 'employee') signals.push({ code: 'TRUSTED_SEGMENT', points: -20 });
  const score = Math.max(
    0,
    Math.min(
      100,
      signals.reduce((sum, s) => sum + s.points, 0),
    ),
  );
  return { score, level: riskLevel(score), signals };
}
