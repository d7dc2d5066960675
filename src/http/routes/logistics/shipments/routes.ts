import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { getBoxDocument } from '../../../../app/logistics/shipments/boxDocument.js';
import { retryShipment } from '../../../../app/logistics/shipments/retryShipment.js';
import {
  getShipmentDocument,
  listReturnShipments,
  type ShipmentDocument,
} from '../../../../app/logistics/shipments/shipmentQueries.js';
import { voidShipment } from '../../../../app/logistics/shipments/voidShipment.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { fileResponse, idParams, noBody } from '../../common.js';
import * as s from './schema.js';

const tags = ['shipments'];

/** Answers with a carrier's document to download; documents about a return are private. */
export function sendShipmentDocument(reply: FastifyReply, document: ShipmentDocument) {
  return reply
    .type(document.contentType)
    .header('content-disposition', `attachment; filename="${document.filename}"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(document.body);
}

/** Return parcels booked with carriers: labels, QR codes, customs documents, voids and retries. */
export function shipmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/returns/:id/shipments', {
    schema: {
      tags,
      summary: "A return's parcels booked with carriers: status, tracking, cost, pickup, routing and tracking history",
      params: idParams,
      response: { 200: s.returnShipments },
    },
    config: { access: staff('returns.read') },
    handler: (req) => listReturnShipments(ctx.db, req.params.id),
  });

  r.get('/api/v1/shipments/:id/label', {
    schema: { tags, summary: "The carrier's label of a shipment", params: idParams, response: { 200: s.labelResponse } },
    config: { access: staff('returns.read') },
    handler: async (req, reply) => sendShipmentDocument(reply, await getShipmentDocument(ctx.db, req.params.id, 'label')),
  });

  r.get('/api/v1/shipments/:id/boxes/:collo/label', {
    schema: {
      tags,
      summary: "One box's own label (or QR code) of a shipment of several boxes, where the carrier makes one per box",
      params: s.boxParams,
      response: { 200: s.boxDocumentResponse },
    },
    config: { access: staff('returns.read') },
    handler: async (req, reply) =>
      sendShipmentDocument(reply, await getBoxDocument(ctx, { shipmentId: req.params.id, collo: req.params.collo })),
  });

  r.get('/api/v1/shipments/:id/qr', {
    schema: {
      tags,
      summary: "The carrier's QR code of a label-free return (PNG)",
      params: idParams,
      response: { 200: fileResponse('image/png', 'The QR code the shopper shows at the drop-off point') },
    },
    config: { access: staff('returns.read') },
    handler: async (req, reply) => sendShipmentDocument(reply, await getShipmentDocument(ctx.db, req.params.id, 'qr')),
  });

  r.get('/api/v1/shipments/:id/customs', {
    schema: {
      tags,
      summary: 'The customs declaration of a shipment that crosses a customs border (PDF)',
      params: idParams,
      response: { 200: fileResponse('application/pdf', 'The customs declaration') },
    },
    config: { access: staff('returns.read') },
    handler: async (req, reply) => sendShipmentDocument(reply, await getShipmentDocument(ctx.db, req.params.id, 'customs')),
  });

  r.post('/api/v1/shipments/:id/retry', {
    schema: {
      tags,
      summary: 'Book a failed shipment again (never a second label: the carrier is asked for it by reference first)',
      params: idParams,
      body: noBody,
      response: { 202: s.retryOutcome },
    },
    config: { access: staff('returns.review') },
    handler: (req, reply) => runCommand(req, reply, 202, (meta) => retryShipment(ctx, meta, { shipmentId: req.params.id })),
  });

  r.post('/api/v1/shipments/:id/void', {
    schema: {
      tags,
      summary: 'Void a booked label with the carrier (409 CARRIER_CANNOT_VOID where the carrier does not allow it)',
      params: idParams,
      body: noBody,
      response: { 200: s.voidOutcome },
    },
    config: { access: staff('returns.review') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => voidShipment(ctx, meta, { shipmentId: req.params.id, strict: true })),
  });
}
