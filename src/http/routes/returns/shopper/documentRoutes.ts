import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { getBoxDocument } from '../../../../app/logistics/shipments/boxDocument.js';
import {
  carrierDocumentOfReturn,
  carrierLabelFollows,
  labelFollows,
} from '../../../../app/logistics/shipments/shipmentQueries.js';
import { getPackingSlipData } from '../../../../app/returns/packingSlip.js';
import { getReturnLabelData } from '../../../../app/returns/returnLabel.js';
import { RetourError } from '../../../../domain/errors.js';
import { qrCodeSvg } from '../../../../integrations/labels/qrCode.js';
import { shopperAccess } from '../../../access.js';
import { localeFor } from '../../../shopperLocale.js';
import { fileResponse, idParams } from '../../common.js';
import { sendShipmentDocument } from '../../logistics/shipments/routes.js';
import { boxDocumentResponse, boxParams, labelResponse } from '../../logistics/shipments/schema.js';
import { localeQuery } from '../../policy/policies/schema.js';
import { sendLabel, sendPackingSlip } from '../labels.js';
import { ownReturn, shopperOf } from './scope.js';

/** What the shopper prints or shows to send a return off: its QR code, packing slip and label. */
export function shopperDocumentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['shopper'];

  r.get('/api/v1/shopper/returns/:id/qr.svg', {
    schema: {
      tags,
      summary: 'The drop-off QR code of a return, as SVG',
      params: idParams,
      response: { 200: fileResponse('image/svg+xml', 'The drop-off QR code') },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(ctx, req, req.params.id);
      const label = await getReturnLabelData(ctx.db, ctx.caches, req.params.id, { customerId });
      return reply.type('image/svg+xml').header('cache-control', 'private, no-store').send(qrCodeSvg(label.qrPayload));
    },
  });

  r.get('/api/v1/shopper/returns/:id/packing-slip', {
    schema: {
      tags,
      summary: 'The packing slip to put in the parcel (PDF, A4)',
      params: idParams,
      querystring: localeQuery,
      response: { 200: fileResponse('application/pdf', 'The packing slip') },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(ctx, req, req.params.id);
      const locale = await localeFor(ctx, req, req.query.locale);
      return sendPackingSlip(reply, await getPackingSlipData(ctx.db, ctx.caches, req.params.id, locale, { customerId }));
    },
  });

  r.get('/api/v1/shopper/returns/:id/label', {
    schema: {
      tags,
      summary: "The return label of one of the shopper's returns: the carrier's once booked, else Retour's own (PDF, A6)",
      params: idParams,
      response: { 200: labelResponse },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(ctx, req, req.params.id);
      const carrierLabel = await carrierDocumentOfReturn(ctx.db, req.params.id, 'label', { customerId });
      if (carrierLabel) return sendShipmentDocument(reply, carrierLabel);
      if (await carrierLabelFollows(ctx.db, req.params.id, { customerId })) throw labelFollows();
      return sendLabel(reply, await getReturnLabelData(ctx.db, ctx.caches, req.params.id, { customerId }));
    },
  });

  r.get('/api/v1/shopper/returns/:id/carrier-qr.png', {
    schema: {
      tags,
      summary: "The carrier's QR code of one of the shopper's label-free returns, once booked (PNG)",
      params: idParams,
      response: { 200: fileResponse('image/png', 'The QR code to show at the drop-off point') },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(ctx, req, req.params.id);
      const qr = await carrierDocumentOfReturn(ctx.db, req.params.id, 'qr', { customerId });
      if (!qr)
        throw new RetourError('not_found', 'CARRIER_QR_NOT_FOUND', 'The carrier has not made a QR code for this return (yet)');
      return sendShipmentDocument(reply, qr);
    },
  });

  boxDocumentRoute(app, ctx);
}

/** One box's own label or QR code, where the carrier made one per box (a return of several boxes). */
function boxDocumentRoute(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/shopper/returns/:id/boxes/:collo/label', {
    schema: {
      tags: ['shopper'],
      summary: "One box's own label (or QR code) of one of the shopper's returns of several boxes, once booked",
      params: boxParams,
      response: { 200: boxDocumentResponse },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(ctx, req, req.params.id);
      const { collo } = req.params;
      return sendShipmentDocument(reply, await getBoxDocument(ctx, { returnId: req.params.id, customerId, collo }));
    },
  });
}
