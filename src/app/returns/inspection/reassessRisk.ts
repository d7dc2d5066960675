import { hold, type TransitionResult } from '../../../domain/returnLifecycle.js';
import { HOLDABLE_STATUSES } from '../../../domain/returnStatus.js';
import { inspectionFindings } from '../../../domain/risk/findings.js';
import { loadReferenceData } from '../../admin/referenceData.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { Actor } from '../../kernel/context.js';
import type { Unit } from '../../kernel/transaction.js';
import { assessReturnRisk } from '../../risk/assessReturnRisk.js';
import { recordAssessment } from '../../risk/recordAssessment.js';
import { RISK_REVIEW_HOLD } from '../../risk/returnRisk.js';
import type { LoadedReturn } from '../returnStore.js';

/** One line of an inspection as the findings need it. */
export interface InspectedInput {
  returnLineId: string;
  checklist?: Record<string, boolean> | null;
}

/**
 * Scores a return again with what its inspection found (the transition `result` of it, before it
 * is saved), keeps the score in its history and on the return and customer, and — when the score
 * asks for a person and the customer is not allow-listed — puts the return on hold for them, so
 * no money moves by itself. Answers the transition with the hold added.
 */
export async function reassessAtInspection(
  unit: Unit,
  actor: Actor,
  loaded: LoadedReturn,
  result: TransitionResult,
  inspected: readonly InspectedInput[],
): Promise<TransitionResult> {
  const { tx, caches, now } = unit;
  const [shop, reference, earlier] = await Promise.all([
    getShopSettingsCached(caches, tx),
    loadReferenceData(caches, tx),
    earlierAssessments(unit, loaded.row.id),
  ]);
  const review = earlier.find((a) => a.stage === 'review');
  // A person who cleared the score decided (GDPR Art. 22): scoring again keeps the record, but
  // neither holds the return nor makes its money wait again.
  const cleared = review?.decision.review === false;
  // The score holds a return for a person once: after a person looked (a review, or a release of
  // its hold) a later parcel or a grade corrected does not hold it again.
  const heldBefore = review !== undefined || earlier.some((a) => a.stage === 'inspection' && a.decision.review);
  const checklists = new Map(inspected.map((i) => [i.returnLineId, i.checklist ?? null]));
  const findings = inspectionFindings(
    result.state.lines.map((l) => {
      const stored = loaded.lines.find((r) => r.id === l.id);
      return {
        reception: l.reception,
        quantityReceived: l.quantityReceived,
        grade: l.grade,
        checklist: checklists.has(l.id) ? (checklists.get(l.id) ?? null) : (stored?.checklist ?? null),
      };
    }),
  );
  const controllable = new Set(reference.reasons.filter((r) => r.controllable).map((r) => r.id));
  const row = loaded.row;
  const risk = await assessReturnRisk(tx, caches, {
    stage: 'inspection',
    customerId: row.customer_id,
    orderId: row.order_id,
    returnId: row.id,
    askedAt: row.created_at,
    now,
    timeZone: shop.timezone,
    client: null,
    asked: [],
    current: {
      value: row.value_amount,
      lines: loaded.lines.length,
      controllableLines: loaded.lines.filter((l) => l.reason_id && controllable.has(l.reason_id)).length,
    },
    inspection: findings,
  });
  await recordAssessment(tx, {
    returnId: row.id,
    customerId: row.customer_id,
    stage: 'inspection',
    assessment: risk.assessment,
    decision: risk.decision,
    actor,
    now,
    cleared,
  });
  const { score, level, signals } = risk.assessment;
  const assessedEvent = {
    type: 'return.risk_assessed',
    data: { stage: 'inspection', score, level, signals, decision: risk.decision },
  };
  const state = result.state;
  const mustHold =
    risk.decision.review &&
    !risk.assessment.allowListed &&
    !cleared &&
    !heldBefore &&
    !state.holdReasons.includes(RISK_REVIEW_HOLD) &&
    (HOLDABLE_STATUSES as readonly string[]).includes(state.status);
  if (!mustHold) return { state, events: [...result.events, assessedEvent] };
  const held = hold(state, RISK_REVIEW_HOLD);
  return { state: held.state, events: [...result.events, assessedEvent, ...held.events] };
}

/** The return's reviews by a person and its earlier scores at inspection, the latest first. */
function earlierAssessments({ tx }: Unit, returnId: string) {
  return tx
    .selectFrom('risk_assessments')
    .select(['stage', 'decision'])
    .where('return_id', '=', returnId)
    .where('stage', 'in', ['review', 'inspection'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
