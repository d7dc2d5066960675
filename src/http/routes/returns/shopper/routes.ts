import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPortalShop } from '../../../../app/admin/portalShop.js';
import { listReasons } from '../../../../app/admin/settingsLists.js';
import { getShopSettingsCached } from '../../../../app/admin/shopSettings.js';
import { getOrderDetail } from '../../../../app/catalog/orders.js';
import { getExchangeOptions, priceExchangeChoices } from '../../../../app/exchanges/exchangeOptions.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { ShopperTokens } from '../../../../app/kernel/shopperTokens.js';
import { disputeDeduction } from '../../../../app/money/disputeDeduction.js';
import type { PaymentGateway } from '../../../../app/money/payments/gateway.js';
import { evaluateOrderPolicy } from '../../../../app/policy/evaluateOrder.js';
import { cancelReturn } from '../../../../app/returns/cancelReturn.js';
import { giveReturnFeedback } from '../../../../app/returns/giveReturnFeedback.js';
import { listReturns } from '../../../../app/returns/listReturns.js';
import { lookupOrder } from '../../../../app/returns/lookupOrder.js';
import { nextStep } from '../../../../app/returns/nextStep.js';
import { getPackingSlipData } from '../../../../app/returns/packingSlip.js';
import type { PhotoStore } from '../../../../app/returns/photoStore.js';
import { requestReturn } from '../../../../app/returns/requestReturn.js';
import { getReturnLabelData } from '../../../../app/returns/returnLabel.js';
import { findPhoto } from '../../../../app/returns/returnPhotos.js';
import { removePendingPhoto, uploadReturnPhoto } from '../../../../app/returns/uploadReturnPhoto.js';
import { getReturnDetail } from '../../../../app/views/returnDetail.js';
import { RetourError } from '../../../../domain/errors.js';
import { pickupSlots } from '../../../../domain/pickupSlots.js';
import { DISPUTE_HOLD } from '../../../../domain/returnLifecycle.js';
import { shopperTimeline } from '../../../../domain/shopperTimeline.js';
import { qrCodeSvg } from '../../../../integrations/labels/qrCode.js';
import { PHOTO_TYPES } from '../../../../integrations/photos/processPhoto.js';
import { publicAccess, shopperAccess } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import { localeFor } from '../../policy/policies/routes.js';
import { localeQuery, shopperEvaluationBody } from '../../policy/policies/schema.js';
import { sendLabel, sendPackingSlip, sendPhoto } from '../labels.js';
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
      guaranteeEnds: l.guaranteeEnds ?? null,
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
  const p = req.principal as { kind: string; customerId: string; orderId: string; returnId?: string };
  return { customerId: p.customerId, orderId: p.orderId, returnId: p.returnId };
}

/** The order a token opens. A status link opens one return only: it can follow, cancel and rate
 * that return but not start new ones or look through the order. */
function orderOf(req: { principal: unknown }) {
  const { customerId, orderId, returnId } = shopperOf(req);
  if (returnId)
    throw new RetourError('forbidden', 'STATUS_LINK_SCOPE', 'A status link opens one return; look up the order to do more');
  return { customerId, orderId };
}

