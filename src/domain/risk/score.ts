import type { RiskFacts } from './facts.js';
import type { RiskSettings } from './settings.js';
import { FLAG_RISK_SIGNAL_CODES, type RiskSignal, type RiskSignalCode, scaledPoints } from './signals.js';

const FLAGS: ReadonlySet<string> = new Set(FLAG_RISK_SIGNAL_CODES);

/** An explainable risk score for a return: every point comes from a named signal with its
 * strength, threshold and weight, so a reviewer sees why a return was flagged, the queue can be
 * filtered by it, and policy and automation rules can act on one signal rather than the total. */

export type { RiskSignal } from './signals.js';

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

export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  /** Every signal whose strength reached its threshold, points or not (bracketing weighs 0). */
  signals: RiskSignal[];
  /** On the allow list: the signals are kept for the record, the score is 0. */
  allowListed: boolean;
}

/** What a score leads to. Never a refusal: a score only sends a return to a person and makes
 * money wait for the goods; refusing is for the policy (and, inside the legal rights, a person). */
export interface RiskDecision {
  review: boolean;
  refundAfterReceipt: boolean;
}

export function riskDecision(score: number, settings: RiskSettings): RiskDecision {
  return { review: score >= settings.reviewFrom, refundAfterReceipt: score >= settings.refundAfterReceiptFrom };
}

/** What ties accounts to one person rather than to one household: a household shares a door, an
 * e-mail now and then and a connection, not a card, a phone or a device. */
const CLUSTER_KEYS = new Set(['payment', 'phone', 'device']);

/** Each signal's strength from the facts, before thresholds. */
export function signalStrengths(f: RiskFacts): Record<RiskSignalCode, { strength: number; detail?: RiskSignal['detail'] }> {
  const h = f.history;
  const insp = f.inspection;
  const valueRate = h.boughtValue > 0 ? Math.min(h.returnedValue / h.boughtValue, 1) : 0;
  // Against the shop's own rate; a shop with almost no returns still needs a floor to divide by.
  const multiple = valueRate / Math.max(f.baselineValueRate, 0.01);
  // An IP alone links nobody: a mobile carrier's or an office's address is shared by strangers. It
  // counts beside an address, e-mail, phone, card or device.
  const linked = f.linked.filter((l) => l.via.some((v) => v !== 'ip'));
  const linkedTop = linked.reduce((top, l) => Math.max(top, l.blocked ? 100 : l.score), 0);
  const topLinked = linked.find((l) => (l.blocked ? 100 : l.score) === linkedTop);
  const clustered = f.linked.filter((l) => l.via.some((v) => CLUSTER_KEYS.has(v)));
  const wornNow = insp ? Math.max(insp.worn, insp.tagsRemoved) : 0;
  return {
    CUSTOMER_BLOCKED: { strength: f.segment === 'blocked' ? 1 : 0 },
    BLOCK_LISTED: {
      strength: f.blockMatches.length > 0 ? 1 : 0,
      detail: { kinds: [...new Set(f.blockMatches.map((m) => m.kind))], reason: f.blockMatches[0]?.reason ?? '' },
    },
    SERIAL_RETURNING: {
      strength: Math.round(multiple * 100) / 100,
      detail: { returns: h.returnCount, valueRate: Math.round(valueRate * 1000) / 1000, baseline: f.baselineValueRate },
    },
    WARDROBING: {
      strength: h.wornFindings + h.eventReturns + wornNow + (f.current.event ? 1 : 0),
      detail: {
        wornBefore: h.wornFindings,
        eventsBefore: h.eventReturns,
        wornNow: insp?.worn ?? 0,
        tagsRemovedNow: insp?.tagsRemoved ?? 0,
        event: f.current.event ?? '',
      },
    },
    BRACKETING: {
      strength: f.current.bracketing.products,
      detail: { units: f.current.bracketing.units, cost: f.current.bracketing.cost },
    },
    EMPTY_BOX: {
      strength: h.emptyBoxes + (insp?.emptyBox ? 1 : 0),
      detail: { before: h.emptyBoxes, now: insp?.emptyBox ?? false },
    },
    WRONG_ITEM: {
      strength: h.wrongItems + (insp?.wrongItems ?? 0),
      detail: { before: h.wrongItems, now: insp?.wrongItems ?? 0 },
    },
    LINKED_ACCOUNTS: {
      strength: linkedTop,
      detail: {
        customers: linked.length,
        via: [...new Set(linked.flatMap((l) => l.via))].sort(),
        topCustomerId: topLinked?.customerId ?? '',
        blocked: linked.some((l) => l.blocked),
      },
    },
    ACCOUNT_CLUSTER: {
      strength: clustered.length,
      detail: { via: [...new Set(clustered.flatMap((l) => l.via.filter((v) => CLUSTER_KEYS.has(v))))].sort() },
    },
    RETURN_VELOCITY: { strength: h.recentReturns + 1 },
    LOOKUP_VELOCITY: { strength: f.current.lookupsLastHour },
    REFUND_EXPOSURE: { strength: f.exposure },
    HIGH_VALUE: { strength: f.current.value },
    ALL_SHOP_FAULT: {
      strength: f.current.lines > 0 && f.current.controllableLines === f.current.lines ? f.current.value : 0,
    },
    TRUSTED_SEGMENT: { strength: f.segment === 'vip' || f.segment === 'employee' ? 1 : 0 },
  };
}

/** The score of a return from its facts under the shop's settings, bounded to 0–100. */
export function assessRisk(f: RiskFacts, settings: RiskSettings): RiskAssessment {
  const strengths = signalStrengths(f);
  const signals: RiskSignal[] = [];
  for (const [code, s] of Object.entries(strengths) as [RiskSignalCode, (typeof strengths)[RiskSignalCode]][]) {
    const set = settings.signals[code];
    if (!set.enabled) continue;
    // Serial returning also needs a few returns: one return of one order is no pattern.
    if (code === 'SERIAL_RETURNING' && f.history.returnCount < settings.serialMinReturns) continue;
    if (!(s.strength >= set.threshold) || s.strength <= 0) continue;
    signals.push({
      code,
      points: FLAGS.has(code) ? set.weight : scaledPoints(s.strength, set.threshold, set.weight),
      strength: s.strength,
      threshold: set.threshold,
      weight: set.weight,
      // The velocity's window is the shop's setting, not a fact: its sentence names the days.
      ...(code === 'RETURN_VELOCITY' ? { detail: { days: settings.velocityDays } } : s.detail ? { detail: s.detail } : {}),
    });
  }
  const allowListed = f.allowMatches.length > 0;
  const total = signals.reduce((sum, s) => sum + s.points, 0);
  const score = allowListed ? 0 : Math.max(0, Math.min(100, total));
  return { score, level: riskLevel(score), signals, allowListed };
}
