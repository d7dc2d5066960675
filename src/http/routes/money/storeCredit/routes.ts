import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { adjustStoreCredit } from '../../../../app/money/storeCredit/adjustStoreCredit.js';
import { expireStoreCredit } from '../../../../app/money/storeCredit/expireStoreCredit.js';
import {
  captureStoreCreditHold,
  holdStoreCredit,
  redeemStoreCredit,
  releaseStoreCreditHold,
} from '../../../../app/money/storeCredit/redeemStoreCredit.js';
import { reverseStoreCreditEntry } from '../../../../app/money/storeCredit/reverseStoreCreditEntry.js';
import { customerStoreCredit, storeCreditByCode } from '../../../../app/money/storeCredit/storeCreditQueries.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, isoDateTime, reasonText } from '../../common.js';

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
const positive = z.number().int().min(1).max(100_000_000);
const codeParams = z.object({ code: z.string().min(1).max(40) });
const spend = z.strictObject({
  code: z.string().trim().min(1).max(40).describe('The code on the credit, as the shopper typed it'),
  amount: positive,
  currency,
  reference: z.string().trim().min(1).max(200).describe("The shop's order or checkout id"),
});

/** Store credit: the ledger for staff, and redemption for the shop's checkout (an API key). */
export function storeCreditRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['store credit'];

  r.get('/api/v1/customers/:id/store-credit', {
    schema: { tags, summary: "A customer's store credit per currency: balance, holds and every entry", params: idParams },
    config: { access: staff('credit.read') },
    handler: (req) => customerStoreCredit(ctx.db, req.params.id, ctx.now()),
  });

  r.post('/api/v1/customers/:id/store-credit/adjustments', {
    schema: {
      tags,
      summary: 'Give credit (goodwill) or correct it, with a reason',
      params: idParams,
      body: z.strictObject({
        kind: z.enum(['issue', 'adjust']).default('adjust'),
        amount: z
          .number()
          .int()
          .min(-100_000_000)
          .max(100_000_000)
          .refine((n) => n !== 0, 'not zero'),
        currency,
        note: reasonText,
        expiresAt: isoDateTime.nullish(),
      }),
    },
    config: { access: staff('credit.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        adjustStoreCredit(ctx, meta, {
          customerId: req.params.id,
          ...req.body,
          expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : null,
        }),
      ),
  });

  r.post('/api/v1/store-credit/entries/:id/reverse', {
    schema: { tags, summary: 'Undo one entry by a counter-entry', params: idParams, body: z.strictObject({ note: reasonText }) },
    config: { access: staff('credit.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) => reverseStoreCreditEntry(ctx, meta, { entryId: req.params.id, note: req.body.note })),
  });

  r.get('/api/v1/store-credit/codes/:code', {
    schema: { tags, summary: 'What a code can spend now (for the checkout)', params: codeParams },
    config: { access: staff('credit.redeem') },
    handler: (req) => storeCreditByCode(ctx.db, req.params.code, ctx.now()),
  });

  r.post('/api/v1/store-credit/redeem', {
    schema: { tags, summary: 'Spend credit at once (send an Idempotency-Key: a retry never spends twice)', body: spend },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => redeemStoreCredit(ctx, meta, req.body)),
  });

  r.post('/api/v1/store-credit/holds', {
    schema: {
      tags,
      summary: 'Set credit aside while the shopper pays the rest; capture or release it after',
      body: spend.extend({
        expiresInMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .optional(),
      }),
    },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => holdStoreCredit(ctx, meta, req.body)),
  });

  r.post('/api/v1/store-credit/holds/:id/capture', {
    schema: {
      tags,
      summary: 'Spend held credit (its amount or less); capturing again answers the first capture',
      params: idParams,
      body: z.strictObject({ amount: positive.optional() }).nullish(),
    },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        captureStoreCreditHold(ctx, meta, { holdId: req.params.id, amount: req.body?.amount }),
      ),
  });

  r.post('/api/v1/store-credit/holds/:id/release', {
    schema: { tags, summary: 'Give held credit back', params: idParams, body: z.strictObject({}).nullish() },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => releaseStoreCreditHold(ctx, meta, { holdId: req.params.id })),
  });

  r.post('/api/v1/store-credit/expire', {
    schema: { tags, summary: 'Run the expiry job now (it also runs every hour)', body: z.strictObject({}).nullish() },
    config: { access: staff('credit.manage'), idempotent: false },
    handler: () => expireStoreCredit(ctx),
  });
}
