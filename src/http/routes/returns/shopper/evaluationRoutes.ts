import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getShopSettingsCached } from '../../../../app/admin/shopSettings.js';
import { priceExchangeChoices } from '../../../../app/exchanges/exchangeOptions.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { evaluateOrderPolicy } from '../../../../app/policy/evaluateOrder.js';
import { methodsOnOffer, needsServicePoint, type OrderShipping } from '../../../../app/returns/shippingOffers.js';
import type { ReturnMethod } from '../../../../domain/policy/document.js';
import { shopperAccess } from '../../../access.js';
import { localeFor } from '../../../shopperLocale.js';
import { localeQuery, shopperEvaluationBody } from '../../policy/policies/schema.js';
import * as s from './schema.js';
import { orderOf } from './scope.js';

/** Shoppers see what was decided and why, not the shop's internal rule ids or unpublished rules. */
function presentForShopper(result: Awaited<ReturnType<typeof evaluateOrderPolicy>>, shipping: OrderShipping) {
  const { verdict } = result;
  // Only what the shop's carriers carry to the shopper's country (all of it where none is mapped).
  const onOffer = (method: ReturnMethod) => methodsOnOffer([{ method }], shipping).length > 0;
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
    methods: methodsOnOffer(verdict.methods, shipping).map((m) => ({
      method: m.method,
      fee: m.fee,
      waived: m.waived,
      byCarrier: shipping.carried?.some((c) => c.method === m.method) ?? false,
      needsServicePoint: needsServicePoint(m.method, shipping),
    })),
    method: verdict.method && onOffer(verdict.method) ? verdict.method : null,
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
      methods: l.methods.filter(onOffer),
      value: l.value,
      restockingFee: l.restockingFee,
      bonus: l.bonus,
      keepItem: l.keepItem,
      photoRequired: l.photoRequired,
      reasons: l.reasons.map(reason),
    })),
  };
}

/** What may come back from the token's order and at what cost: the portal asks first what may
 * come back, then again with the shopper's choices for the fees. */
export function shopperEvaluationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['shopper'];

  r.get('/api/v1/shopper/policy-evaluation', {
    schema: {
      tags,
      summary: "What may come back from the token's order, until when, how, and at what cost, in plain words",
      querystring: localeQuery,
      response: { 200: s.shopperEvaluation },
    },
    config: { access: shopperAccess },
    handler: async (req) => {
      const { orderId } = orderOf(req);
      const result = await evaluateOrderPolicy(ctx, { orderId, locale: await localeFor(ctx, req, req.query.locale) });
      return presentForShopper(result, await ctx.shipping.forOrder(orderId));
    },
  });

  r.post('/api/v1/shopper/policy-evaluation', {
    schema: {
      tags,
      summary: 'The same for chosen lines, reasons, resolutions and method: every fee before confirming',
      body: shopperEvaluationBody,
      response: { 200: s.pricedShopperEvaluation },
    },
    config: { access: shopperAccess, idempotent: false },
    handler: async (req) => {
      const { orderId } = orderOf(req);
      const result = await evaluateOrderPolicy(ctx, {
        orderId,
        selection: req.body?.selection,
        locale: await localeFor(ctx, req, req.body?.locale),
      });
      const presented = presentForShopper(result, await ctx.shipping.forOrder(orderId));
      const priced = await priceExchangeChoices(
        ctx.db,
        presented.currency,
        (req.body?.selection?.lines ?? []).filter((l) => l.resolution === 'exchange'),
        (id) => {
          const line = result.verdict.lines.find((l) => l.orderLineId === id);
          // The bonus as the line's verdict gives it to an exchange (none for a line that cannot come back).
          return { value: line?.value ?? 0, bonusTerms: line?.bonusTerms.exchange ?? null };
        },
        (await getShopSettingsCached(ctx.caches, ctx.db)).exchangeSurplus,
      );
      // What the exchange order will ask (or give back), the exchange bonus taken off.
      return { ...presented, exchanges: priced.exchanges, exchangeDifference: priced.difference, exchangeBonus: priced.bonus };
    },
  });
}
