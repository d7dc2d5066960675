import { SERVED_IMAGE_PREFIX } from '../../../domain/productCatalogue.js';
import { processPhoto } from '../../../integrations/photos/processPhoto.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';

/** Prefix of product image ids: the public image route serves these and nothing else. */
export const PRODUCT_IMAGE_ID = /^pimg_[0-9a-z]{26}$/;

/** Checks and re-encodes an uploaded product image (metadata dropped, size capped) and keeps it;
 * the answer is the address to put in a product's or variant's images. Nothing refers to it until
 * a product is saved with it. */
export async function uploadProductImage(ctx: AppContext, input: { contentType: string; bytes: Buffer }) {
  const processed = await processPhoto(input.bytes, input.contentType);
  const id = newId('pimg');
  await ctx.productImages.put(id, { image: processed.image, thumbnail: processed.thumbnail });
  return { url: `${SERVED_IMAGE_PREFIX}${id}`, width: processed.width, height: processed.height };
}
