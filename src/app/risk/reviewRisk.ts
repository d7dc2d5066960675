import type { ReturnRow } from '../../db/schema.js';
import { riskLevel } from '../../domain/risk/score.js';
import type { Actor } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import type { Tx } from '../kernel/transaction.js';

/** A person's decision on a return's score (GDPR Art. 22): `confirmed` keeps what the score did;
 * `cleared` says the score was wrong here. */
export interface RiskReviewInput {
  outcome: 'confirmed' | 'cleared';
  note: string;
}

/**
 * Keeps a person's review in the score's history, with who decided and why, and answers what the
 * score now decides for the return: nothing once cleared, what it decided before once confirmed.
 * Whether the last score was the allow list's is kept beside it, as on every assessment.
 */
export async function recordRiskReview(
  tx: Tx,
  row: Pick<ReturnRow, 'id' | 'customer_id' | 'risk_score' | 'risk_signals' | 'refund_after_receipt'>,
  input: RiskReviewInput,
  actor: Actor,
  now: Date,
): Promise<{ review: boolean; refundAfterReceipt: boolean }> {
  const last = await tx
    .selectFrom('risk_assessments')
    .select('allow_listed')
    .where('return_id', '=', row.id)
    .where('stage', '<>', 'review')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const decision =
    input.outcome === 'cleared'
      ? { review: false, refundAfterReceipt: false }
      : { review: true, refundAfterReceipt: row.refund_after_receipt };
  await tx
    .insertInto('risk_assessments')
    .values({
      id: newId('rsk'),
      return_id: row.id,
      customer_id: row.customer_id,
      stage: 'review',
      score: row.risk_score,
      level: riskLevel(row.risk_score),
      signals: JSON.stringify(row.risk_signals ?? []),
      decision: JSON.stringify(decision),
      allow_listed: last?.allow_listed ?? false,
      actor_type: actor.type,
      actor_id: actor.id,
      note: input.note,
      created_at: now,
    })
    .execute();
  return decision;
}
