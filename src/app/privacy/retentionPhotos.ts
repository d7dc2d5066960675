import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { Tx } from '../kernel/transaction.js';
import { countOf, FINAL_RETURN, type RetentionStep } from './retentionStep.js';

/** Queues photo files for removal after the commit that deletes their rows: retention_file_removals
 * holds them until they are gone, so a crash in between leaves them for the next round. */
export async function queuePhotoFileRemovals(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .insertInto('retention_file_removals')
    .values(ids.map((id) => ({ photo_id: id, queued_at: now })))
    .onConflict((oc) => oc.column('photo_id').doNothing())
    .execute();
}

/** Deletes photo rows and queues their files for removal after the commit. */
async function deletePhotos(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.deleteFrom('return_photos').where('id', 'in', ids).execute();
  await queuePhotoFileRemovals(tx, ids, now);
}

/** The photos of final returns whose photo period passed since they last changed. */
export const returnPhotosStep: RetentionStep = {
  count: 'photos',
  period: 'photoDays',
  due: (db: RetourDb, cutoff: Date) =>
    countOf(
      sql<{ n: string }>`select count(*) as n from return_photos p
        join return_lines l on l.id = p.return_line_id
        join returns r on r.id = l.return_id
        where r.${FINAL_RETURN} and r.photos_removed_at is null and r.updated_at < ${cutoff}`.execute(db),
    ),
  index: 'returns_retention_photos_idx',
  pick: (cutoff, limit) => sql<{ id: string }>`select id from returns
    where ${FINAL_RETURN} and photos_removed_at is null and updated_at < ${cutoff}
    order by updated_at, id limit ${limit} for update skip locked`,
  async clear(tx, cutoff, limit, now) {
    const due = await this.pick(cutoff, limit).execute(tx);
    const returnIds = due.rows.map((r) => r.id);
    if (returnIds.length === 0) return { taken: 0, cleared: 0 };
    const photos = await tx
      .selectFrom('return_photos as p')
      .innerJoin('return_lines as l', 'l.id', 'p.return_line_id')
      .select('p.id')
      .where('l.return_id', 'in', returnIds)
      .execute();
    const ids = photos.map((p) => p.id);
    await deletePhotos(tx, ids, now);
    // Only this column: updated_at stays, it is what the personal-data period counts from.
    await tx.updateTable('returns').set({ photos_removed_at: now }).where('id', 'in', returnIds).execute();
    return { taken: returnIds.length, cleared: ids.length, files: ids };
  },
};

/** Photos uploaded for a request that was never made, by upload time. */
export const unattachedPhotosStep: RetentionStep = {
  count: 'photos',
  period: 'photoDays',
  due: (db, cutoff) =>
    countOf(
      sql<{ n: string }>`select count(*) as n from return_photos
        where return_line_id is null and created_at < ${cutoff}`.execute(db),
    ),
  index: 'return_photos_unattached_idx',
  pick: (cutoff, limit) => sql<{ id: string }>`select id from return_photos
    where return_line_id is null and created_at < ${cutoff}
    order by created_at, id limit ${limit} for update skip locked`,
  async clear(tx, cutoff, limit, now) {
    const due = await this.pick(cutoff, limit).execute(tx);
    const ids = due.rows.map((r) => r.id);
    await deletePhotos(tx, ids, now);
    return { taken: ids.length, cleared: ids.length, files: ids };
  },
};
