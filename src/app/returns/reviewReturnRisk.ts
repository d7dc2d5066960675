import { RetourError } from '../../domain/errors.js';
import { liftHold } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { letMoneyFollowPolicy } from '../risk/moneyWaits.js';
import { getReturnRisk, type ReturnRiskView, RISK_REVIEW_HOLD } from '../risk/returnRisk.js';
import { type RiskReviewInput, recordRiskReview } from '../risk/reviewRisk.js';
import type { RiskLocale } from '../risk/riskQueries.js';
import { loadReturnForUpdate } from './returnStore.js';
import { persistTransition } from './transitionReturn.js';

export type { RiskReviewInput } from '../risk/reviewRisk.js';

const FINISHED = ['closed', 'cancelled', 'rejected', 'expired'];

/**
 * A person's decision on a return's score (GDPR Art. 22): every automated decision can be looked
 * at by someone who may overrule it. Either way it is kept in the score's history. Clearing lifts
 * the hold the score put on the return (a dispute or a hold staff set for another reason stays)
 * and lets the money follow the policy again instead of waiting for the goods; the release is the
 * same event as any, so money due at the moment reached follows it.
 */
export async function reviewReturnRisk(
  ctx: AppContext,
  meta: CommandMeta,
  returnId: string,
  input: RiskReviewInput,
  locale: RiskLocale,
): Promise<ReturnRiskView> {
  await inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, returnId);
    const { row } = loaded;
    if (FINISHED.includes(row.status))
      throw new RetourError('conflict', 'RETURN_CLOSED', `A ${row.status} return's score cannot be reviewed any more`, [], {
        returnStatus: row.status,
      });
    const decision = await recordRiskReview(unit.tx, row, input, meta.actor, unit.now);
    if (input.outcome === 'cleared') {
      const lifted = liftHold(loaded.state, RISK_REVIEW_HOLD, input.note);
      if (lifted.events.length > 0) await persistTransition(unit, loaded, lifted);
      await letMoneyFollowPolicy(unit.tx, returnId);
    }
    unit.record({
      subjectType: 'return',
      subjectId: returnId,
      returnId,
      type: 'return.risk_reviewed',
      reason: input.note,
      data: { number: row.number, outcome: input.outcome, score: row.risk_score, decision },
    });
  });
  return getReturnRisk(ctx.db, returnId, locale);
}
