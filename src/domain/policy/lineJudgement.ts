import type { Resolution } from '../returnLifecycle.js';
import { type CodeParams, VERDICT_CODES, type VerdictCode } from './codes.js';
import type { PolicyEffects, ReturnMethod } from './document.js';
import type { OrderLineFacts, ReasonFacts } from './facts.js';
import { type LineVerdict, SOURCE_DEFAULTS, type VerdictReason } from './verdict.js';

/** The effects that hold for a line once defaults, product flags, rules and exceptions are applied. */
export type Resolved = Omit<PolicyEffects, 'window'> & { window: { days: number; from: 'delivery' | 'order' } };

/** What the law says about the whole order, the same for each of its lines. */
export interface LawContext {
  euConsumer: boolean;
  statutoryDeadline: string | null;
  withinStatutoryPeriod: boolean;
  method: ReturnMethod | null;
}

/** A line's verdict with what the summary of the whole return still needs from its judgement. */
export interface JudgedLine {
  line: OrderLineFacts;
  verdict: LineVerdict;
  effects: Resolved;
  reason: ReasonFacts | null;
  resolution: Resolution | null;
  publicRules: ReadonlySet<string>;
}

/** The reasons found for a line so far, and the refusals law or an exception set aside. */
export interface Findings {
  reasons: VerdictReason[];
  lifted: { code: VerdictCode; by: string }[];
  add(code: VerdictCode, source: string, params?: CodeParams): void;
  /** Sets aside the reasons with these codes, remembering who did. */
  lift(codes: Set<VerdictCode>, by: string): void;
  has(code: VerdictCode): boolean;
  refused(): boolean;
}

export function createFindings(): Findings {
  const reasons: VerdictReason[] = [];
  const lifted: { code: VerdictCode; by: string }[] = [];
  return {
    reasons,
    lifted,
    add: (code, source, params) => {
      reasons.push({ code, severity: VERDICT_CODES[code], source, ...(params ? { params } : {}) });
    },
    lift: (codes, by) => {
      for (let i = reasons.length - 1; i >= 0; i--) {
        const r = reasons[i];
        if (r && codes.has(r.code)) {
          lifted.push({ code: r.code, by });
          reasons.splice(i, 1);
        }
      }
    },
    has: (code) => reasons.some((r) => r.code === code),
    refused: () => reasons.some((r) => r.severity === 'refusal'),
  };
}

/** Who set an effect last: a rule id, or the defaults when nobody did. */
export const sourceOf = (decidedBy: Record<string, string>) => (effect: string) => decidedBy[effect] ?? SOURCE_DEFAULTS;

/** The waiver that sets a fee aside for this line, or null. */
export function feeWaived(
  effects: Resolved,
  fee: 'restocking' | 'return_shipping',
  reason: ReasonFacts | null,
  parentReason: ReasonFacts | null,
  resolution: Resolution | null,
  method: ReturnMethod | null,
): string | null {
  const w = effects.feeWaivers;
  if (!w?.fees.includes(fee)) return null;
  const controllable = Boolean(reason?.controllable || parentReason?.controllable);
  if (w.controllableReasons && controllable) return 'feeWaivers';
  if (resolution && w.resolutions.includes(resolution)) return 'feeWaivers';
  if (method && w.methods.includes(method)) return 'feeWaivers';
  return null;
}

/** The same local date some years on; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
