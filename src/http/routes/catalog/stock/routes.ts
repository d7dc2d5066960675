import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MANUAL_STOCK_KINDS, recordStockMovement, STOCK_CONDITIONS } from '../../../../app/catalog/recordStockMovement.js';
import { getStockLevels, listStockMovements } from '../../../../app/catalog/stock.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { cursorQuery, limitQuery } from '../../common.js';

const id = z.string().trim().min(1).max(64);
const search = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('The start of a SKU, or a part of the item or product title (any case)');

/** The stock ledger: levels per variant, warehouse and condition, and the movements behind them. */
export function stockRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['stock'];

  r.get('/api/v1/stock', {
    schema: {
      tags,
      summary: 'On hand per variant, warehouse and condition (the sum of the ledger)',
      querystring: z.strictObject({
        q: search.optional(),
        variantId: id.optional(),
        sku: z.string().trim().min(1).max(100).optional().describe('One exact SKU'),
        warehouseId: id.optional(),
        condition: z.enum(STOCK_CONDITIONS).optional(),
      }),
    },
    config: { access: staff('stock.read') },
    handler: async (req) => ({ items: await getStockLevels(ctx.db, req.query) }),
  });

  r.get('/api/v1/stock/movements', {
    schema: {
      tags,
      summary: 'Stock movements, newest first',
      querystring: z.strictObject({
        q: search.optional(),
        variantId: id.optional(),
        sku: z.string().trim().min(1).max(100).optional().describe('One exact SKU'),
        warehouseId: id.optional(),
        cursor: cursorQuery,
        limit: limitQuery,
      }),
    },
    config: { access: staff('stock.read') },
    handler: (req) => listStockMovements(ctx.db, req.query),
  });

  r.post('/api/v1/stock/movements', {
    schema: {
      tags,
      summary: 'Record a stock movement (opening stock, count, receipt, shipment, write-off)',
      body: z.strictObject({
        variantId: id,
        warehouseId: id,
        condition: z.enum(STOCK_CONDITIONS).default('new'),
        quantity: z
          .number()
          .int()
          .min(-1_000_000)
          .max(1_000_000)
          .refine((q) => q !== 0, 'a movement moves something'),
        kind: z.enum(MANUAL_STOCK_KINDS),
        note: z.string().trim().max(500).nullish(),
      }),
    },
    config: { access: staff('stock.adjust') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => recordStockMovement(ctx, meta, req.body)),
  });
}
