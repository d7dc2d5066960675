import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordStockMovement } from '../../../../app/catalog/recordStockMovement.js';
import { getStockLevels, listStockMovements } from '../../../../app/catalog/stock.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import {
  recordedStockMovement,
  stockLevels,
  stockLevelsQuery,
  stockMovementBody,
  stockMovementPage,
  stockMovementsQuery,
} from './schema.js';

/** The stock ledger: levels per variant, warehouse and condition, and the movements behind them. */
export function stockRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['stock'];

  r.get('/api/v1/stock', {
    schema: {
      tags,
      summary: 'On hand per variant, warehouse and condition (the sum of the ledger)',
      querystring: stockLevelsQuery,
      response: { 200: stockLevels },
    },
    config: { access: staff('stock.read') },
    handler: async (req) => ({ items: await getStockLevels(ctx.db, req.query) }),
  });

  r.get('/api/v1/stock/movements', {
    schema: {
      tags,
      summary: 'Stock movements, newest first',
      querystring: stockMovementsQuery,
      response: { 200: stockMovementPage },
    },
    config: { access: staff('stock.read') },
    handler: (req) => listStockMovements(ctx.db, req.query),
  });

  r.post('/api/v1/stock/movements', {
    schema: {
      tags,
      summary: 'Record a stock movement (opening stock, count, receipt, shipment, write-off)',
      body: stockMovementBody,
      response: { 201: recordedStockMovement },
    },
    config: { access: staff('stock.adjust') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => recordStockMovement(ctx, meta, req.body)),
  });
}
