import { type Insertable, sql } from 'kysely';
import type { RiskAssessmentsTable } from '../../db/schema/risk.js';
import type { RiskFacts } from '../../domain/risk/facts.js';
import type { RiskAssessment, RiskDecision } from '../../domain/risk/score.js';
import type { Actor } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import type { Tx } from '../kernel/transaction.js';

/** One score of one return as it is kept in its history (risk_assessments). */
export interface AssessmentRecord {
  returnId: string;
  customerId: string;
  stage: RiskFacts['stage'];
  assessment: RiskAssessment;
  decision: RiskDecision;
  actor: Actor;
  now: Date;
  /** A person cleared the score before: the refund-after-receipt flag stays as they left it. */
  cleared?: boolean;
}

/** The history row of an assessment: its score, the signals with their strengths, what it led to
 * and who (or what) asked for it. */
export function assessmentRow(a: AssessmentRecord): Insertable<RiskAssessmentsTable> {
  return {
    id: newId('rsk', a.now.getTime()),
    return_id: a.returnId,
    customer_id: a.customerId,
    stage: a.stage,
    score: a.assessment.score,
    level: a.assessment.level,
    signals: JSON.stringify(a.assessment.signals),
    decision: JSON.stringify(a.decision),
    allow_listed: a.assessment.allowListed,
    actor_type: a.actor.type,
    actor_id: a.actor.id,
    note: null,
    created_at: a.now,
  };
}

/**
 * Keeps an assessment of a return that exists already (at inspection): its history row, the
 * return's score and signals (and refund-after-receipt when the score asks for it; only a person
 * clears that), and the customer's latest score, in one statement.
 */
export async function recordAssessment(tx: Tx, a: AssessmentRecord): Promise<void> {
  const row = assessmentRow(a);
  const signals = JSON.stringify(a.assessment.signals);
  await sql`
    with assessed as (
      insert into risk_assessments (id, return_id, customer_id, stage, score, level, signals, decision, allow_listed,
        actor_type, actor_id, note, created_at)
      values (${row.id}, ${row.return_id}, ${row.customer_id}, ${row.stage}, ${row.score}, ${row.level},
        ${row.signals}::jsonb, ${row.decision}::jsonb, ${a.assessment.allowListed}, ${row.actor_type}, ${row.actor_id}::text,
        null, ${a.now}::timestamptz)
      returning id
    ),
    ret as (
      update returns set risk_score = ${a.assessment.score}, risk_signals = ${signals}::jsonb,
        refund_after_receipt = refund_after_receipt or ${a.decision.refundAfterReceipt && !a.cleared}::boolean
      where id = ${a.returnId}
      returning id
    )
    update customers set risk_score = ${a.assessment.score}, risk_signals = ${signals}::jsonb,
      risk_assessed_at = ${a.now}::timestamptz
    where id = ${a.customerId}`.execute(tx);
}

/** The customer's latest score: what linked accounts and the suppression export read. */
export function customerRisk(assessment: RiskAssessment, now: Date) {
  return { risk_score: assessment.score, risk_signals: JSON.stringify(assessment.signals), risk_assessed_at: now };
}
