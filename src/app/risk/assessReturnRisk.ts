import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hold, type TransitionResult } from '../../domain/returnLifecycle.js';
import { HOLDABLE_STATUSES } from '../../domain/returnStatus.js';
import type { RiskFacts } from '../../domain/risk/facts.js';
import { inspectionFindings } from '../../domain/risk/findings.js';
import { assessRisk, type RiskAssessment, type RiskDecision, riskDecision } from '../../domain/risk/score.js';
import type { RiskSettings } from '../../domain/risk/settings.js';
import { loadReferenceData } from '../admin/referenceData.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import type { Actor, AppCaches } from '../kernel/context.js';
import type { Unit } from '../kernel/transaction.js';
import type { LoadedReturn } from '../returns/returnStore.js';
import { hashClient, type RequestClient } from './clientHash.js';
import { loadRiskFacts, type RiskFactsInput } from './loadRiskFacts.js';
import { recordAssessment } from './recordAssessment.js';
import { RISK_REVIEW_HOLD } from './returnRisk.js';
import { riskBaselineCached } from './riskBaseline.js';
import { getRiskSetupCached } from './riskSettings.js';

export interface ReturnRisk {
  facts: RiskFacts;
  assessment: RiskAssessment;
  decision: RiskDecision;
  settings: RiskSettings;
}

/** What a return's risk is assessed from, with the device and IP of the request as they came. */
export type AssessInput = Omit<RiskFactsInput, 'client'> & { client?: RequestClient | null };

/**
 * The score of a return and what it leads to, under the shop's settings (cached) against its
 * baseline (cached): one statement for the facts besides. An allow-listed customer scores 0 and
 * the score sends nothing anywhere; it never refuses anything (only the policy refuses).
 */
export async function assessReturnRisk(reader: Kysely<Database>, caches: AppCaches, input: AssessInput): Promise<ReturnRisk> {
  const [setup, baseline] = await Promise.all([
    getRiskSetupCached(caches, reader),
    riskBaselineCached(caches, reader, input.now),
  ]);
  const facts = await loadRiskFacts(reader, { ...input, client: hashClient(setup.salt, input.client) }, setup.settings, baseline);
  const assessment = assessRisk(facts, setup.settings);
  const decision = assessment.allowListed
    ? { review: false, refundAfterReceipt: false }
    : riskDecision(assessment.score, setup.settings);
  return { facts, assessment, decision, settings: setup.settings };
}

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
  const [shop, reference, review] = await Promise.all([
    getShopSettingsCached(caches, tx),
    loadReferenceData(caches, tx),
    tx
      .selectFrom('risk_assessments')
      .select('decision')
      .where('return_id', '=', loaded.row.id)
      .where('stage', '=', 'review')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst(),
  ]);
  // A person who cleared the score decided (GDPR Art. 22): scoring again keeps the record, but
  // neither holds the return nor makes its money wait again.
  const cleared = review?.decision.review === false;
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
    !state.holdReasons.includes(RISK_REVIEW_HOLD) &&
    (HOLDABLE_STATUSES as readonly string[]).includes(state.status);
  if (!mustHold) return { state, events: [...result.events, assessedEvent] };
  const held = hold(state, RISK_REVIEW_HOLD);
  return { state: held.state, events: [...result.events, assessedEvent, ...held.events] };
}