/** What a shopper can do with the token from an order lookup: only their own order and returns. */
export function shopperRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  tokens: ShopperTokens,
  lookupLimit: number,
  photos: PhotoStore,
  payments: PaymentGateway,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['shopper'];

  /** One of the token's own returns (of its order and customer); any other is "not found". */
  const ownReturn = async (req: { principal: unknown }, returnId: string) => {
    const { orderId, customerId, returnId: scope } = shopperOf(req);
    const detail =
      scope && scope !== returnId
        ? null
        : await getReturnDetail(ctx.db, returnId, { customerId, now: ctx.now() }).catch(() => null);
    if (!detail || detail.order.id !== orderId)
      throw new RetourError('not_found', 'RETURN_NOT_FOUND', `Return ${returnId} does not exist`);
    return detail;
  };
  /** What the shopper sees of a return: its state, what comes next and the link to follow it. */
  const shopperView = async (req: { principal: unknown }, returnId: string) => {
    const detail = await ownReturn(req, returnId);
    const [settings, feedback] = await Promise.all([
      getShopSettingsCached(ctx.db, ctx.db),
      ctx.db.selectFrom('return_feedback').select('return_id').where('return_id', '=', returnId).executeTakeFirst(),
    ]);
    // The risk score and why staff hold a return are for staff: a shopper sees messages, not how
    // they were judged, and whether their own dispute is open.
    const { timeline, risk: _risk, holdReasons, ...rest } = detail;
    return {
      ...rest,
      disputeOpen: holdReasons.includes(DISPUTE_HOLD),
      feedbackGiven: Boolean(feedback),
      timeZone: settings.timezone,
      next: nextStep(detail),
      statusToken: tokens.statusLink({
        returnId: detail.id,
        customerId: detail.customer.id,
        orderId: detail.order.id,
        createdAt: new Date(detail.createdAt),
      }),
      // Shoppers see what happened to them, not who on the staff did it or internal notes.
      timeline: shopperTimeline(timeline),
    };
  };

  r.get('/api/v1/shopper/shop', {
    schema: { tags, summary: "The shop's name, brand, languages, return address and stores, for the portal" },
    config: { access: publicAccess },
    handler: () => getPortalShop(ctx.db),
  });

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
    handler: (req) => getOrderDetail(ctx.db, orderOf(req).orderId),
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
        await evaluateOrderPolicy(ctx, { orderId: orderOf(req).orderId, locale: await localeFor(ctx, req, req.query.locale) }),
      ),
  });
  r.post('/api/v1/shopper/policy-evaluation', {
    schema: {
      tags,
      summary: 'The same for chosen lines, reasons, resolutions and method: every fee before confirming',
      body: shopperEvaluationBody,
    },
    config: { access: shopperAccess, idempotent: false },
    handler: async (req) => {
      const result = await evaluateOrderPolicy(ctx, {
        orderId: orderOf(req).orderId,
        selection: req.body?.selection,
        locale: await localeFor(ctx, req, req.body?.locale),
      });
      const presented = presentForShopper(result);
      const priced = await priceExchangeChoices(
        ctx.db,
        presented.currency,
        (req.body?.selection?.lines ?? []).filter((l) => l.resolution === 'exchange'),
        (id) => {
          const line = result.verdict.lines.find((l) => l.orderLineId === id);
          // The bonus as the line's verdict gives it to an exchange (none for a line that cannot come back).
          return { value: line?.value ?? 0, bonusTerms: line?.bonusTerms.exchange ?? null };
        },
        (await getShopSettingsCached(ctx.db, ctx.db)).exchangeSurplus,
      );
      // What the exchange order will ask (or give back), the exchange bonus taken off.
      return { ...presented, exchanges: priced.exchanges, exchangeDifference: priced.difference, exchangeBonus: priced.bonus };
    },
  });

  r.get('/api/v1/shopper/exchange-options', {
    schema: {
      tags,
      summary: 'What a line can be exchanged for: other sizes and colours, other products, in stock only',
      querystring: z.strictObject({ orderLineId: z.string().trim().min(1).max(64) }),
    },
    config: { access: shopperAccess },
    handler: (req) => getExchangeOptions(ctx.db, orderOf(req).orderId, req.query.orderLineId),
  });

  r.get('/api/v1/shopper/pickup-slots', {
    schema: { tags, summary: 'Home pickup slots on the next working days' },
    config: { access: shopperAccess },
    handler: async (req) => {
      orderOf(req);
      const settings = await getShopSettingsCached(ctx.db, ctx.db);
      return { timeZone: settings.timezone, slots: pickupSlots(ctx.now(), settings.timezone) };
    },
  });

  r.post('/api/v1/shopper/photos', {
    schema: {
      tags,
      summary: 'Upload a photo of an item (JPEG, PNG, WebP or AVIF, at most 10 MB) before requesting the return',
      consumes: [...PHOTO_TYPES],
    },
    config: { access: shopperAccess, rateLimit: { max: 60, timeWindow: '1 minute' } },
    handler: async (req, reply) => {
      const { orderId, customerId } = orderOf(req);
      if (!Buffer.isBuffer(req.body))
        throw new RetourError('invalid', 'PHOTO_TYPE_NOT_ALLOWED', `Send a photo as ${PHOTO_TYPES.join(', ')}`, [
          { path: 'headers.content-type', message: 'not an accepted image type' },
        ]);
      return runCommand(req, reply, 201, (meta) =>
        uploadReturnPhoto(ctx, meta, photos, {
          orderId,
          customerId,
          contentType: String(req.headers['content-type']).split(';')[0]?.trim().toLowerCase() ?? '',
          bytes: req.body as Buffer,
        }),
      );
    },
  });
  r.delete('/api/v1/shopper/photos/:id', {
    schema: { tags, summary: 'Remove a photo not yet sent with a return request', params: idParams, body: noBody },
    config: { access: shopperAccess },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        removePendingPhoto(ctx, meta, photos, { orderId: orderOf(req).orderId, photoId: req.params.id }),
      ),
  });
  r.get('/api/v1/shopper/photos/:id/:variant', {
    schema: {
      tags,
      summary: "One of the shopper's photos: the image or its thumbnail",
      params: z.strictObject({ id: idParams.shape.id, variant: z.enum(['image', 'thumbnail']) }),
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { orderId, returnId } = shopperOf(req);
      const photo = await findPhoto(ctx.db, req.params.id, { orderId });
      const visible =
        photo &&
        (!returnId ||
          (photo.return_line_id &&
            (await ctx.db
              .selectFrom('return_lines')
              .select('id')
              .where('id', '=', photo.return_line_id)
              .where('return_id', '=', returnId)
              .executeTakeFirst())));
      if (!visible) throw new RetourError('not_found', 'PHOTO_NOT_FOUND', `Photo ${req.params.id} does not exist`);
      return sendPhoto(reply, photos, req.params.id, req.params.variant);
    },
  });

  r.post('/api/v1/shopper/returns', {
    schema: { tags, summary: "Request a return for the token's order", body: createReturnBody.omit({ orderId: true }) },
    config: { access: shopperAccess },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        requestReturn(ctx, meta, {
          ...req.body,
          orderId: orderOf(req).orderId,
          source: 'portal',
          statusToken: (claims) => tokens.statusLink(claims),
        }),
      ),
  });

  r.get('/api/v1/shopper/returns', {
    schema: { tags, summary: "The shopper's returns for this order" },
    config: { access: shopperAccess },
    handler: (req) => listReturns(ctx.db, { ...orderOf(req), limit: 100 }),
  });

  r.get('/api/v1/shopper/returns/:id', {
    schema: {
      tags,
      summary: "One of the shopper's returns: lines, exchanges, photos, timeline, what happens next, its status link",
      params: idParams,
    },
    config: { access: shopperAccess },
    handler: (req) => shopperView(req, req.params.id),
  });

  r.get('/api/v1/shopper/status', {
    schema: { tags, summary: 'The return a status link opens (the same as GET /api/v1/shopper/returns/{id})' },
    config: { access: shopperAccess },
    handler: (req) => {
      const { returnId } = shopperOf(req);
      if (!returnId)
        throw new RetourError('invalid', 'NOT_A_STATUS_LINK', 'This token opens an order; ask for one of its returns instead');
      return shopperView(req, returnId);
    },
  });

  r.get('/api/v1/shopper/returns/:id/qr.svg', {
    schema: { tags, summary: 'The drop-off QR code of a return, as SVG', params: idParams },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(req, req.params.id);
      const label = await getReturnLabelData(ctx.db, req.params.id, { customerId });
      return reply.type('image/svg+xml').header('cache-control', 'private, no-store').send(qrCodeSvg(label.qrPayload));
    },
  });

  r.get('/api/v1/shopper/returns/:id/packing-slip', {
    schema: {
      tags,
      summary: 'The packing slip to put in the parcel (PDF, A4)',
      params: idParams,
      querystring: localeQuery,
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      const { customerId } = shopperOf(req);
      await ownReturn(req, req.params.id);
      const locale = await localeFor(ctx, req, req.query.locale);
      return sendPackingSlip(reply, await getPackingSlipData(ctx.db, req.params.id, locale, { customerId }));
    },
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

  r.post('/api/v1/shopper/returns/:id/dispute', {
    schema: {
      tags,
      summary: 'Dispute what was deducted from the refund: the return opens again for the shop to decide',
      params: idParams,
      body: z.strictObject({ message: z.string().trim().min(1).max(2000) }),
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      await ownReturn(req, req.params.id);
      return runCommand(req, reply, 200, (meta) =>
        disputeDeduction(ctx, meta, { returnId: req.params.id, message: req.body.message }),
      );
    },
  });

  r.post('/api/v1/shopper/returns/:id/cancel', {
    schema: { tags, summary: "Cancel the shopper's return while nothing has been shipped", params: idParams, body: noBody },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      await ownReturn(req, req.params.id);
      return runCommand(req, reply, 200, (meta) =>
        cancelReturn(ctx, meta, { returnId: req.params.id, reason: 'cancelled by shopper' }),
      );
    },
  });
}
