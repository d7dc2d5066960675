import { type ProcessedPhoto, processPhoto } from '../../integrations/photos/processPhoto.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Unit } from '../kernel/transaction.js';

export interface UploadedPhoto {
  id: string;
  width: number;
  height: number;
  bytes: number;
}

/** Where a photo belongs: the order it shows goods of, and the return line once it is attached. */
export interface PhotoOwner {
  orderId: string;
  customerId: string;
  returnLineId: string | null;
}

/** A photo being stored: its id and its files, written before its row. */
export interface StoredPhoto extends UploadedPhoto {
  /** Writes the photo's row for this owner. */
  insertRow(unit: Unit, owner: PhotoOwner): Promise<void>;
}

/** Checks and re-encodes a photo, writes its files, then runs `write` in a unit to check its
 * limits and write its row. The files go first so a row always has its files; the files of a
 * row that could not be written are removed again. */
export async function storePhoto(
  ctx: AppContext,
  meta: CommandMeta,
  input: { contentType: string; bytes: Buffer },
  write: (unit: Unit, photo: StoredPhoto) => Promise<void>,
): Promise<UploadedPhoto> {
  const processed = await processPhoto(input.bytes, input.contentType);
  const id = newId('pho');
  await ctx.photos.put(id, { image: processed.image, thumbnail: processed.thumbnail });
  const uploaded = { id, width: processed.width, height: processed.height, bytes: processed.image.length };
  try {
    await inUnit(ctx, meta, (unit) =>
      write(unit, { ...uploaded, insertRow: (u, owner) => insertPhotoRow(u, meta, id, processed, owner) }),
    );
    return uploaded;
  } catch (err) {
    await ctx.photos.remove(id);
    throw err;
  }
}

async function insertPhotoRow({ tx, now }: Unit, meta: CommandMeta, id: string, processed: ProcessedPhoto, owner: PhotoOwner) {
  await tx
    .insertInto('return_photos')
    .values({
      id,
      order_id: owner.orderId,
      customer_id: owner.customerId,
      return_line_id: owner.returnLineId,
      uploaded_by: meta.actor.type,
      content_type: 'image/jpeg',
      bytes: processed.image.length,
      width: processed.width,
      height: processed.height,
      created_at: now,
    })
    .execute();
}
