import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { explainSignal } from '../../domain/risk/explain.js';
import { type RiskDecision, type RiskLevel, riskLevel } from '../../domain/risk/score.js';
import type { RiskSignal } from '../../domain/risk/signals.js';
import type { Tx } from '../kernel/transaction.js';
import type { RiskLocale } from './riskQueries.js';

/** A return's risk as staff read it (GDPR Art. 22): the score and every signal with its sentence,
 * what it led to, who assessed or reviewed it when, and what the law lets a score do here. */

/** The hold reason of a return a score sent to a person after inspection. */
export const RISK_REVIEW_HOLD = 'risk_review';

export interface ReturnRiskView {
  score: number;
  level: RiskLevel;
  signals: (Required<Pick<RiskSignal, 'code' | 'points'>> & {
    strength: number | null;
    threshold: number | null;
    weight: number | null;
    detail: NonNullable<RiskSignal['detail']> | null;
    explanation: string;
  })[];
  decision: RiskDecision | null;
  refundAfterReceipt: boolean;
  onHoldForRisk: boolean;
  allowListed: boolean;
  history: {
    id: string;
    stage: 'request' | 'inspection' | 'review';
    score: number;
    level: string;
    signals: string[];
    decision: RiskDecision;
    actor: { type: string; id: string | null; name: string | null };
    note: string | null;
    createdAt: Date;
  }[];
  law: { withinWithdrawalPeriod: boolean; sentence: string };
}

const LAW: Record<RiskLocale, Record<'within' | 'outside', string>> = {
  en: {
    within:
      'Asked within the withdrawal period: the risk score may send this return to a person and make the refund wait for the goods, but never refuse it.',
    outside:
      'Asked after the withdrawal period: the risk score may send this return to a person and make the refund wait for the goods; only the policy or a person refuses.',
  },
  nl: {
    within:
      'Aangevraagd binnen de herroepingstermijn: de risicoscore kan deze retour naar een medewerker sturen en de terugbetaling laten wachten op de goederen, maar nooit weigeren.',
    outside:
      'Aangevraagd na de herroepingstermijn: de risicoscore kan deze retour naar een medewerker sturen en de terugbetaling laten wachten op de goederen; alleen het beleid of een medewerker weigert.',
  },
};

export async function getReturnRisk(db: RetourDb | Tx, returnId: string, locale: RiskLocale): Promise<ReturnRiskView> {
  const row = await db
    .selectFrom('returns as r')
    .select(['r.id', 'r.risk_score', 'r.risk_signals', 'r.refund_after_receipt', 'r.on_hold', 'r.hold_reasons'])
    .where('r.id', '=', returnId)
    .executeTakeFirst();
  if (!row) throw notFound('Return', returnId);
  // Within the period when the shopper declared withdrawal or any line was asked within it, as the
  // policy's verdict found (the condition of withinWithdrawalPeriod in policy/orderReturnLines.ts,
  // which this context comes before).
  const lines = await db
    .selectFrom('return_lines as rl')
    .innerJoin('returns as r', 'r.id', 'rl.return_id')
    .select(
      sql<boolean>`r.withdrawal_declared_at is not null
        or coalesce((rl.verdict->>'withinStatutoryPeriod')::boolean, false)`.as('within_withdrawal_period'),
    )
    .where('rl.return_id', '=', returnId)
    .execute();
  const history = await db
    .selectFrom('risk_assessments as a')
    .leftJoin('staff_users as s', (j) => j.onRef('s.id', '=', 'a.actor_id').on('a.actor_type', '=', 'staff'))
    .leftJoin('api_keys as k', (j) => j.onRef('k.id', '=', 'a.actor_id').on('a.actor_type', '=', 'api_key'))
    .select([
      'a.id',
      'a.stage',
      'a.score',
      'a.level',
      'a.signals',
      'a.decision',
      'a.allow_listed',
      'a.actor_type',
      'a.actor_id',
      'a.note',
      'a.created_at',
      's.name as staff_name',
      'k.name as key_name',
    ])
    .where('a.return_id', '=', returnId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  const latest = history[history.length - 1];
  const within = lines.some((l) => Boolean(l.within_withdrawal_period));
  return {
    score: row.risk_score,
    level: riskLevel(row.risk_score),
    signals: (row.risk_signals ?? []).map((s) => ({
      code: s.code,
      points: s.points,
      strength: s.strength ?? null,
      threshold: s.threshold ?? null,
      weight: s.weight ?? null,
      detail: s.detail ?? null,
      explanation: explainSignal(s, locale),
    })),
    decision: latest ? latest.decision : null,
    refundAfterReceipt: row.refund_after_receipt,
    onHoldForRisk: row.on_hold && (row.hold_reasons ?? []).includes(RISK_REVIEW_HOLD),
    // The latest worked-out assessment says whether the customer was allow-listed; a review keeps it.
    allowListed: [...history].reverse().find((a) => a.stage !== 'review')?.allow_listed ?? false,
    history: history.map((a) => ({
      id: a.id,
      stage: a.stage,
      score: a.score,
      level: a.level,
      signals: (a.signals ?? []).map((s) => s.code),
      decision: a.decision,
      actor: { type: a.actor_type, id: a.actor_id, name: a.staff_name ?? a.key_name ?? null },
      note: a.note,
      createdAt: a.created_at,
    })),
    law: { withinWithdrawalPeriod: within, sentence: LAW[locale][within ? 'within' : 'outside'] },
  };
}
