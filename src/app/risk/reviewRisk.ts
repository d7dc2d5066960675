import { RetourError } from '../../domain/errors.js';
import { riskLevel } from '../../domain/risk/score.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import { letMoneyFollowPolicy } from './moneyWaits.js';
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

export async function reviewReturnRisk(
  ctx: AppContext,
  meta: CommandMeta,
  returnId: string,
  input: RiskReviewInput,
  locale: RiskLocale,
): Promise<ReturnRiskView> {
  await inUnit(ctx, meta, async (unit) => {
    const { tx, now, record } = unit;
    const row = await tx
      .selectFrom('returns')
      .select([
        'id',
        'number',
        'status',
        'customer_id',
        'on_hold',
        'hold_reasons',
        'risk_score',
        'risk_signals',
        'refund_after_receipt',
      ])
      .where('id', '=', returnId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new RetourError('not_found', 'RETURN_NOT_FOUND', `Return ${returnId} does not exist`);
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
    if (cleared) await clearScore(unit, row, input.note);
    record({
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

/** The person decided the score was wrong: money no longer waits for the goods, and only the
 * score's hold is lifted — a dispute or a hold staff set for another reason stays. */
async function clearScore(
  { tx, now, record }: Unit,
  row: { id: string; number: string; hold_reasons: string[] },
  note: string,
): Promise<void> {
  const heldForRisk = row.hold_reasons.includes(RISK_REVIEW_HOLD);
  const holdReasons = row.hold_reasons.filter((r) => r !== RISK_REVIEW_HOLD);
  if (heldForRisk) {
    await tx
      .updateTable('returns')
      .set({ on_hold: holdReasons.length > 0, hold_reasons: JSON.stringify(holdReasons), updated_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  await letMoneyFollowPolicy(tx, row.id);
  // The same event as any release, so what waits for a release (money due) follows.
  if (heldForRisk)
    record({
      type: 'return.released',
      subjectType: 'return',
      subjectId: row.id,
      returnId: row.id,
      reason: note,
      data: { number: row.number, releasedHoldReasons: [RISK_REVIEW_HOLD], holdReasons },
    });
}
