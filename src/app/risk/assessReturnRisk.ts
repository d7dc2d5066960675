import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RiskFacts } from '../../domain/risk/facts.js';
import { assessRisk, type RiskAssessment, type RiskDecision, riskDecision } from '../../domain/risk/score.js';
import type { RiskSettings } from '../../domain/risk/settings.js';
import type { AppCaches } from '../kernel/context.js';
import { hashClient, type RequestClient } from './clientHash.js';
import { loadRiskFacts, type RiskFactsInput } from './loadRiskFacts.js';
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
