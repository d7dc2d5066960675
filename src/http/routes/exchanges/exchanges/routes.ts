import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { cancelExchangeOrder } from '../../../../app/exchanges/cancelExchangeOrder.js';
import { confirmExchangePayment } from '../../../../app/exchanges/confirmExchangePayment.js';
import { exchangeOrdersOf, getExchangeOrder, listExchangeOrders } from '../../../../app/exchanges/exchangeOrderQueries.js';
import { exchangeRound } from '../../../../app/exchanges/exchangeRound.js';
import { refreshExchangePayment } from '../../../../app/exchanges/refreshExchangePayment.js';
import { shipExchangeOrder } from '../../../../app/exchanges/shipExchangeOrder.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { itemsOfReturn } from '../../../../app/returns/ofReturn.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import * as s from './schema.js';

/** Exchange orders: what the shop sends out instead of money. The shop's fulfilment lists the
 * ready ones and reports them shipped; staff confirm payments and call exchanges off. */
export function exchangeRoutes(app: FastifyInstance, ctx: AppContext) {
  fulfilmentRoutes(app, ctx);
  exchangeMoneyRoutes(app, ctx);
}

const tags = ['exchanges'];

/** What to ship and what was shipped. */
function fulfilmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/exchange-orders', {
    schema: {
      tags,
      summary: 'Exchange orders, oldest first (status=ready: what to ship now)',
      querystring: s.listExchangeOrdersQuery,
      response: { 200: s.exchangeOrderPage },
    },
    config: { access: staff('exchanges.read') },
    handler: (req) => listExchangeOrders(ctx.db, req.query),
  });

  r.get('/api/v1/exchange-orders/:id', {
    schema: { tags, summary: 'One exchange order', params: idParams, response: { 200: s.exchangeOrder } },
    config: { access: staff('exchanges.read') },
    handler: (req) => getExchangeOrder(ctx.db, req.params.id),
  });

  r.get('/api/v1/returns/:id/exchange-orders', {
    schema: { tags, summary: "A return's exchange orders", params: idParams, response: { 200: s.exchangeOrderList } },
    config: { access: staff('exchanges.read') },
    handler: (req) => itemsOfReturn(ctx.db, req.params.id, exchangeOrdersOf),
  });

  r.post('/api/v1/exchange-orders/:id/ship', {
    schema: {
      tags,
      summary: 'The new items were sent: take them out of stock and settle the lines',
      params: idParams,
      body: s.shipBody,
      response: { 200: s.exchangeOrder },
    },
    config: { access: staff('exchanges.fulfil') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        shipExchangeOrder(ctx, meta, { exchangeOrderId: req.params.id, ...(req.body ?? {}) }),
      ),
  });
}

/** The price difference, calling an exchange off, and the round that follows payments up. */
function exchangeMoneyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/exchange-orders/:id/payment', {
    schema: {
      tags,
      summary: 'Confirm the price difference was paid outside a payment link',
      params: idParams,
      body: s.confirmPaymentBody,
      response: { 200: s.exchangeOrder },
    },
    config: { access: staff('returns.settle') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        confirmExchangePayment(ctx, meta, { exchangeOrderId: req.params.id, reference: req.body.reference }),
      ),
  });

  r.post('/api/v1/exchange-orders/:id/check-payment', {
    schema: {
      tags,
      summary: 'Ask the provider now whether the payment link was paid',
      params: idParams,
      body: noBody,
      response: { 200: s.exchangeOrder },
    },
    // Each check asks the provider afresh: a stored answer would be stale.
    config: { access: staff('returns.settle'), idempotent: false },
    handler: (req) => refreshExchangePayment(ctx, req.params.id),
  });

  r.post('/api/v1/exchange-orders/:id/cancel', {
    schema: {
      tags,
      summary: 'Call an exchange off: its stock is free again and its lines are refunded or credited instead',
      params: idParams,
      body: s.cancelBody,
      response: { 200: s.exchangeOrder },
    },
    config: { access: staff('returns.settle') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => cancelExchangeOrder(ctx, meta, { exchangeOrderId: req.params.id, ...req.body })),
  });

  r.post('/api/v1/exchange-orders/run', {
    schema: {
      tags,
      summary: 'Run the exchange round now: payment links, payments, overdue instant exchanges',
      body: noBody,
      response: { 200: s.exchangeRoundReport },
    },
    config: { access: staff('returns.settle'), idempotent: false },
    handler: () => exchangeRound(ctx),
  });
}
