import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppCaches } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';

/** Catalogue data every policy check reads but staff change rarely: the category tree, the reason
 * catalogue, which version is active and which experiment runs. Kept per database for a
 * few seconds; commands in this process that change them drop the copy at once, other processes
 * within milliseconds when told (on PostgreSQL), else within the lifetime. It sits with the shop's settings, below policy, because the
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

declare module '../kernel/context.js' {
  interface AppCaches {
    /** Categories, reasons, the active policy version and the running experiment. */
    referenceData: TimedValue<ReferenceData>;
  }
}

export const referenceDataCache = () => new TimedValue<ReferenceData>(LIFETIME_MS);

/** The reference data, read through `reader` (the caller's transaction: a PGlite transaction holds
 * the only connection) and kept in `caches`. */
export async function loadReferenceData(caches: AppCaches, reader: Kysely<Database>): Promise<ReferenceData> {
  return caches.referenceData.get(() => readReferenceData(reader));
}

async function readReferenceData(reader: Kysely<Database>): Promise<ReferenceData> {
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
  return { categories, reasons, activePolicyVersionId: settings.active_policy_version_id, experiment: experiment ?? null };
}

/** Drops the cached copy after a change (reason, category, active policy, experiment). */
export function invalidateReferenceData(caches: AppCaches): Promise<void> {
  return caches.referenceData.forget();
}
