import type { PolicyDocument } from '../../domain/policy/document.js';
import { evaluatePolicy, type PolicyVerdict } from '../../domain/policy/evaluate.js';
import type { EvaluationInput } from '../../domain/policy/facts.js';
import type { OrderEvaluationFacts } from './evaluationFacts.js';

/** The engine's verdict on loaded facts: the one way requests, re-checks and previews call it. */
export function judge(
  facts: OrderEvaluationFacts,
  policy: PolicyDocument,
  at: { now: Date; timeZone: string },
  selection?: EvaluationInput['selection'],
): PolicyVerdict {
  return evaluatePolicy({
    now: at.now,
    timeZone: at.timeZone,
    policy,
    order: facts.order,
    customer: facts.customer,
    reasons: facts.reasons,
    exceptions: facts.exceptions,
    ...(selection ? { selection } : {}),
  });
}
