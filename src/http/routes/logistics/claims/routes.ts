import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { claimableParcels } from '../../../../app/logistics/claims/claimableParcels.js';
import { claimsOfReturn, listClaims } from '../../../../app/logistics/claims/claimLists.js';
import { claimSettings, updateClaimSettings } from '../../../../app/logistics/claims/claimSettings.js';
import { claimOf } from '../../../../app/logistics/claims/claimViews.js';
import { openClaim } from '../../../../app/logistics/claims/openClaim.js';
import { type ClaimStepInput, stepClaim } from '../../../../app/logistics/claims/stepClaim.js';
import { refundShopperForClaim } from '../../../../app/money/refundShopperForClaim.js';
import { itemsOfReturn } from '../../../../app/returns/ofReturn.js';
import type { Permission } from '../../../../domain/access.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import * as s from './schema.js';

/** Claims with carriers for parcels lost, damaged or sent back on the way, and when a parcel that
 * stopped moving counts as lost. */
export function claimRoutes(app: FastifyInstance, ctx: AppContext) {
  claimReadRoutes(app, ctx);
  claimCommandRoutes(app, ctx);
}

const tags = ['claims'];

function claimReadRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/claims', {
    schema: {
      tags,
      summary: 'Claims with carriers, newest first, by status and carrier, with their totals',
      querystring: s.listQuery,
      response: { 200: s.claimPage },
    },
    config: { access: staff('returns.read') },
    handler: (req) => listClaims(ctx.db, req.query),
  });

  r.get('/api/v1/claims/settings', {
    schema: { tags, summary: 'When a parcel without tracking news counts as lost', response: { 200: s.settings } },
    config: { access: staff('settings.read') },
    handler: () => claimSettings(ctx.db),
  });

  r.get('/api/v1/claims/:id', {
    schema: { tags, summary: 'One claim with its history', params: idParams, response: { 200: s.claimDetail } },
    config: { access: staff('returns.read') },
    handler: (req) => claimOf(ctx.db, req.params.id),
  });

  r.get('/api/v1/returns/:id/claims', {
    schema: {
      tags,
      summary: "A return's claims, and its parcels with what a claim for each asks by default",
      params: idParams,
      response: { 200: s.returnClaims },
    },
    config: { access: staff('returns.read') },
    handler: async (req) => {
      const { items } = await itemsOfReturn(ctx.db, req.params.id, claimsOfReturn);
      return { items, parcels: await claimableParcels(ctx.db, req.params.id) };
    },
  });
}

/** Opening a claim, its steps, paying the shopper, and the stalled-parcel setting. */
function claimCommandRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/returns/:id/claims', {
    schema: {
      tags,
      summary: 'Open a claim with the carrier for a parcel of the return (one per parcel)',
      params: idParams,
      body: s.openBody,
      response: { 201: s.claimDetail },
    },
    config: { access: staff('claims.file') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) => openClaim(ctx, meta, { returnId: req.params.id, ...req.body })),
  });

  const step = <B>(
    path: string,
    summary: string,
    permission: Permission,
    body: import('zod').ZodType<B>,
    input: (id: string, body: B) => ClaimStepInput,
  ) =>
    r.post(`/api/v1/claims/:id/${path}`, {
      schema: { tags, summary, params: idParams, body, response: { 200: s.claimDetail } },
      config: { access: staff(permission) },
      handler: (req, reply) => runCommand(req, reply, 200, (meta) => stepClaim(ctx, meta, input(req.params.id, req.body as B))),
    });
  step(
    'submit',
    "Record that the claim was filed with the carrier, under the carrier's reference",
    'claims.file',
    s.submitBody,
    (id, b) => ({
      claimId: id,
      step: 'submit',
      ...b,
    }),
  );
  step('accept', 'Record that the carrier accepted the claim and what it pays', 'claims.decide', s.acceptBody, (id, b) => ({
    claimId: id,
    step: 'accept',
    ...b,
  }));
  step('reject', 'Record that the carrier refused the claim, or drop it', 'claims.decide', s.rejectBody, (id, b) => ({
    claimId: id,
    step: 'reject',
    ...b,
  }));
  step('notes', 'Add a note to the claim', 'claims.file', s.noteBody, (id, b) => ({ claimId: id, step: 'note', ...b }));

  r.put('/api/v1/claims/settings', {
    schema: {
      tags,
      summary: 'Set the working days without tracking news after which a parcel is flagged as lost',
      body: s.settingsBody,
      response: { 200: s.settings },
    },
    config: { access: staff('settings.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => updateClaimSettings(ctx, meta, req.body)),
  });

  r.post('/api/v1/claims/:id/refund-shopper', {
    schema: {
      tags,
      summary:
        "Pay the shopper as if the parcel had arrived (the shop's label, the shop's risk); a lost parcel's return is marked lost",
      params: idParams,
      body: noBody,
      response: { 200: s.shopperRefund },
    },
    config: { access: staff('returns.settle') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => refundShopperForClaim(ctx, meta, { claimId: req.params.id })),
  });
}
