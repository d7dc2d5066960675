import { notFound, RetourError } from '../../../domain/errors.js';
import { processPhoto } from '../../../integrations/photos/processPhoto.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import type { UploadedPhoto } from '../uploadReturnPhoto.js';

/** Photos per line are capped: evidence, not an album. */
export const MAX_LINE_PHOTOS = 20;

/** A photo staff take at receiving or inspection, attached to the line at once. The files are
 * written before the row and removed again if the row cannot be written. */
export async function addInspectionPhoto(
  ctx: AppContext,
  meta: CommandMeta,
  input: { returnId: string; returnLineId: string; contentType: string; bytes: Buffer },
): Promise<UploadedPhoto> {
  const processed = await processPhoto(input.bytes, input.contentType);
  const id = newId('pho');
  await ctx.photos.put(id, { image: processed.image, thumbnail: processed.thumbnail });
  try {
    return await inUnit(ctx, meta, async ({ tx, now, record }) => {
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
      await tx
        .insertInto('return_photos')
        .values({
          id,
          order_id: line.order_id,
          customer_id: line.customer_id,
          return_line_id: line.id,
          uploaded_by: meta.actor.type,
          content_type: 'image/jpeg',
          bytes: processed.image.length,
          width: processed.width,
          height: processed.height,
          created_at: now,
        })
        .execute();
      record({
        type: 'return.photo_added',
        subjectType: 'return',
        subjectId: line.return_id,
        returnId: line.return_id,
        data: { number: line.number, returnLineId: line.id, photoId: id },
      });
      return { id, width: processed.width, height: processed.height, bytes: processed.image.length };
    });
  } catch (err) {
    await ctx.photos.remove(id);
    throw err;
  }
}
