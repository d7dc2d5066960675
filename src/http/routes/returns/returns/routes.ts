import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext, CommandMeta } from '../../../../app/kernel/context.js';
import { carrierDocumentOfReturn, carrierLabelFollows } from '../../../../app/logistics/shipments/shipmentQueries.js';
import { recordSettlement } from '../../../../app/money/recordSettlement.js';
import { approveLines } from '../../../../app/returns/approveLines.js';
import { cancelReturn } from '../../../../app/returns/cancelReturn.js';
import { closeReturn } from '../../../../app/returns/closeReturn.js';
import { expireReturn } from '../../../../app/returns/expireReturn.js';
import { holdReturn } from '../../../../app/returns/holdReturn.js';
import { inspectLines } from '../../../../app/returns/inspection/inspectLines.js';
import { receiveLines } from '../../../../app/returns/inspection/receiveLines.js';
import { listReturns } from '../../../../app/returns/listReturns.js';
import { markInTransit } from '../../../../app/returns/markInTransit.js';
import { markLost } from '../../../../app/returns/markLost.js';
import { rejectLines } from '../../../../app/returns/rejectLines.js';
import { releaseReturn } from '../../../../app/returns/releaseReturn.js';
import { requestReturn } from '../../../../app/returns/requestReturn.js';
import { resolveReturn } from '../../../../app/returns/resolveReturn.js';
import { getReturnLabelData } from '../../../../app/returns/returnLabel.js';
import { getReturnDetail } from '../../../../app/views/returnDetail.js';
import type { Permission } from '../../../../domain/access.js';
import { staff } from '../../../access.js';
import { viewOf } from '../../../accessLogHook.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import { sendShipmentDocument } from '../../logistics/shipments/routes.js';
import { labelResponse } from '../../logistics/shipments/schema.js';
import { answerLabelFollows, sendLabel } from '../labels.js';
import * as s from './schema.js';

const tags = ['returns'];

/** Staff and integration routes for returns: create, list, read, and one route per transition. */
export function returnRoutes(app: FastifyInstance, ctx: AppContext) {
  returnReadRoutes(app, ctx);
  returnTransitionRoutes(app, ctx);
}

/** Opening a return, and reading returns: the list, one return, its label. */
function returnReadRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/returns', {
    schema: {
      tags,
      summary: 'Open a return for lines of an order (agent or integration)',
      body: s.createReturnBody,
      response: { 201: s.requestedReturn },
    },
    config: { access: staff('returns.create') },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        requestReturn(ctx, meta, { ...req.body, source: meta.actor.type === 'api_key' ? 'api' : 'agent' }),
      ),
  });

  r.get('/api/v1/returns', {
    schema: {
      tags,
      summary: 'List returns with filters, newest first, cursor-paginated',
      querystring: s.listReturnsQuery,
      response: { 200: s.returnPage },
    },
    config: { access: staff('returns.read') },
    handler: (req) => listReturns(ctx.db, req.query, ctx.now()),
  });

  r.get('/api/v1/returns/:id', {
    schema: {
      tags,
      summary: 'A return with its lines, settlements and timeline',
      params: idParams,
      response: { 200: s.returnDetail },
    },
    config: { access: staff('returns.read'), accessLog: viewOf('return') },
    handler: (req) => getReturnDetail(ctx.db, req.params.id, { now: ctx.now() }),
  });

  r.get('/api/v1/returns/:id/label', {
    schema: {
      tags,
      summary: "The return label: the carrier's (PDF or ZPL) once booked, else Retour's own (PDF, A6)",
      params: idParams,
      response: { 200: labelResponse },
    },
    config: { access: staff('returns.read') },
    handler: async (req, reply) => {
      const carrierLabel = await carrierDocumentOfReturn(ctx.db, req.params.id, 'label');
      if (carrierLabel) return sendShipmentDocument(reply, carrierLabel);
      if (await carrierLabelFollows(ctx.db, req.params.id)) return answerLabelFollows(req, reply);
      return sendLabel(reply, await getReturnLabelData(ctx.db, ctx.caches, req.params.id));
    },
  });
}

/** One route per lifecycle transition; each answers 409 ILLEGAL_TRANSITION when the state forbids it. */
function returnTransitionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const transition = <B extends z.ZodType>(
    path: string,
    summary: string,
    permission: Permission,
    body: B,
    run: (meta: CommandMeta, id: string, body: z.output<B>) => Promise<unknown>,
    answer: z.ZodType = s.transitionOutcome,
  ) =>
    r.post(`/api/v1/returns/:id/${path}`, {
      schema: { tags, summary, params: idParams, body, response: { 200: answer } },
      config: { access: staff(permission) },
      handler: (req: FastifyRequest<{ Params: { id: string }; Body: z.output<B> }>, reply: FastifyReply) =>
        runCommand(req, reply, 200, (meta) => run(meta, req.params.id, req.body as z.output<B>)),
    });

  transition('approve', 'Approve lines', 'returns.review', s.approveBody, (m, id, b) =>
    approveLines(ctx, m, { returnId: id, lines: b.lines }),
  );
  transition('reject', 'Reject lines with a reason', 'returns.review', s.rejectBody, (m, id, b) =>
    rejectLines(ctx, m, { returnId: id, lines: b.lines }),
  );
  transition('cancel', 'Cancel before anything was received or paid', 'returns.review', s.optionalReasonBody, (m, id, b) =>
    cancelReturn(ctx, m, { returnId: id, reason: b?.reason }),
  );
  transition('hold', 'Put on hold with a reason', 'returns.hold', s.holdBody, (m, id, b) =>
    holdReturn(ctx, m, { returnId: id, reason: b.reason }),
  );
  transition('release', 'Release every hold', 'returns.hold', s.optionalReasonBody, (m, id, b) =>
    releaseReturn(ctx, m, { returnId: id, reason: b?.reason }),
  );
  transition('in-transit', 'Mark the parcel in transit', 'returns.receive', s.inTransitBody, (m, id, b) =>
    markInTransit(ctx, m, { returnId: id, trackingNumber: b?.trackingNumber }),
  );
  transition('receive', 'Record what arrived per line', 'returns.receive', s.receiveBody, (m, id, b) =>
    receiveLines(ctx, m, { returnId: id, lines: b.lines, extras: b.extras }),
  );
  transition('inspect', 'Grade lines and set their disposition', 'returns.inspect', s.inspectBody, (m, id, b) =>
    inspectLines(ctx, m, { returnId: id, warehouseId: b.warehouseId, lines: b.lines }),
  );
  transition(
    'settlements',
    'Record a manual settlement',
    'returns.settle',
    s.settlementBody,
    (m, id, b) => recordSettlement(ctx, m, { returnId: id, ...b }),
    s.recordedSettlement,
  );
  transition('resolve', 'Resolve (after inspection, or returnless)', 'returns.close', s.resolveBody, (m, id, b) =>
    resolveReturn(ctx, m, { returnId: id, returnless: b?.returnless }),
  );
  transition('close', 'Close a resolved or lost return', 'returns.close', s.emptyBody, (m, id) =>
    closeReturn(ctx, m, { returnId: id }),
  );
  transition('expire', 'Expire an approved return past its ship-by date', 'returns.close', s.emptyBody, (m, id) =>
    expireReturn(ctx, m, { returnId: id }),
  );
  transition('lost', 'Mark the parcel lost by the carrier', 'returns.receive', s.optionalReasonBody, (m, id, b) =>
    markLost(ctx, m, { returnId: id, reason: b?.reason }),
  );
}
