import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Catalogue data every policy check reads but staff change rarely: the category tree, the reason
 * catalogue, which version is active and which experiment runs. Kept per database handle for a
 * few seconds; commands in this process that change them drop the copy at once, other processes
 * see a change within the lifetime. It sits with the shop's settings, below policy, because the
 * reason commands here drop it as well as policy's own. */
const LIFETIME_MS = 3_000;

export interface ReferenceData {
  categories: { id: string; parent_id: string | null; code: string }[];
  reasons: {
    id: string;
    code: string;
    parent_code: string | null;
    controllable: boolean;
    defect: boolean;
    requires_photo: boolean;
    active: boolean;
  }[];
  activePolicyVersionId: string | null;
  experiment: { id: string; control_version_id: string; variant_version_id: string; variant_share_bp: number } | null;
}

const cache = new WeakMap<object, { at: number; data: ReferenceData }>();

/** The reference data, read through `reader` (the caller's transaction: a PGlite transaction holds
 * the only connection) and cached for `owner`, the database handle. */
export async function loadReferenceData(owner: object, reader: Kysely<Database>): Promise<ReferenceData> {
  const hit = cache.get(owner);
  if (hit && Date.now() - hit.at < LIFETIME_MS) return hit.data;
  const [categories, reasons, settings, experiment] = await Promise.all([
    reader.selectFrom('categories').select(['id', 'parent_id', 'code']).execute(),
    reader
      .selectFrom('reasons')
      .leftJoin('reasons as parent', 'parent.id', 'reasons.parent_id')
      .select([
        'reasons.id',
        'reasons.code',
        'parent.code as parent_code',
        'reasons.controllable',
        'reasons.defect',
        'reasons.requires_photo',
        'reasons.active',
      ])
      .execute(),
    reader.selectFrom('shop_settings').select('active_policy_version_id').where('id', '=', 'default').executeTakeFirstOrThrow(),
    reader
      .selectFrom('policy_experiments')
      .select(['id', 'control_version_id', 'variant_version_id', 'variant_share_bp'])
      .where('status', '=', 'running')
      .executeTakeFirst(),
  ]);
  const data = { categories, reasons, activePolicyVersionId: settings.active_policy_version_id, experiment: experiment ?? null };
  cache.set(owner, { at: Date.now(), data });
  return data;
}

/** Drops the cached copy after a change (reason, category, active policy, experiment). */
export function invalidateReferenceData(owner: object): void {
  cache.delete(owner);
}
