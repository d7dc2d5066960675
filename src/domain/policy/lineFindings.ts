import { type CodeParams, type Severity, VERDICT_CODES, type VerdictCode } from './codes.js';
import type { Findings } from './lineJudgement.js';
import type { VerdictReason } from './verdict.js';

const SEVERITY_RANK: Record<Severity, number> = { refusal: 0, review: 1, restriction: 2, requirement: 3, info: 4 };

/** The reasons found for a line so far and the refusals law or an exception set aside, counting
 * the refusals as they come and go so that asking whether the line is refused reads no list: it is
 * asked at every step of a line's judgement. */
export class LineFindings implements Findings {
  readonly reasons: VerdictReason[] = [];
  readonly lifted: { code: VerdictCode; by: string }[] = [];
  private refusals = 0;

  add(code: VerdictCode, source: string, params?: CodeParams): void {
    const severity = VERDICT_CODES[code];
    if (severity === 'refusal') this.refusals++;
    this.reasons.push(params ? { code, severity, source, params } : { code, severity, source });
  }

  /** Sets aside the reasons with these codes, last first, remembering who did. */
  lift(codes: ReadonlySet<VerdictCode>, by: string): void {
    const reasons = this.reasons;
    for (let i = reasons.length - 1; i >= 0; i--) {
      const r = reasons[i] as VerdictReason;
      if (codes.has(r.code)) {
        this.lifted.push({ code: r.code, by });
        if (r.severity === 'refusal') this.refusals--;
        reasons.splice(i, 1);
      }
    }
  }

  has(code: VerdictCode): boolean {
    for (const r of this.reasons) if (r.code === code) return true;
    return false;
  }

  refused(): boolean {
    return this.refusals > 0;
  }

  /** Whether a refusal among the reasons has one of these codes. */
  refusedBy(codes: ReadonlySet<VerdictCode>): boolean {
    for (const r of this.reasons) if (r.severity === 'refusal' && codes.has(r.code)) return true;
    return false;
  }

  /** Puts the reasons in severity order, refusals first, keeping the order they were found in
   * within a severity (a stable insertion sort: a line has a handful of reasons). */
  sortBySeverity(): void {
    const reasons = this.reasons;
    for (let i = 1; i < reasons.length; i++) {
      const r = reasons[i] as VerdictReason;
      const rank = SEVERITY_RANK[r.severity];
      let j = i - 1;
      while (j >= 0 && SEVERITY_RANK[(reasons[j] as VerdictReason).severity] > rank) {
        reasons[j + 1] = reasons[j] as VerdictReason;
        j--;
      }
      reasons[j + 1] = r;
    }
  }

  /** Whether any reason sends the line to a person. */
  needsReview(): boolean {
    for (const r of this.reasons) if (r.severity === 'review') return true;
    return false;
  }

  codes(): VerdictCode[] {
    const codes: VerdictCode[] = [];
    for (const r of this.reasons) codes.push(r.code);
    return codes;
  }
}
