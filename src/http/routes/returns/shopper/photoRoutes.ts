import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { findPhoto } from '../../../../app/returns/returnPhotos.js';
import { removePendingPhoto, uploadReturnPhoto } from '../../../../app/returns/uploadReturnPhoto.js';
import { RetourError } from '../../../../domain/errors.js';
import { PHOTO_TYPES } from '../../../../integrations/photos/processPhoto.js';
import { shopperAccess } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import { photoFile, photoParams, uploadedPhoto } from '../backoffice/schema.js';
import { sendPhoto } from '../labels.js';
import * as s from './schema.js';
import { orderOf, shopperOf } from './scope.js';

/** Photos of items a shopper takes before requesting the return, and sees again afterwards. */
export function shopperPhotoRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['shopper'];

  r.post('/api/v1/shopper/photos', {
    schema: {
      tags,
      summary: 'Upload a photo of an item (JPEG, PNG, WebP or AVIF, at most 10 MB) before requesting the return',
      consumes: [...PHOTO_TYPES],
      response: { 201: uploadedPhoto },
    },
    config: { access: shopperAccess, rateLimit: { max: 60, timeWindow: '1 minute' } },
    handler: async (req, reply) => {
      const { orderId, customerId } = orderOf(req);
      if (!Buffer.isBuffer(req.body))
        throw new RetourError('invalid', 'PHOTO_TYPE_NOT_ALLOWED', `Send a photo as ${PHOTO_TYPES.join(', ')}`, [
          { path: 'headers.content-type', message: 'not an accepted image type' },
        ]);
      return runCommand(req, reply, 201, (meta) =>
        uploadReturnPhoto(ctx, meta, {
          orderId,
          customerId,
          contentType: String(req.headers['content-type']).split(';')[0]?.trim().toLowerCase() ?? '',
          bytes: req.body as Buffer,
        }),
      );
    },
  });

  r.delete('/api/v1/shopper/photos/:id', {
    schema: {
      tags,
      summary: 'Remove a photo not yet sent with a return request',
      params: idParams,
      body: noBody,
      response: { 200: s.photoRemoved },
    },
    config: { access: shopperAccess },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        removePendingPhoto(ctx, meta, { orderId: orderOf(req).orderId, photoId: req.params.id }),
      ),
  });

  r.get('/api/v1/shopper/photos/:id/:variant', {
    schema: {
      tags,
      summary: "One of the shopper's photos: the image or its thumbnail",
      params: photoParams,
      response: { 200: photoFile },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const photo = await findPhoto(ctx.db, req.params.id, shopperOf(req));
      if (!photo) throw new RetourError('not_found', 'PHOTO_NOT_FOUND', `Photo ${req.params.id} does not exist`);
      return sendPhoto(reply, ctx.photos, req.params.id, req.params.variant);
    },
  });
}
