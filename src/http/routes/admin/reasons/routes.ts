import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createReason } from '../../../../app/admin/createReason.js';
import { listReasons } from '../../../../app/admin/settingsLists.js';
import { updateReason } from '../../../../app/admin/updateReason.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import { createdReason, createReasonBody, reason, reasonList, updateReasonBody } from './schema.js';

/** The reason catalogue shoppers pick from: listed, added and changed (never deleted). */
export function reasonRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reasons'];
  r.get('/api/v1/reasons', {
    schema: { tags, summary: 'The reason catalogue (nested by parentCode)', response: { 200: reasonList } },
    config: { access: staff('reasons.read') },
    handler: () => listReasons(ctx.db),
  });
  r.post('/api/v1/reasons', {
    schema: { tags, summary: 'Add a reason', body: createReasonBody, response: { 201: createdReason } },
    config: { access: staff('reasons.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createReason(ctx, meta, req.body)),
  });
  r.patch('/api/v1/reasons/:id', {
    schema: {
      tags,
      summary: 'Change a reason (only the fields given); deactivate rather than delete',
      params: idParams,
      body: updateReasonBody,
      response: { 200: reason },
    },
    config: { access: staff('reasons.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updateReason(ctx, meta, { ...req.body, reasonId: req.params.id })),
  });
}
