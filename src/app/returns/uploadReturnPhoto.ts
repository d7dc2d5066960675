import { RetourError } from '../../domain/errors.js';
import { refuseErasedCustomer } from '../catalog/erasedCustomers.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { storePhoto, type UploadedPhoto } from './storePhoto.js';

/** Photos waiting for a return request, per order: enough for any honest return. */
export const MAX_PENDING_PHOTOS = 30;

/** Takes a shopper's photo for an order: checked, re-encoded with a thumbnail, stored, and kept
 * with the order until a return request attaches it to a line. */
export async function uploadReturnPhoto(
  ctx: AppContext,
  meta: CommandMeta,
  input: { orderId: string; customerId: string; contentType: string; bytes: Buffer },
): Promise<UploadedPhoto> {
  return storePhoto(ctx, meta, input, async (unit, photo) => {
    const { tx, record } = unit;
    // Counting under the order's lock: parallel uploads cannot slip past the limit together.
    await tx.selectFrom('orders').select('id').where('id', '=', input.orderId).forUpdate().executeTakeFirstOrThrow();
    // An erasure that committed while the token was checked is seen now: it locks the orders first.
    await refuseErasedCustomer(tx, input.customerId);
    const { n } = await tx
      .selectFrom('return_photos')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('order_id', '=', input.orderId)
      .where('return_line_id', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_PENDING_PHOTOS)
      throw new RetourError('conflict', 'PHOTO_LIMIT_REACHED', `At most ${MAX_PENDING_PHOTOS} photos per return request`);
    await photo.insertRow(unit, { orderId: input.orderId, customerId: input.customerId, returnLineId: null });
    record({
      type: 'photo.uploaded',
      subjectType: 'order',
      subjectId: input.orderId,
      data: { photoId: photo.id, width: photo.width, height: photo.height, bytes: photo.bytes },
    });
  });
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
