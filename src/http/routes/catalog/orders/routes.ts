import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importOrder, importOrders, orderImportSchema } from '../../../../app/catalog/importOrders.js';
import { getOrderDetail, searchOrders } from '../../../../app/catalog/orders.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { cursorQuery, idParams, isoDateTime, limitQuery } from '../../common.js';

const searchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().min(1).max(254).optional(),
  customerId: z.string().max(64).optional(),
  placedFrom: isoDateTime.optional(),
  placedTo: isoDateTime.optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

/** Orders come from shops, marketplaces and stores; returns are always for an imported order. */
export function orderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['orders'];

  r.post('/api/v1/orders', {
    schema: { tags, summary: 'Import one order as JSON', body: orderImportSchema },
    config: { access: staff('orders.import') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => importOrder(ctx, meta, req.body)),
  });

  r.post('/api/v1/orders/batch', {
    schema: {
      tags,
      summary: 'Import up to 1,000 orders; each is accepted or rejected with a reason',
      body: z.strictObject({ orders: z.array(orderImportSchema).min(1).max(1000) }),
    },
    bodyLimit: 20 * 1024 * 1024,
    config: { access: staff('orders.import') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => importOrders(ctx, meta, req.body.orders)),
  });

  r.get('/api/v1/orders', {
    schema: { tags, summary: 'Search orders by number, e-mail, customer or date', querystring: searchQuery },
    config: { access: staff('orders.read') },
    handler: (req) => searchOrders(ctx.db, req.query),
  });

  r.get('/api/v1/orders/:id', {
    schema: { tags, summary: 'An order with its lines', params: idParams },
    config: { access: staff('orders.read') },
    handler: (req) => getOrderDetail(ctx.db, req.params.id),
  });
}
