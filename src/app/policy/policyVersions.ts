import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import { type PolicyDocument, parsePolicyDocument } from '../../domain/policy/document.js';
import { assignArm, type PolicyArm } from '../../domain/policy/experiment.js';
import type { PolicyVersionStatus } from '../../domain/policy/versionStatus.js';
import { loadReferenceData } from '../admin/referenceData.js';

export interface PolicyVersionRef {
  id: string;
  number: number;
  name: string;
  status: PolicyVersionStatus;
  document: PolicyDocument;
}

/** Published versions never change, so their parsed documents are kept once read (per database
 * handle). Drafts are always read afresh. */
const publishedCache = new WeakMap<object, Map<string, PolicyVersionRef>>();

/** A policy version with its parsed document, or null. `owner` is the database handle the cache
 * belongs to when `db` is a transaction. */
export async function loadPolicyVersion(db: Kysely<Database>, id: string, owner: object = db): Promise<PolicyVersionRef | null> {
  let cache = publishedCache.get(owner);
  if (!cache) {
    cache = new Map();
    publishedCache.set(owner, cache);
  }
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await db
    .selectFrom('policy_versions')
    .select(['id', 'number', 'name', 'status', 'document'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const ref = { id: row.id, number: row.number, name: row.name, status: row.status, document: parsePolicyDocument(row.document) };
  if (row.status === 'published') cache.set(id, ref);
  return ref;
}

export interface ChosenPolicy {
  version: PolicyVersionRef;
  experimentId: string | null;
  arm: PolicyArm | null;
}

/** The version that judges a new return for this customer: the active one, or the variant of the
 * running experiment when the customer falls in its share. */
export async function choosePolicyFor(db: Kysely<Database>, customerId: string, owner: object = db): Promise<ChosenPolicy> {
  const { activePolicyVersionId, experiment } = await loadReferenceData(owner, db);
  if (experiment) {
    const arm = assignArm(experiment.id, customerId, experiment.variant_share_bp);
    const id = arm === 'variant' ? experiment.variant_version_id : experiment.control_version_id;
    const version = await loadPolicyVersion(db, id, owner);
    if (version) return { version, experimentId: experiment.id, arm };
  }
  const activeId = activePolicyVersionId;
  const version = activeId ? await loadPolicyVersion(db, activeId, owner) : null;
  if (!version) throw new RetourError('conflict', 'NO_ACTIVE_POLICY', 'No return policy has been published');
  return { version, experimentId: null, arm: null };
}
