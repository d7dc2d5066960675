import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PRODUCT_IMAGE_ID, uploadProductImage } from '../../../../app/catalog/products/uploadProductImage.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { RetourError } from '../../../../domain/errors.js';
import { PHOTO_TYPES } from '../../../../integrations/photos/processPhoto.js';
import { publicAccess, staff } from '../../../access.js';
import * as s from './schema.js';

const tags = ['products'];

/** Product images staff upload, and serving them to anyone: they are the shop's public pictures,
 * shown in the portal before any sign-in. Only product image ids are served here, never a return photo. */
export function productImageRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/product-images', {
    schema: {
      tags,
      summary: 'Upload a product image (JPEG, PNG, WebP or AVIF, at most 10 MB); it is re-encoded and kept',
      consumes: [...PHOTO_TYPES],
      response: { 201: s.uploadedImage },
    },
    config: { access: staff('catalog.manage') },
    handler: async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new RetourError('invalid', 'PHOTO_TYPE_NOT_ALLOWED', `Send an image as ${PHOTO_TYPES.join(', ')}`, [
          { path: 'headers.content-type', message: 'not an accepted image type' },
        ]);
      const contentType = String(req.headers['content-type']).split(';')[0]?.trim().toLowerCase() ?? '';
      return reply.status(201).send(await uploadProductImage(ctx, { contentType, bytes: req.body }));
    },
  });
  r.get('/api/v1/product-images/:id', {
    schema: {
      tags,
      summary: 'A product image Retour keeps',
      params: s.productImageParams,
      response: { 200: s.productImageFile },
    },
    config: { access: publicAccess },
    handler: (req, reply) => sendProductImage(reply, ctx, req.params.id, 'image'),
  });
  r.get('/api/v1/product-images/:id/thumbnail', {
    schema: {
      tags,
      summary: 'The square of a product image, for lists and the portal',
      params: s.productImageParams,
      response: { 200: s.productImageFile },
    },
    config: { access: publicAccess },
    handler: (req, reply) => sendProductImage(reply, ctx, req.params.id, 'thumbnail'),
  });
}

async function sendProductImage(reply: FastifyReply, ctx: AppContext, id: string, variant: 'image' | 'thumbnail') {
  const file = PRODUCT_IMAGE_ID.test(id) ? await ctx.productImages.get(id, variant) : null;
  if (!file) throw new RetourError('not_found', 'IMAGE_NOT_FOUND', `Image ${id} does not exist`);
  return reply
    .type(variant === 'image' ? 'image/jpeg' : 'image/webp')
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('x-content-type-options', 'nosniff')
    .send(file);
}
