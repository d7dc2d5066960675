import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getPortalShop } from '../../../../app/admin/portalShop.js';
import { listReasons } from '../../../../app/admin/settingsLists.js';
import { getShopSettingsCached } from '../../../../app/admin/shopSettings.js';
import { getOrderDetail } from '../../../../app/catalog/orders.js';
import { getExchangeOptions } from '../../../../app/exchanges/exchangeOptions.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { lookupOrder } from '../../../../app/returns/lookupOrder.js';
import { ShippingUnavailable } from '../../../../app/returns/shippingOffers.js';
import { recordSighting } from '../../../../app/risk/portalSightings.js';
import { RetourError } from '../../../../domain/errors.js';
import { pickupSlots } from '../../../../domain/pickupSlots.js';
import { publicAccess, shopperAccess } from '../../../access.js';
import { sendProblem } from '../../../problem.js';
import { reasonList } from '../../admin/reasons/schema.js';
import { orderDetail } from '../../catalog/orders/schema.js';
import { portalClient, reportSightingFailure } from './portalClient.js';
import * as s from './schema.js';
import { orderOf, shopperOf } from './scope.js';

const tags = ['shopper'];

/** What anyone may see or do before signing in: the shop, and looking up an order for a token. */
export function shopperLookupRoutes(app: FastifyInstance, ctx: AppContext, lookupLimit: number) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/shopper/shop', {
    schema: {
      tags,
      summary: "The shop's name, brand, languages, return address and stores, for the portal",
      response: { 200: s.portalShop },
    },
    config: { access: publicAccess },
    handler: () => getPortalShop(ctx.db),
  });

  r.post('/api/v1/shopper/lookup', {
    schema: {
      tags,
      summary: 'Find an order by number and e-mail or postcode; returns a short-lived order token',
      body: s.lookupBody,
      headers: s.portalDeviceHeaders,
      response: { 200: s.orderToken },
    },
    config: { access: publicAccess, rateLimit: { max: lookupLimit, timeWindow: '1 minute' } },
    handler: async (req) => {
      // Every lookup is seen (device and IP hashed): many orders tried from one device is a signal.
      const client = portalClient(req);
      const report = reportSightingFailure(req);
      const found = await lookupOrder(ctx, req.body).catch(async (error: unknown) => {
        if (error instanceof RetourError) await recordSighting(ctx, { kind: 'lookup_failed', orderId: null, client }, report);
        throw error;
      });
      await recordSighting(ctx, { kind: 'lookup', orderId: found.orderId, client }, report);
      const { token, expiresAt } = await ctx.shopperTokens.issue(found, ctx.now());
      return { token, expiresAt: expiresAt.toISOString(), orderId: found.orderId, orderNumber: found.orderNumber };
    },
  });
}

/** What the token's order offers: its lines, the reasons to give, exchanges and pickup slots. */
export function shopperOrderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/shopper/order', {
    schema: { tags, summary: 'The order the token belongs to', response: { 200: orderDetail } },
    config: { access: shopperAccess },
    handler: (req) => getOrderDetail(ctx.db, orderOf(req).orderId),
  });

  r.get('/api/v1/shopper/reasons', {
    schema: { tags, summary: 'Active return reasons', response: { 200: reasonList } },
    config: { access: shopperAccess },
    handler: () => listReasons(ctx.db, { activeOnly: true }),
  });

  r.get('/api/v1/shopper/exchange-options', {
    schema: {
      tags,
      summary: 'What a line can be exchanged for: other sizes and colours, other products, in stock only',
      querystring: s.exchangeOptionsQuery,
      response: { 200: s.exchangeOptions },
    },
    config: { access: shopperAccess },
    handler: (req) => getExchangeOptions(ctx.db, orderOf(req).orderId, req.query.orderLineId),
  });

  r.get('/api/v1/shopper/pickup-slots', {
    schema: {
      tags,
      summary: "Home pickup slots: the carrier's where it offers its own, else the next working days'",
      response: { 200: s.pickupSlots },
    },
    config: { access: shopperAccess },
    handler: async (req, reply) => {
      // A status link may ask too: it moves its return's pickup to one of these slots.
      const { orderId } = shopperOf(req);
      const settings = await getShopSettingsCached(ctx.caches, ctx.db);
      try {
        const carrierSlots = await ctx.shipping.pickupSlots(orderId);
        const slots = carrierSlots.length > 0 ? carrierSlots : pickupSlots(ctx.now(), settings.timezone);
        return { timeZone: settings.timezone, slots };
      } catch (err) {
        if (!(err instanceof ShippingUnavailable)) throw err;
        return sendProblem(reply, { status: 503, code: 'CARRIER_UNAVAILABLE', title: err.message, instance: req.url });
      }
    },
  });
}
