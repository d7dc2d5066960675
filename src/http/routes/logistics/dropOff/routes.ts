import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { CarrierError } from '../../../../app/logistics/carriers/port.js';
import { findServicePoints } from '../../../../app/logistics/methods/findServicePoints.js';
import { orderAddress } from '../../../../app/logistics/methods/offeredMethods.js';
import { changePickup } from '../../../../app/logistics/shipments/changePickup.js';
import { shopperAccess } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { sendProblem } from '../../../problem.js';
import { idParams } from '../../common.js';
import { orderOf, ownReturn } from '../../returns/shopper/scope.js';
import * as s from './schema.js';

const tags = ['shopper'];

/** A carrier that cannot answer now is the carrier's trouble, not the shopper's: 503, with what
 * the portal tells them to do. Nothing of the carrier's own answer is passed on. */
async function orCarrierUnavailable<T>(req: FastifyRequest, reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof CarrierError)) throw err;
    req.log.warn({ carrierError: err.code, kind: err.kind, status: err.status }, 'carrier unavailable for a shopper');
    if (err.retryAfterMs) reply.header('retry-after', String(Math.ceil(err.retryAfterMs / 1000)));
    // The problem is sent here; Fastify ignores what a handler answers after the reply was sent.
    return sendProblem(reply, {
      status: 503,
      code: 'CARRIER_UNAVAILABLE',
      title: 'The carrier cannot be reached now; try again, or choose another way to return',
      instance: req.url,
    }) as T;
  }
}

/** What a shopper picks to send a return: drop-off points near them, and moving or cancelling a
 * home pickup until the cut-off. */
export function dropOffRoutes(app: FastifyInstance, ctx: AppContext, searchLimit = 20) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/shopper/service-points', {
    schema: {
      tags,
      summary: "Drop-off points near the order's address (or a postcode) for a method, from the shop's carriers, nearest first",
      querystring: s.servicePointsQuery,
      response: { 200: s.servicePoints },
    },
    config: { access: shopperAccess, rateLimit: { max: searchLimit, timeWindow: '1 minute' } },
    handler: (req, reply) =>
      orCarrierUnavailable(req, reply, async () => {
        const { orderId } = orderOf(req);
        const { country, postcode } = await orderAddress(ctx.db, orderId);
        const points = await findServicePoints(ctx, { orderId, ...req.query });
        return { country, postcode: req.query.postcode ?? postcode, points };
      }),
  });

  r.post('/api/v1/shopper/returns/:id/pickup', {
    schema: {
      tags,
      summary: 'Move the home pickup to another slot on offer, or cancel it (null), until 22:00 the evening before',
      params: idParams,
      body: s.pickupChangeBody,
      response: { 200: s.pickupChanged },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      await ownReturn(ctx, req, req.params.id);
      return orCarrierUnavailable(req, reply, () =>
        runCommand(req, reply, 200, (meta) => changePickup(ctx, meta, { returnId: req.params.id, slot: req.body.slot })),
      );
    },
  });
}
