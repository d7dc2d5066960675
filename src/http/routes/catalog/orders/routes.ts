import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { importOrder, importOrders } from '../../../../app/catalog/importOrders.js';
import { getOrderDetail, searchOrders } from '../../../../app/catalog/orders.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import {
  importedOrder,
  importedOrders,
  importOrderBody,
  importOrdersBody,
  orderDetail,
  orderPage,
  searchOrdersQuery,
} from './schema.js';

/** Orders come from shops, marketplaces and stores; returns are always for an imported order. */
export function orderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['orders'];

  r.post('/api/v1/orders', {
    schema: { tags, summary: 'Import one order as JSON', body: importOrderBody, response: { 201: importedOrder } },
    config: { access: staff('orders.import') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => importOrder(ctx, meta, req.body)),
  });

  r.post('/api/v1/orders/batch', {
    schema: {
      tags,
      summary: 'Import up to 1,000 orders; each is accepted or rejected with a reason',
      body: importOrdersBody,
      response: { 200: importedOrders },
    },
    bodyLimit: 20 * 1024 * 1024,
    config: { access: staff('orders.import') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => importOrders(ctx, meta, req.body.orders)),
  });

  r.get('/api/v1/orders', {
    schema: {
      tags,
      summary: 'Search orders by number, e-mail, customer or date',
      querystring: searchOrdersQuery,
      response: { 200: orderPage },
    },
    config: { access: staff('orders.read') },
    handler: (req) => searchOrders(ctx.db, req.query),
  });

  r.get('/api/v1/orders/:id', {
    schema: { tags, summary: 'An order with its lines', params: idParams, response: { 200: orderDetail } },
    config: { access: staff('orders.read') },
    handler: (req) => getOrderDetail(ctx.db, req.params.id),
  });
}
