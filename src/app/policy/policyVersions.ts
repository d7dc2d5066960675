import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import { type PolicyDocument, parsePolicyDocument } from '../../domain/policy/document.js';
import { assignArm, type PolicyArm } from '../../domain/policy/experiment.js';
import type { PolicyVersionStatus } from '../../domain/policy/versionStatus.js';
import { loadReferenceData } from '../admin/referenceData.js';
import type { AppCaches } from '../kernel/context.js';

export interface PolicyVersionRef {
  id: string;
  number: number;
  name: string;
  status: PolicyVersionStatus;
  document: PolicyDocument;
}

declare module '../kernel/context.js' {
  interface AppCaches {
    /** Published versions never change, so their parsed documents are kept once read, by id.
     * Drafts are always read afresh. */
    publishedPolicies: Map<string, PolicyVersionRef>;
  }
}

/** A policy version with its parsed document, or null; `db` may be the caller's transaction. */
export async function loadPolicyVersion(db: Kysely<Database>, id: string, caches: AppCaches): Promise<PolicyVersionRef | null> {
  const hit = caches.publishedPolicies.get(id);
  if (hit) return hit;
  const row = await db
    .selectFrom('policy_versions')
    .select(['id', 'number', 'name', 'status', 'document'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const ref = { id: row.id, number: row.number, name: row.name, status: row.status, document: parsePolicyDocument(row.document) };
  if (row.status === 'published') caches.publishedPolicies.set(id, ref);
  return ref;
}

export interface ChosenPolicy {
  version: PolicyVersionRef;
  experimentId: string | null;
  arm: PolicyArm | null;
}

/** The version that judges a new return for this customer: the active one, or the variant of the
 * running experiment when the customer falls in its share. */
export async function choosePolicyFor(db: Kysely<Database>, customerId: string, caches: AppCaches): Promise<ChosenPolicy> {
  const { activePolicyVersionId, experiment } = await loadReferenceData(caches, db);
  if (experiment) {
    const arm = assignArm(experiment.id, customerId, experiment.variant_share_bp);
    const id = arm === 'variant' ? experiment.variant_version_id : experiment.control_version_id;
    const version = await loadPolicyVersion(db, id, caches);
    if (version) return { version, experimentId: experiment.id, arm };
  }
  const activeId = activePolicyVersionId;
  const version = activeId ? await loadPolicyVersion(db, activeId, caches) : null;
  if (!version) throw new RetourError('conflict', 'NO_ACTIVE_POLICY', 'No return policy has been published');
  return { version, experimentId: null, arm: null };
}
