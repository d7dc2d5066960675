import { RetourError } from '../../domain/errors.js';
import type { ReturnState, TransitionResult } from '../../domain/returnLifecycle.js';
import { riskLevel } from '../../domain/risk/score.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';
import { getReturnRisk, type ReturnRiskView, RISK_REVIEW_HOLD } from './returnRisk.js';
import type { RiskLocale } from './riskQueries.js';

/** A person's decision on a return's score (GDPR Art. 22): every automated decision can be looked
 * at by someone who may overrule it. `confirmed` keeps what the score did; `cleared` says the score
 * was wrong here: the hold it put on the return is lifted and the money no longer waits for the
 * goods. Either way it is kept in the score's history with who decided and why. */

export interface RiskReviewInput {
  outcome: 'confirmed' | 'cleared';
  note: string;
}

const FINISHED = ['closed', 'cancelled', 'rejected', 'expired'];

/** Lifts only the score's hold; a dispute or a hold staff set for another reason stays. */
function releaseRiskHold(state: ReturnState, note: string): TransitionResult {
  const holdReasons = state.holdReasons.filter((r) => r !== RISK_REVIEW_HOLD);
  return {
    state: { ...state, onHold: holdReasons.length > 0, holdReasons },
    events: [{ type: 'return.released', reason: note, data: { releasedHoldReasons: [RISK_REVIEW_HOLD], holdReasons } }],
  };
}

export async function reviewReturnRisk(
  ctx: AppContext,
  meta: CommandMeta,
  returnId: string,
  input: RiskReviewInput,
  locale: RiskLocale,
): Promise<ReturnRiskView> {
  await inUnit(ctx, meta, async (unit) => {
    const { tx, now, record } = unit;
    const loaded = await loadReturnForUpdate(tx, returnId);
    const row = loaded.row;
    if (FINISHED.includes(row.status))
      throw new RetourError('conflict', 'RETURN_CLOSED', `A ${row.status} return's score cannot be reviewed any more`, [], {
        returnStatus: row.status,
      });
    const cleared = input.outcome === 'cleared';
    const last = await tx
      .selectFrom('risk_assessments')
      .select('allow_listed')
      .where('return_id', '=', returnId)
      .where('stage', '<>', 'review')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const decision = cleared
      ? { review: false, refundAfterReceipt: false }
      : { review: true, refundAfterReceipt: row.refund_after_receipt };
    await tx
      .insertInto('risk_assessments')
      .values({
        id: newId('rsk'),
        return_id: returnId,
        customer_id: row.customer_id,
        stage: 'review',
        score: row.risk_score,
        level: riskLevel(row.risk_score),
        signals: JSON.stringify(row.risk_signals ?? []),
        decision: JSON.stringify(decision),
        allow_listed: last?.allow_listed ?? false,
        actor_type: meta.actor.type,
        actor_id: meta.actor.id,
        note: input.note,
        created_at: now,
      })
      .execute();
    if (cleared && loaded.state.holdReasons.includes(RISK_REVIEW_HOLD))
      await persistTransition(unit, loaded, releaseRiskHold(loaded.state, input.note));
    if (cleared && row.refund_after_receipt)
      await tx.updateTable('returns').set({ refund_after_receipt: false }).where('id', '=', returnId).execute();
    record({
      subjectType: 'return',
      subjectId: returnId,
      returnId,
      type: 'return.risk_reviewed',
      reason: input.note,
      data: { outcome: input.outcome, score: row.risk_score, decision },
    });
  });
  return getReturnRisk(ctx.db, returnId, locale);
}
