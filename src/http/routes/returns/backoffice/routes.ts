import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { addReturnNote } from '../../../../app/returns/addReturnNote.js';
import { findReturnsByScan, listReturnNotes, listSavedViews } from '../../../../app/returns/backofficeQueries.js';
import { bulkDecideReturns } from '../../../../app/returns/bulkDecideReturns.js';
import { addInspectionPhoto } from '../../../../app/returns/inspection/addInspectionPhoto.js';
import { getInspectionSetup } from '../../../../app/returns/inspection/inspectionSetup.js';
import { countReturnsByStatus } from '../../../../app/returns/listReturns.js';
import { itemsOfReturn } from '../../../../app/returns/ofReturn.js';
import { findPhoto } from '../../../../app/returns/returnPhotos.js';
import { createSavedView, deleteSavedView } from '../../../../app/returns/savedViews.js';
import { RetourError } from '../../../../domain/errors.js';
import { PHOTO_TYPES } from '../../../../integrations/photos/processPhoto.js';
import { staff } from '../../../access.js';
import { actorOf, runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import { sendPhoto } from '../labels.js';
import * as s from './schema.js';

const tags = ['returns'];

/** The back office's work on returns: queue counts, bulk decisions, saved views, notes and
 * messages, and the receiving station's scan, photos and inspection setup. */
export function returnWorkRoutes(app: FastifyInstance, ctx: AppContext) {
  queueRoutes(app, ctx);
  savedViewRoutes(app, ctx);
  noteRoutes(app, ctx);
  stationRoutes(app, ctx);
}

/** The queue: how many returns per status, bulk decisions, and what a scanned code points at. */
function queueRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/returns/counts', {
    schema: {
      tags,
      summary: 'How many returns match the filters, per status and on hold',
      querystring: s.countReturnsQuery,
      response: { 200: s.returnCounts },
    },
    config: { access: staff('returns.read') },
    handler: (req) => countReturnsByStatus(ctx.db, req.query, ctx.now()),
  });

  r.get('/api/v1/returns/scan', {
    schema: {
      tags,
      summary: 'Find returns by a scanned or typed code: QR code, label barcode, return, tracking or order number',
      querystring: s.scanQuery,
      response: { 200: s.scanMatches },
    },
    config: { access: staff('returns.read') },
    handler: (req) => findReturnsByScan(ctx.db, req.query.code),
  });

  r.post('/api/v1/returns/bulk', {
    schema: {
      tags,
      summary: 'Approve or reject every undecided line of many returns with one reason',
      body: s.bulkBody,
      response: { 200: s.bulkOutcome },
    },
    config: { access: staff('returns.review') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => bulkDecideReturns(ctx, meta, req.body)),
  });
}

/** Queue views saved by staff, for themselves or shared. */
function savedViewRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/saved-views', {
    schema: {
      tags: ['saved views'],
      summary: 'Queue views saved by the caller or shared by colleagues',
      response: { 200: s.savedViewList },
    },
    config: { access: staff('returns.read') },
    handler: (req) => {
      const actor = actorOf(req);
      return listSavedViews(ctx.db, actor.id ?? actor.type);
    },
  });
  r.post('/api/v1/saved-views', {
    schema: {
      tags: ['saved views'],
      summary: "Save the queue's filters under a name",
      body: s.savedViewBody,
      response: { 201: s.savedView },
    },
    config: { access: staff('returns.read') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createSavedView(ctx, meta, req.body)),
  });
  r.delete('/api/v1/saved-views/:id', {
    schema: {
      tags: ['saved views'],
      summary: 'Remove a view you saved',
      params: idParams,
      body: noBody,
      response: { 200: s.savedViewDeleted },
    },
    config: { access: staff('returns.read') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => deleteSavedView(ctx, meta, { viewId: req.params.id })),
  });
}

/** Internal notes on a return, and messages to its shopper. */
function noteRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/returns/:id/notes', {
    schema: {
      tags,
      summary: 'Internal notes and messages to the shopper, oldest first',
      params: idParams,
      response: { 200: s.returnNoteList },
    },
    config: { access: staff('returns.read') },
    handler: (req) => itemsOfReturn(ctx.db, req.params.id, (db, returnId) => listReturnNotes(db, returnId)),
  });
  r.post('/api/v1/returns/:id/notes', {
    schema: {
      tags,
      summary: 'Add an internal note (staff only)',
      params: idParams,
      body: s.noteBody,
      response: { 201: s.addedNote },
    },
    config: { access: staff('returns.note') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        addReturnNote(ctx, meta, { returnId: req.params.id, kind: 'internal', body: req.body.body }),
      ),
  });
  r.post('/api/v1/returns/:id/messages', {
    schema: {
      tags,
      summary: 'Send the shopper a message (shown on their status page)',
      params: idParams,
      body: s.noteBody,
      response: { 201: s.addedNote },
    },
    config: { access: staff('returns.message') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        addReturnNote(ctx, meta, { returnId: req.params.id, kind: 'shopper', body: req.body.body }),
      ),
  });
}

/** The receiving station: what to check per line, and photos taken at receiving or inspection. */
function stationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/returns/:id/inspection', {
    schema: {
      tags,
      summary: 'Per line: the checklist of its category and the disposition suggested for every grade',
      params: idParams,
      response: { 200: s.inspectionSetup },
    },
    config: { access: staff('returns.read') },
    handler: (req) => getInspectionSetup(ctx.db, ctx.caches, req.params.id),
  });

  r.post('/api/v1/returns/:id/lines/:lineId/photos', {
    schema: {
      tags,
      summary: 'Attach a photo taken at receiving or inspection (JPEG, PNG, WebP or AVIF, at most 10 MB)',
      params: s.lineParams,
      consumes: [...PHOTO_TYPES],
      response: { 201: s.uploadedPhoto },
    },
    config: { access: staff('returns.receive') },
    handler: async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new RetourError('invalid', 'PHOTO_TYPE_NOT_ALLOWED', `Send a photo as ${PHOTO_TYPES.join(', ')}`, [
          { path: 'headers.content-type', message: 'not an accepted image type' },
        ]);
      return runCommand(req, reply, 201, (meta) =>
        addInspectionPhoto(ctx, meta, {
          returnId: req.params.id,
          returnLineId: req.params.lineId,
          contentType: String(req.headers['content-type']).split(';')[0]?.trim().toLowerCase() ?? '',
          bytes: req.body as Buffer,
        }),
      );
    },
  });
  r.get('/api/v1/photos/:id/:variant', {
    schema: {
      tags,
      summary: 'A photo of a return line: the image or its thumbnail',
      params: s.photoParams,
      response: { 200: s.photoFile },
    },
    config: { access: staff('returns.read') },
    handler: async (req, reply) => {
      const photo = await findPhoto(ctx.db, req.params.id);
      if (!photo) throw new RetourError('not_found', 'PHOTO_NOT_FOUND', `Photo ${req.params.id} does not exist`);
      return sendPhoto(reply, ctx.photos, req.params.id, req.params.variant);
    },
  });
}
