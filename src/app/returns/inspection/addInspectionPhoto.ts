import { notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { storePhoto, type UploadedPhoto } from '../storePhoto.js';

/** Photos per line are capped: evidence, not an album. */
export const MAX_LINE_PHOTOS = 20;

/** A photo staff take at receiving or inspection, attached to the line at once. */
export async function addInspectionPhoto(
  ctx: AppContext,
  meta: CommandMeta,
  input: { returnId: string; returnLineId: string; contentType: string; bytes: Buffer },
): Promise<UploadedPhoto> {
  return storePhoto(ctx, meta, input, async (unit, photo) => {
    const { tx, record } = unit;
    const line = await tx
      .selectFrom('return_lines as rl')
      .innerJoin('returns as r', 'r.id', 'rl.return_id')
      .select(['rl.id', 'r.id as return_id', 'r.number', 'r.order_id', 'r.customer_id'])
      .where('rl.id', '=', input.returnLineId)
      .where('rl.return_id', '=', input.returnId)
      .forUpdate()
      .executeTakeFirst();
    if (!line) throw notFound('Return line', input.returnLineId);
    const { n } = await tx
      .selectFrom('return_photos')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('return_line_id', '=', line.id)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_LINE_PHOTOS) {
      throw new RetourError('conflict', 'PHOTO_LIMIT_REACHED', `At most ${MAX_LINE_PHOTOS} photos per line`);
    }
    await photo.insertRow(unit, { orderId: line.order_id, customerId: line.customer_id, returnLineId: line.id });
    record({
      type: 'return.photo_added',
      subjectType: 'return',
      subjectId: line.return_id,
      returnId: line.return_id,
      data: { number: line.number, returnLineId: line.id, photoId: photo.id },
    });
  });
}
