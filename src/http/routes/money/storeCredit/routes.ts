import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { idParams, noBody } from '../../common.js';
import * as s from './schema.js';

/** Store credit: the ledger for staff, and redemption for the shop's checkout (an API key). */
export function storeCreditRoutes(app: FastifyInstance, ctx: AppContext) {
  ledgerRoutes(app, ctx);
  checkoutRoutes(app, ctx);
}

const tags = ['store credit'];

/** The ledger as staff see and correct it. */
function ledgerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/customers/:id/store-credit', {
    schema: {
      tags,
      summary: "A customer's store credit per currency: balance, holds and every entry",
      params: idParams,
      response: { 200: s.customerCredit },
    },
    config: { access: staff('credit.read') },
    handler: (req) => customerStoreCredit(ctx.db, req.params.id, ctx.now()),
  });

  r.post('/api/v1/customers/:id/store-credit/adjustments', {
    schema: {
      tags,
      summary: 'Give credit (goodwill) or correct it, with a reason',
      params: idParams,
      body: s.adjustCreditBody,
      response: { 201: s.creditAdjusted },
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
    schema: {
      tags,
      summary: 'Undo one entry by a counter-entry',
      params: idParams,
      body: s.reverseEntryBody,
      response: { 201: s.entryReversed },
    },
    config: { access: staff('credit.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) => reverseStoreCreditEntry(ctx, meta, { entryId: req.params.id, note: req.body.note })),
  });

  r.post('/api/v1/store-credit/expire', {
    schema: {
      tags,
      summary: 'Run the expiry job now (it also runs every hour)',
      body: noBody,
      response: { 200: s.expiryReport },
    },
    config: { access: staff('credit.manage'), idempotent: false },
    handler: () => expireStoreCredit(ctx),
  });
}

/** Spending credit at the shop's checkout: at once, or held while the shopper pays the rest. */
function checkoutRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/store-credit/codes/:code', {
    schema: {
      tags,
      summary: 'What a code can spend now (for the checkout)',
      params: s.codeParams,
      response: { 200: s.codeCredit },
    },
    config: { access: staff('credit.redeem') },
    handler: (req) => storeCreditByCode(ctx.db, req.params.code, ctx.now()),
  });

  r.post('/api/v1/store-credit/redeem', {
    schema: {
      tags,
      summary: 'Spend credit at once (send an Idempotency-Key: a retry never spends twice)',
      body: s.spendBody,
      response: { 201: s.creditRedeemed },
    },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => redeemStoreCredit(ctx, meta, req.body)),
  });

  r.post('/api/v1/store-credit/holds', {
    schema: {
      tags,
      summary: 'Set credit aside while the shopper pays the rest; capture or release it after',
      body: s.holdBody,
      response: { 201: s.creditHeld },
    },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => holdStoreCredit(ctx, meta, req.body)),
  });

  r.post('/api/v1/store-credit/holds/:id/capture', {
    schema: {
      tags,
      summary: 'Spend held credit (its amount or less); capturing again answers the first capture',
      params: idParams,
      body: s.captureBody,
      response: { 200: s.holdCaptured },
    },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        captureStoreCreditHold(ctx, meta, { holdId: req.params.id, amount: req.body?.amount }),
      ),
  });

  r.post('/api/v1/store-credit/holds/:id/release', {
    schema: {
      tags,
      summary: 'Give held credit back',
      params: idParams,
      body: noBody,
      response: { 200: s.holdReleased },
    },
    config: { access: staff('credit.redeem') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => releaseStoreCreditHold(ctx, meta, { holdId: req.params.id })),
  });
}
