import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { adjustReturnMoney } from '../../../../app/money/adjustReturnMoney.js';
import { confirmManualSettlement } from '../../../../app/money/confirmManualSettlement.js';
import { listPaymentProviders } from '../../../../app/money/payments/paymentProviders.js';
import { savePaymentProvider } from '../../../../app/money/payments/savePaymentProvider.js';
import { listSettlements } from '../../../../app/money/settlementQueries.js';
import { reconcileSettlements } from '../../../../app/money/settlementRun.js';
import { settleReturn } from '../../../../app/money/settleReturn.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import * as s from './schema.js';

/** Money going back: settle a return, confirm a bank transfer, reconcile with the providers,
 * and the providers' credentials. */
export function settlementRoutes(app: FastifyInstance, ctx: AppContext, reconcileAfterMs: number) {
  returnMoneyRoutes(app, ctx, reconcileAfterMs);
  providerRoutes(app, ctx);
}

const tags = ['settlements'];

/** A return's money: settling it, adjusting it, its settlements, and repairing those left pending. */
function returnMoneyRoutes(app: FastifyInstance, ctx: AppContext, reconcileAfterMs: number) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/returns/:id/settle', {
    schema: {
      tags,
      summary: 'Refund or credit the approved lines as granted (through the payment provider; never twice)',
      params: idParams,
      body: s.settleBody,
      response: { 200: s.settleOutcome },
    },
    config: { access: staff('returns.settle') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => settleReturn(ctx, meta, { returnId: req.params.id, lineIds: req.body?.lineIds })),
  });

  r.post('/api/v1/returns/:id/adjustments', {
    schema: {
      tags,
      summary: 'Refund part of a line or add goodwill, with a reason (to the payment or as store credit)',
      params: idParams,
      body: s.adjustmentBody,
      response: { 201: s.settlement },
    },
    config: { access: staff('returns.settle') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) => adjustReturnMoney(ctx, meta, { returnId: req.params.id, ...req.body })),
  });

  r.get('/api/v1/returns/:id/settlements', {
    schema: {
      tags,
      summary: "A return's settlements with their breakdown and history",
      params: idParams,
      response: { 200: s.settlementList },
    },
    config: { access: staff('returns.read') },
    handler: (req) => listSettlements(ctx.db, req.params.id),
  });

  r.post('/api/v1/settlements/:id/confirm', {
    schema: {
      tags,
      summary: 'Confirm a refund made by bank transfer',
      params: idParams,
      body: s.confirmBody,
      response: { 200: s.settlement },
    },
    config: { access: staff('returns.settle') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        confirmManualSettlement(ctx, meta, { settlementId: req.params.id, reference: req.body.reference }),
      ),
  });

  r.post('/api/v1/settlements/reconcile', {
    schema: {
      tags,
      summary: 'Check pending provider settlements with the providers now',
      body: noBody,
      response: { 200: s.reconcileReport },
    },
    // Each run looks at the providers afresh: a stored answer would be stale.
    config: { access: staff('payments.manage'), idempotent: false },
    handler: () => reconcileSettlements(ctx, { olderThanMs: reconcileAfterMs }),
  });
}

/** The payment providers' credentials. */
function providerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/payment-providers', {
    schema: {
      tags,
      summary: 'The payment providers and whether each is set up (keys are never shown)',
      response: { 200: s.paymentProviderList },
    },
    config: { access: staff('payments.manage') },
    handler: () => listPaymentProviders(ctx),
  });

  r.put('/api/v1/payment-providers/:provider', {
    schema: {
      tags,
      summary: "Save a provider's API key (stored encrypted) or switch it on or off",
      params: s.providerParams,
      body: s.providerBody,
      response: { 200: s.paymentProvider },
    },
    config: { access: staff('payments.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => savePaymentProvider(ctx, meta, { provider: req.params.provider, ...req.body })),
  });
}
