import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/kernel/context.js';
import { eraseCustomer } from '../../../app/privacy/eraseCustomer.js';
import { erasureStatus } from '../../../app/privacy/erasureStatus.js';
import { staff } from '../../access.js';
import { runCommand } from '../../idempotencyHooks.js';
import { idParams } from '../common.js';
import { erasureAnswer, erasureBody, erasureStatusAnswer } from './erasureSchema.js';

/** A shopper's erasure request (GDPR Art. 17): whether it can be done now, and doing it. */
export function privacyErasureRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['privacy'];
  r.get('/api/v1/customers/:id/erasure', {
    schema: {
      tags,
      summary: 'Whether the customer was erased, or can be now, and what an erasure would take',
      params: idParams,
      response: { 200: erasureStatusAnswer },
    },
    config: { access: staff('privacy.manage') },
    handler: (req) => erasureStatus(ctx.db, req.params.id),
  });
  r.post('/api/v1/customers/:id/erasure', {
    schema: {
      tags,
      summary:
        "Erase the customer's personal data everywhere (every customer row with the same normalised e-mail), keeping amounts, dates and references for the bookkeeping; refused with 409 while returns are open or money is on its way; a second request answers already_erased",
      params: idParams,
      body: erasureBody,
      response: { 200: erasureAnswer },
    },
    config: { access: staff('privacy.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        eraseCustomer(ctx, meta, { customerId: req.params.id, confirmEmail: req.body.confirmEmail }),
      ),
  });
}
