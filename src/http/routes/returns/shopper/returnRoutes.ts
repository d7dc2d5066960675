import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { disputeDeduction } from '../../../../app/money/disputeDeduction.js';
import { cancelReturn } from '../../../../app/returns/cancelReturn.js';
import { giveReturnFeedback } from '../../../../app/returns/giveReturnFeedback.js';
import { listReturns } from '../../../../app/returns/listReturns.js';
import { requestReturn } from '../../../../app/returns/requestReturn.js';
import { recordSighting } from '../../../../app/risk/portalSightings.js';
import { RetourError } from '../../../../domain/errors.js';
import { shopperAccess } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import { requestedReturn, transitionOutcome } from '../returns/schema.js';
import { portalClient, reportSightingFailure } from './portalClient.js';
import * as s from './schema.js';
import { orderOf, ownReturn, shopperOf } from './scope.js';
import { shopperSummary, shopperView } from './shopperView.js';

const tags = ['shopper'];

/** Requesting a return for the token's order, and following the shopper's returns. */
export function shopperReturnRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/shopper/returns', {
    schema: {
      tags,
      summary: "Request a return for the token's order",
      body: s.shopperReturnBody,
      headers: s.portalDeviceHeaders,
      response: { 201: requestedReturn },
    },
    config: { access: shopperAccess },
    handler: (req, reply) => {
      const client = portalClient(req);
      const { orderId } = orderOf(req);
      return runCommand(req, reply, 201, async (meta) => {
        const requested = await requestReturn(ctx, meta, {
          ...req.body,
          orderId,
          source: 'portal',
          statusToken: (claims) => ctx.shopperTokens.statusLink(claims),
          // The risk of the request reads the device and IP (hashed) for linked accounts and velocity.
          client,
        });
        await recordSighting(ctx, { kind: 'request', orderId, client }, reportSightingFailure(req));
        return requested;
      });
    },
  });

  r.get('/api/v1/shopper/returns', {
    schema: { tags, summary: "The shopper's returns for this order", response: { 200: s.shopperReturnPage } },
    config: { access: shopperAccess },
    handler: async (req) => {
      const page = await listReturns(ctx.db, { ...orderOf(req), limit: 100 });
      return { ...page, items: page.items.map(shopperSummary) };
    },
  });

  r.get('/api/v1/shopper/returns/:id', {
    schema: {
      tags,
      summary: "One of the shopper's returns: lines, exchanges, photos, timeline, what happens next, its status link",
      params: idParams,
      response: { 200: s.shopperReturn },
    },
    config: { access: shopperAccess },
    handler: (req) => shopperView(ctx, req, req.params.id),
  });

  r.get('/api/v1/shopper/status', {
    schema: {
      tags,
      summary: 'The return a status link opens (the same as GET /api/v1/shopper/returns/{id})',
      response: { 200: s.shopperReturn },
    },
    config: { access: shopperAccess },
    handler: (req) => {
      const { returnId } = shopperOf(req);
      if (!returnId)
        throw new RetourError('invalid', 'NOT_A_STATUS_LINK', 'This token opens an order; ask for one of its returns instead');
      return shopperView(ctx, req, returnId);
    },
  });
}

/** What a shopper may do with one of their returns: rate it, dispute a deduction, cancel it. */
export function shopperReturnActionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/shopper/returns/:id/feedback', {
    schema: {
      tags,
      summary: 'Rate a resolved return (1–5) with an optional comment, once',
      params: idParams,
      body: s.feedbackBody,
      response: { 201: s.feedbackGiven },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(ctx, req, req.params.id);
      return runCommand(req, reply, 201, (meta) =>
        giveReturnFeedback(ctx, meta, { returnId: req.params.id, customerId, ...req.body }),
      );
    },
  });

  r.post('/api/v1/shopper/returns/:id/dispute', {
    schema: {
      tags,
      summary: 'Dispute what was deducted from the refund: the return opens again for the shop to decide',
      params: idParams,
      body: s.disputeBody,
      response: { 200: s.disputeOpened },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      await ownReturn(ctx, req, req.params.id);
      return runCommand(req, reply, 200, (meta) =>
        disputeDeduction(ctx, meta, { returnId: req.params.id, message: req.body.message }),
      );
    },
  });

  r.post('/api/v1/shopper/returns/:id/cancel', {
    schema: {
      tags,
      summary: "Cancel the shopper's return while nothing has been shipped",
      params: idParams,
      body: noBody,
      response: { 200: transitionOutcome },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      await ownReturn(ctx, req, req.params.id);
      return runCommand(req, reply, 200, (meta) =>
        cancelReturn(ctx, meta, { returnId: req.params.id, reason: 'cancelled by shopper' }),
      );
    },
  });
}
