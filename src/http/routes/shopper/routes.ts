import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cancelReturn } from '../../../app/commands/cancelReturn.js';
import { giveReturnFeedback } from '../../../app/commands/giveReturnFeedback.js';
import { lookupOrder } from '../../../app/commands/lookupOrder.js';
import { requestReturn } from '../../../app/commands/requestReturn.js';
import type { AppContext } from '../../../app/context.js';
import { evaluateOrderPolicy } from '../../../app/policy/evaluateOrder.js';
import { getOrderDetail } from '../../../app/queries/orders.js';
import { getReturnLabelData } from '../../../app/queries/returnLabel.js';
import { getReturnDetail, listReturns } from '../../../app/queries/returns.js';
import { listReasons } from '../../../app/queries/settingsLists.js';
import { RetourError } from '../../../domain/errors.js';
import { publicAccess, shopperAccess } from '../../access.js';
import { runCommand } from '../../idempotencyHooks.js';
import type { ShopperTokens } from '../../shopperToken.js';
import { idParams } from '../common.js';
import { sendLabel } from '../labels.js';
import { localeFor } from '../policies/routes.js';
import { localeQuery, shopperEvaluationBody } from '../policies/schema.js';
import { createReturnBody } from '../returns/schema.js';

const lookupBody = z
  .strictObject({
    orderNumber: z.string().trim().min(1).max(64),
    email: z.string().trim().min(3).max(254).optional(),
    postcode: z.string().trim().min(2).max(20).optional(),
  })
  .refine((b) => b.email || b.postcode, { message: 'give the e-mail address or the postcode', path: ['email'] });

/** Shoppers see what was decided and why, not the shop's internal rule ids or unpublished rules. */
function presentForShopper(result: Awaited<ReturnType<typeof evaluateOrderPolicy>>) {
  const { verdict } = result;
  const reason = (r: { code: string; severity: string; params?: object; message: string }) => ({
    code: r.code,
    severity: r.severity,
    message: r.message,
    ...(r.params ? { params: r.params } : {}),
  });
  return {
    locale: verdict.locale,
    currency: verdict.currency,
    eligible: verdict.eligible,
    methods: verdict.methods.map((m) => ({ method: m.method, fee: m.fee, waived: m.waived })),
    method: verdict.method,
    reasons: verdict.reasons.map(reason),
    totals: verdict.totals,
    lines: verdict.lines.map((l) => ({
      orderLineId: l.orderLineId,
      quantity: l.quantity,
      returnableQuantity: l.returnableQuantity,
      eligible: l.eligible,
      flow: l.flow,
      withinStatutoryPeriod: l.withinStatutoryPeriod,
      statutoryDeadline: l.statutoryDeadline,
      deadline: l.deadline,
      resolutions: l.resolutions,
      methods: l.methods,
      value: l.value,
      restockingFee: l.restockingFee,
      bonus: l.bonus,
      keepItem: l.keepItem,
      photoRequired: l.photoRequired,
      reasons: l.reasons.map(reason),
    })),
  };
}

function shopperOf(req: { principal: unknown }) {
  const p = req.principal as { kind: string; customerId: string; orderId: string };
  return { customerId: p.customerId, orderId: p.orderId };
}

