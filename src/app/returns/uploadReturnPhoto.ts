import { RetourError } from '../../domain/errors.js';
import { processPhoto } from '../../integrations/photos/processPhoto.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';

/** Photos waiting for a return request, per order: enough for any honest return. */
export const MAX_PENDING_PHOTOS = 30;

export interface UploadedPhoto {
  id: string;
  width: number;
  height: number;
  bytes: number;
}

/** Takes a shopper's photo for an order: checked, re-encoded with a thumbnail, stored, and kept
 * with the order until a return request attaches it to a line. The files are written before the
 * row, so a row always has its files; files of a failed insert are removed again. */
export async function uploadReturnPhoto(
  ctx: AppContext,
  meta: CommandMeta,
  input: { orderId: string; customerId: string; contentType: string; bytes: Buffer },
): Promise<UploadedPhoto> {
  const processed = await processPhoto(input.bytes, input.contentType);
  const id = newId('pho');
  await ctx.photos.put(id, { image: processed.image, thumbnail: processed.thumbnail });
  try {
    return await inUnit(ctx, meta, async ({ tx, now, record }) => {
      // Counting under the order's lock: parallel uploads cannot slip past the limit together.
      await tx.selectFrom('orders').select('id').where('id', '=', input.orderId).forUpdate().executeTakeFirstOrThrow();
      const { n } = await tx
        .selectFrom('return_photos')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('order_id', '=', input.orderId)
        .where('return_line_id', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX_PENDING_PHOTOS)
        throw new RetourError('conflict', 'PHOTO_LIMIT_REACHED', `At most ${MAX_PENDING_PHOTOS} photos per return request`);
      await tx
        .insertInto('return_photos')
        .values({
          id,
          order_id: input.orderId,
          customer_id: input.customerId,
          return_line_id: null,
          uploaded_by: meta.actor.type,
          content_type: 'image/jpeg',
          bytes: processed.image.length,
          width: processed.width,
          height: processed.height,
          created_at: now,
        })
        .execute();
      record({
        type: 'photo.uploaded',
        subjectType: 'order',
        subjectId: input.orderId,
        data: { photoId: id, width: processed.width, height: processed.height, bytes: processed.image.length },
      });
      return { id, width: processed.width, height: processed.height, bytes: processed.image.length };
    });
  } catch (err) {
    await ctx.photos.remove(id);
    throw err;
  }
}

/** Removes a photo the shopper took back before sending the request; attached ones stay. */
export async function removePendingPhoto(
  ctx: AppContext,
  meta: CommandMeta,
  input: { orderId: string; photoId: string },
): Promise<{ removed: true }> {
  await inUnit(ctx, meta, async ({ tx }) => {
    const photo = await tx
      .selectFrom('return_photos')
      .select(['id', 'return_line_id'])
      .where('id', '=', input.photoId)
      .where('order_id', '=', input.orderId)
      .executeTakeFirst();
    if (!photo) throw new RetourError('not_found', 'PHOTO_NOT_FOUND', `Photo ${input.photoId} does not exist`);
    if (photo.return_line_id)
      throw new RetourError('conflict', 'PHOTO_ATTACHED', 'This photo belongs to a return request and stays with it');
    await tx.deleteFrom('return_photos').where('id', '=', photo.id).execute();
  });
  await ctx.photos.remove(input.photoId);
  return { removed: true };
}
