import type { RetourDb } from '../../db/connection.js';

export interface PhotoInfo {
  id: string;
  returnLineId: string | null;
  width: number;
  height: number;
  bytes: number;
  /** shopper, staff…: who took it. */
  uploadedBy: string;
  createdAt: string;
}

/** Photos of a return, by line. */
export async function listReturnPhotos(db: RetourDb, returnId: string): Promise<PhotoInfo[]> {
  const rows = await db
    .selectFrom('return_photos as p')
    .innerJoin('return_lines as rl', 'rl.id', 'p.return_line_id')
    .select(['p.id', 'p.return_line_id', 'p.width', 'p.height', 'p.bytes', 'p.uploaded_by', 'p.created_at'])
    .where('rl.return_id', '=', returnId)
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    returnLineId: r.return_line_id,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Whether a photo may be shown to this shopper (their order; with a status link, only the photos
 * of that one return) or, without a scope, to staff. */
export async function findPhoto(db: RetourDb, photoId: string, scope: { orderId?: string; returnId?: string } = {}) {
  let q = db
    .selectFrom('return_photos')
    .select(['return_photos.id', 'return_photos.order_id', 'return_photos.return_line_id'])
    .where('return_photos.id', '=', photoId);
  if (scope.orderId) q = q.where('return_photos.order_id', '=', scope.orderId);
  const { returnId } = scope;
  if (returnId)
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('return_lines')
          .select('return_lines.id')
          .whereRef('return_lines.id', '=', 'return_photos.return_line_id')
          .where('return_lines.return_id', '=', returnId),
      ),
    );
  return (await q.executeTakeFirst()) ?? null;
}
