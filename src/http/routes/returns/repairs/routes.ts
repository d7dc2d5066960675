import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { itemsOfReturn } from '../../../../app/returns/ofReturn.js';
import { repairOf, repairsOf } from '../../../../app/returns/repairs/listRepairs.js';
import { moveRepair } from '../../../../app/returns/repairs/stepRepair.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import * as s from './schema.js';

/** Repairs granted under the legal guarantee: they open when a line is granted a repair, start
 * when the item arrives, and end sent back repaired or replaced / refunded instead. */
export function repairRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['repairs'];

  r.get('/api/v1/returns/:id/repairs', {
    schema: { tags, summary: "A return's repairs under the legal guarantee", params: idParams, response: { 200: s.repairList } },
    config: { access: staff('returns.read') },
    handler: (req) => itemsOfReturn(ctx.db, req.params.id, repairsOf),
  });

  r.get('/api/v1/repairs/:id', {
    schema: { tags, summary: 'One repair', params: idParams, response: { 200: s.repair } },
    config: { access: staff('returns.read') },
    handler: (req) => repairOf(ctx.db, req.params.id),
  });

  r.post('/api/v1/repairs/:id/ship-back', {
    schema: {
      tags,
      summary: 'The item was repaired and sent back to the shopper: the line is settled',
      params: idParams,
      body: s.shipBackBody,
      response: { 200: s.repair },
    },
    config: { access: staff('exchanges.fulfil') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        moveRepair(ctx, meta, { repairId: req.params.id, action: 'ship_back', ...(req.body ?? {}) }),
      ),
  });

  r.post('/api/v1/repairs/:id/fail', {
    schema: {
      tags,
      summary: 'The item could not be repaired: the shopper gets a replacement (an exchange order) or a refund instead',
      params: idParams,
      body: s.failBody,
      response: { 200: s.repair },
    },
    config: { access: staff('returns.settle') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => moveRepair(ctx, meta, { repairId: req.params.id, action: 'fail', ...req.body })),
  });
}
