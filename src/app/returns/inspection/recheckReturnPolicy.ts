import type { ReturnMethod } from '../../../domain/policy/document.js';
import { loadReferenceData } from '../../admin/referenceData.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { Unit } from '../../kernel/transaction.js';
import { loadEvaluationFacts } from '../../policy/evaluationFacts.js';
import { judge } from '../../policy/judge.js';
import { loadPolicyVersion } from '../../policy/policyVersions.js';
import type { LoadedReturn } from '../returnStore.js';

/** Re-judges a return when its goods arrive, with the policy version that judged the request and
 * as of the moment it was requested (the shopper asked in time; the parcel's travel time does not
 * count against them). Records the outcome, and every line whose verdict changed, on the
 * timeline: a person then sees that, say, a product was flagged final sale in between. */
export async function recheckReturnPolicy(unit: Unit, loaded: LoadedReturn): Promise<void> {
  const { row, lines } = loaded;
  if (!row.policy_version) return;
  const [version, facts, settings, reference] = await Promise.all([
    loadPolicyVersion(unit.tx, row.policy_version, unit.caches),
    loadEvaluationFacts(unit.tx, row.order_id, row.created_at, {
      returnId: row.id,
      excludeReturnId: row.id,
      caches: unit.caches,
    }),
    getShopSettingsCached(unit.caches, unit.tx),
    loadReferenceData(unit.caches, unit.tx),
  ]);
  if (!version || !facts) return;
  const reasonCode = new Map(reference.reasons.map((r) => [r.id, r.code]));
  const verdict = judge(
    facts,
    version.document,
    { now: row.created_at, timeZone: settings.timezone },
    {
      lines: lines.map((l) => ({
        orderLineId: l.order_line_id,
        quantity: l.quantity,
        reasonCode: l.reason_id ? (reasonCode.get(l.reason_id) ?? null) : null,
        resolution: l.granted_resolution ?? l.requested_resolution,
      })),
      method: row.method as ReturnMethod | null,
    },
  );
  const changes = lines.flatMap((l, i) => {
    const now = verdict.lines[i];
    const before = (l.verdict as { eligible?: boolean; codes?: string[] } | null) ?? { eligible: true, codes: l.eligibility };
    if (!now) return [];
    const same =
      now.eligible === before.eligible &&
      JSON.stringify([...now.codes].sort()) === JSON.stringify([...(before.codes ?? [])].sort());
    return same
      ? []
      : [
          {
            returnLineId: l.id,
            eligibleBefore: before.eligible ?? null,
            eligibleNow: now.eligible,
            codesBefore: before.codes ?? [],
            codesNow: now.codes,
          },
        ];
  });
  unit.record({
    type: 'return.policy_rechecked',
    subjectType: 'return',
    subjectId: row.id,
    returnId: row.id,
    data: {
      number: row.number,
      policyVersion: version.id,
      policyVersionNumber: version.number,
      asOf: row.created_at.toISOString(),
      eligible: verdict.lines.every((l) => l.eligible),
      changes,
    },
  });
}
