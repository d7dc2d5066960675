import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { counterReceiptIn } from '../../../../app/stores/counterReceipt.js';
import { counterSetup } from '../../../../app/stores/counterSetup.js';
import { assignedStoreOf } from '../../../../app/stores/counterStore.js';
import { findAtCounter } from '../../../../app/stores/findAtCounter.js';
import { storeReceiptDocument } from '../../../../app/stores/receiptDocument.js';
import { takeBackAtCounter } from '../../../../app/stores/takeBackAtCounter.js';
import { renderStoreReceipt } from '../../../../integrations/labels/storeReceipt.js';
import { staff } from '../../../access.js';
import { actorOf, runCommand } from '../../../idempotencyHooks.js';
import { fileResponse, idParams } from '../../common.js';
import * as s from './schema.js';

const pdfUrl = (returnId: string) => `/api/v1/store-counter/returns/${returnId}/receipt.pdf`;

/** The store counter and the till: returns taken back in person. A store's staff and its till (an
 * API key of role `store`) work at their own store only. */
export function storeCounterRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['store counter'];
  const access = staff('store.returns');
  // A store's account sees only its own store's receipts.
  const ownStore = (req: FastifyRequest) => assignedStoreOf(ctx.db, actorOf(req));

  r.get('/api/v1/store-counter', {
    schema: {
      tags,
      summary: "The counter's store, the shop's reasons, grades and dispositions",
      response: { 200: s.counterSetup },
    },
    config: { access },
    handler: (req) => counterSetup(ctx.db, actorOf(req)),
  });

  r.get('/api/v1/store-counter/find', {
    schema: {
      tags,
      summary: "Find an order by its number, the shopper's e-mail or a return's QR code, with its returns awaiting goods",
      querystring: s.findQuery,
      response: { 200: s.findAnswer },
    },
    config: { access },
    handler: (req) => findAtCounter(ctx.db, req.query.q),
  });

  r.post('/api/v1/store-counter/returns', {
    schema: {
      tags,
      summary: 'Take a return back: receive, grade and refund it in one call (Idempotency-Key required)',
      description:
        'Makes a new return at the counter (judged by the policy) or takes one requested before that still awaits its goods (else 409), receives the items listed at once (only those: a line left at home stays expected and unpaid), grades them, puts them in the store’s stock and starts the money (original payment or store credit). A repeat with the same Idempotency-Key answers the same and never refunds twice.',
      body: s.takeBackBody,
      response: { 201: s.takeBackAnswer },
    },
    config: { access },
    handler: (req, reply) =>
      runCommand(
        req,
        reply,
        201,
        (meta) => takeBackAtCounter(ctx, meta, req.body),
        (result) => ({ ...result, receipt: { ...result.receipt, pdfUrl: pdfUrl(result.returnId) } }),
      ),
  });

  r.get('/api/v1/store-counter/returns/:id/receipt', {
    schema: {
      tags,
      summary: 'The receipt of a return taken back at the counter',
      params: idParams,
      response: { 200: s.receipt },
    },
    config: { access },
    handler: async (req) => {
      const receipt = await counterReceiptIn(ctx.db, req.params.id, { storeId: await ownStore(req) });
      return { ...receipt, pdfUrl: pdfUrl(req.params.id) };
    },
  });

  r.get('/api/v1/store-counter/returns/:id/receipt.pdf', {
    schema: {
      tags,
      summary: 'The receipt of a return taken back at the counter, as a PDF for a till printer (80 mm)',
      params: idParams,
      querystring: s.receiptQuery,
      response: { 200: fileResponse('application/pdf', 'The receipt') },
    },
    config: { access },
    handler: async (req, reply) => {
      const data = await storeReceiptDocument(ctx.db, req.params.id, { storeId: await ownStore(req), locale: req.query.locale });
      return sendReceipt(reply, await renderStoreReceipt(data), data.returnNumber);
    },
  });
}

/** A receipt opens in the browser to print; like every document about a return it is never cached. */
function sendReceipt(reply: FastifyReply, pdf: Buffer, returnNumber: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="receipt-${returnNumber}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}
