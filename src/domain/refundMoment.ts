import { isOneOf } from './oneOf.js';
import { REFUND_TIMINGS, type RefundTiming } from './policy/vocabulary.js';

/** The moment a return has reached, for "when money (and goods) move". */
export function momentOf(status: string): RefundTiming | null {
  switch (status) {
    case 'approved':
      return 'approval';
    case 'in_transit':
      return 'first_scan';
    case 'received':
      return 'receipt';
    case 'inspected':
    case 'resolved':
    case 'closed':
      return 'inspection';
    default:
      return null;
  }
}

/** Whether `reached` is at or after `wanted`. */
export const momentReached = (reached: RefundTiming | null, wanted: RefundTiming) =>
  reached !== null && REFUND_TIMINGS.indexOf(reached) >= REFUND_TIMINGS.indexOf(wanted);

/** The latest of the lines' moments: goods go out when every exchanged line allows it. */
export function shipMoment(timings: readonly RefundTiming[]): RefundTiming {
  return timings.reduce<RefundTiming>(
    (latest, t) => (REFUND_TIMINGS.indexOf(t) > REFUND_TIMINGS.indexOf(latest) ? t : latest),
    'approval',
  );
}

/** The moment a line's money (or exchange) is due, as the policy's verdict on it said when it was
 * requested; a line without one (asked before verdicts kept it) waits for inspection. */
export function timingOf(line: { verdict: unknown }): RefundTiming {
  const verdict = line.verdict;
  const timing = typeof verdict === 'object' && verdict !== null && 'refundTiming' in verdict ? verdict.refundTiming : null;
  return typeof timing === 'string' && isOneOf(REFUND_TIMINGS, timing) ? timing : 'inspection';
}