/** What a shopper can do with the token from an order lookup: only their own order and returns. */
export function shopperRoutes(app: FastifyInstance, ctx: AppContext, tokens: ShopperTokens, lookupLimit: number) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['shopper'];

  /** One of the token's own returns (of its order and customer); any other is "not found". */
  const ownReturn = async (req: { principal: unknown }, returnId: string) => {
    const { orderId, customerId } = shopperOf(req);
    const detail = await getReturnDetail(ctx.db, returnId, { customerId }).catch(() => null);
    if (!detail || detail.order.id !== orderId)
      throw new RetourError('not_found', 'RETURN_NOT_FOUND', `Return ${returnId} does not exist`);
    return detail;
  };

  r.post('/api/v1/shopper/lookup', {
    schema: {
      tags,
      summary: 'Find an order by number and e-mail or postcode; returns a short-lived order token',
      body: lookupBody,
    },
    config: { access: publicAccess, rateLimit: { max: lookupLimit, timeWindow: '1 minute' } },
    handler: async (req) => {
      const found = await lookupOrder(ctx, req.body);
      const { token, expiresAt } = await tokens.issue(found, ctx.now());
      return { token, expiresAt: expiresAt.toISOString(), orderId: found.orderId, orderNumber: found.orderNumber };
    },
  });

  r.get('/api/v1/shopper/order', {
    schema: { tags, summary: 'The order the token belongs to' },
    config: { access: shopperAccess },
    handler: (req) => getOrderDetail(ctx.db, shopperOf(req).orderId),
  });

  r.get('/api/v1/shopper/reasons', {
    schema: { tags, summary: 'Active return reasons' },
    config: { access: shopperAccess },
    handler: () => listReasons(ctx.db, { activeOnly: true }),
  });

  // The portal asks first what may come back, then again with the shopper's choices for the fees.
  r.get('/api/v1/shopper/policy-evaluation', {
    schema: {
      tags,
      summary: "What may come back from the token's order, until when, how, and at what cost, in plain words",
      querystring: localeQuery,
    },
    config: { access: shopperAccess },
    handler: async (req) =>
      presentForShopper(
        await evaluateOrderPolicy(ctx, { orderId: shopperOf(req).orderId, locale: await localeFor(ctx, req, req.query.locale) }),
      ),
  });
  r.post('/api/v1/shopper/policy-evaluation', {
    schema: {
      tags,
      summary: 'The same for chosen lines, reasons, resolutions and method: every fee before confirming',
      body: shopperEvaluationBody,
    },
    config: { access: shopperAccess, idempotent: false },
    handler: async (req) =>
      presentForShopper(
        await evaluateOrderPolicy(ctx, {
          orderId: shopperOf(req).orderId,
          selection: req.body?.selection,
          locale: await localeFor(ctx, req, req.body?.locale),
        }),
      ),
  });

  r.post('/api/v1/shopper/returns', {
    schema: { tags, summary: "Request a return for the token's order", body: createReturnBody.omit({ orderId: true }) },
    config: { access: shopperAccess },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        requestReturn(ctx, meta, { ...req.body, orderId: shopperOf(req).orderId, source: 'portal' }),
      ),
  });

  r.get('/api/v1/shopper/returns', {
    schema: { tags, summary: "The shopper's returns for this order" },
    config: { access: shopperAccess },
    handler: (req) => listReturns(ctx.db, { ...shopperOf(req), limit: 100 }),
  });

  r.get('/api/v1/shopper/returns/:id', {
    schema: { tags, summary: "One of the shopper's returns with its timeline", params: idParams },
    config: { access: shopperAccess },
    handler: (req) => ownReturn(req, req.params.id),
  });

  r.get('/api/v1/shopper/returns/:id/label', {
    schema: { tags, summary: "The return label of one of the shopper's returns (PDF, A6)", params: idParams },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(req, req.params.id);
      return sendLabel(reply, await getReturnLabelData(ctx.db, req.params.id, { customerId }));
    },
  });

  r.post('/api/v1/shopper/returns/:id/feedback', {
    schema: {
      tags,
      summary: 'Rate a resolved return (1–5) with an optional comment, once',
      params: idParams,
      body: z.strictObject({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).nullish() }),
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(req, req.params.id);
      return runCommand(req, reply, 201, (meta) =>
        giveReturnFeedback(ctx, meta, { returnId: req.params.id, customerId, ...req.body }),
      );
    },
  });

  r.post('/api/v1/shopper/returns/:id/cancel', {
    schema: { tags, summary: "Cancel the shopper's return while nothing has been shipped", params: idParams },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      await ownReturn(req, req.params.id);
      return runCommand(req, reply, 200, (meta) =>
        cancelReturn(ctx, meta, { returnId: req.params.id, reason: 'cancelled by shopper' }),
      );
    },
  });
}
