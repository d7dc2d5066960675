import { type FieldIssue, RetourError } from '../../domain/errors.js';
import type { LineVerdict } from '../../domain/policy/evaluate.js';
import type { OrderEvaluationFacts } from '../policy/evaluationFacts.js';

/** The lines of a return request, checked before and after the policy judges them. Each check
 * collects every finding, so one answer names all the fields at fault. */

export interface RequestedLine {
  orderLineId: string;
  reasonCode?: string | null;
  comment?: string | null;
  resolution: string;
  defect?: boolean;
}

/** Lines of this order, each once, with a known reason (a withdrawal or a defect claim needs none)
 * and, for a defect claim, what is wrong. A defect claim without a reason is filed under the shop's
 * own defect reason, so it counts as the shop's doing (no fees) and shows in the reason statistics. */
export function checkRequestedLines<L extends RequestedLine>(
  requested: readonly L[],
  facts: Pick<OrderEvaluationFacts, 'order' | 'reasons' | 'activeReasons'>,
  withdrawal: boolean,
): { lines: L[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const defectReason = facts.reasons.find((r) => r.defect && !r.parentCode && facts.activeReasons.has(r.code))?.code;
  const lines = requested.map((l) => (l.defect && !l.reasonCode && defectReason ? { ...l, reasonCode: defectReason } : l));
  lines.forEach((line, index) => {
    if (!facts.order.lines.some((l) => l.id === line.orderLineId)) {
      issues.push({ path: `lines.${index}.orderLineId`, message: 'not a line of this order', code: 'ORDER_LINE_NOT_FOUND' });
    } else if (seen.has(line.orderLineId)) {
      issues.push({ path: `lines.${index}.orderLineId`, message: 'listed twice', code: 'DUPLICATE_LINE' });
    }
    seen.add(line.orderLineId);
    if (line.defect && !line.comment?.trim())
      issues.push({
        path: `lines.${index}.comment`,
        message: 'say what is wrong with the item',
        code: 'DEFECT_DESCRIPTION_REQUIRED',
      });
    if (!line.reasonCode) {
      if (!withdrawal && !line.defect)
        issues.push({ path: `lines.${index}.reasonCode`, message: 'give a reason', code: 'REASON_REQUIRED' });
    } else if (!facts.activeReasons.has(line.reasonCode)) {
      issues.push({ path: `lines.${index}.reasonCode`, message: 'unknown or inactive reason', code: 'REASON_NOT_FOUND' });
    }
  });
  return { lines, issues };
}

/** What the policy's verdict refuses of the request: a withdrawal outside its period, a guarantee
 * that has ended, a line that cannot come back, a resolution the policy does not give. */
export function checkLinesAgainstVerdict(
  lines: readonly RequestedLine[],
  verdicts: readonly LineVerdict[],
  withdrawal: boolean,
  issues: FieldIssue[],
) {
  verdicts.forEach((v, index) => {
    const line = lines[index];
    if (!line) return;
    if (withdrawal && !v.withinStatutoryPeriod) {
      issues.push({
        path: `lines.${index}.orderLineId`,
        message: 'the withdrawal period has ended or does not apply to this order',
        code: 'WITHDRAWAL_NOT_AVAILABLE',
      });
    } else if (line.defect && v.codes.includes('WARRANTY_EXPIRED')) {
      const ended = v.reasons.find((r) => r.code === 'WARRANTY_EXPIRED')?.params?.deadline;
      issues.push({
        path: `lines.${index}.orderLineId`,
        message: `the two-year legal guarantee ended${ended ? ` on ${ended}` : ''}`,
        code: 'WARRANTY_EXPIRED',
      });
    } else if (!v.eligible) {
      const refusals = v.reasons.filter((r) => r.severity === 'refusal').map((r) => r.code);
      issues.push({
        path: `lines.${index}.orderLineId`,
        message: `not returnable: ${refusals.join(', ')}`,
        code: 'LINE_NOT_ELIGIBLE',
      });
    } else if (!v.resolutions.includes(line.resolution as (typeof v.resolutions)[number])) {
      issues.push({
        path: `lines.${index}.resolution`,
        message: `the policy allows ${v.resolutions.join(', ') || 'no resolution'} here`,
        code: 'RESOLUTION_NOT_ALLOWED',
      });
    }
  });
}

/** The answer to a request that does not fit the policy: every finding, and each line's verdict. */
export function requestRefused(issues: FieldIssue[], verdicts: readonly LineVerdict[]): RetourError {
  const onlyEligibility = issues.every((i) => i.code === 'LINE_NOT_ELIGIBLE');
  const guaranteeOver = issues.every((i) => i.code === 'WARRANTY_EXPIRED');
  return new RetourError(
    'invalid',
    onlyEligibility ? 'LINE_NOT_ELIGIBLE' : (issues[0]?.code ?? 'INVALID_RETURN_REQUEST'),
    onlyEligibility
      ? 'One or more lines cannot be returned'
      : guaranteeOver
        ? 'The legal guarantee for this item has ended'
        : 'The return request does not fit the return policy',
    issues,
    {
      verdicts: verdicts.map((v) => ({ orderLineId: v.orderLineId, eligible: v.eligible, codes: v.codes, deadline: v.deadline })),
    },
  );
}
