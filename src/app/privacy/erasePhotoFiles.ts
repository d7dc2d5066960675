import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { AppContext } from '../kernel/context.js';

/**
 * Removes the files of the photos an erasure took out of the database. Files cannot be part of
 * the transaction, so their ids wait in `pending_files` until each file is gone: a file that could
 * not be removed now (a full or read-only disk) is removed by the retention round's next run
 * (`retention_file_removals`, filled in the erasure's transaction) or the next run of the erasure.
 * Answers how many files are still to be removed.
 */
export async function erasePhotoFiles(ctx: AppContext, erasureId: string): Promise<number> {
  const row = await ctx.db.selectFrom('privacy_erasures').select('pending_files').where('id', '=', erasureId).executeTakeFirst();
  if (!row || row.pending_files.length === 0) return 0;
  const left: string[] = [];
  for (const id of row.pending_files) {
    try {
      await ctx.photos.remove(id);
    } catch {
      left.push(id);
    }
  }
  await markRemoved(ctx.db, erasureId, row.pending_files, left, ctx.now());
  return left.length;
}

async function markRemoved(db: RetourDb, erasureId: string, pending: string[], left: string[], now: Date): Promise<void> {
  await db
    .updateTable('privacy_erasures')
    .set({ pending_files: JSON.stringify(left), files_removed_at: left.length === 0 ? now : null })
    .where('id', '=', erasureId)
    .execute();
  // The retention round's queue holds them too (for a crash before this point): no longer needed.
  const removed = pending.filter((id) => !left.includes(id));
  if (removed.length > 0) await db.deleteFrom('retention_file_removals').where('photo_id', 'in', removed).execute();
}

/** The erasures of these customers whose files are not all removed yet. */
export async function erasuresWithFilesLeft(db: RetourDb, customerIds: string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const rows = await db
    .selectFrom('privacy_erasures')
    .select('id')
    .where('files_removed_at', 'is', null)
    .where((eb) => eb.or(customerIds.map((id) => sql<boolean>`customer_ids @> ${JSON.stringify([id])}::jsonb`)))
    .execute();
  return rows.map((r) => r.id);
}
