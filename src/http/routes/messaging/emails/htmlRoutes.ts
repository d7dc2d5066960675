import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { getEmail } from '../../../../app/messaging/emails/emailQueries.js';
import { previewShopperEmail } from '../../../../app/messaging/emails/previewShopperEmail.js';
import { staff } from '../../../access.js';
import { EMAIL_HTML_CSP } from '../../../securityHeaders.js';
import { fileResponse, idParams } from '../../common.js';
import { previewQuery } from './schema.js';

/** An e-mail's HTML as a page of its own, for the back office's sandboxed frame: with a policy
 * of its own, so the back office's pages keep theirs without inline styles. */
function sendEmailHtml(reply: FastifyReply, html: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', EMAIL_HTML_CSP)
    .header('x-frame-options', 'SAMEORIGIN')
    .header('cache-control', 'private, no-store')
    .send(html);
}

/** The HTML of a sent e-mail and of a preview, each at its own address. */
export function emailHtmlRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['emails'];
  const read = staff('emails.read');

  r.get('/api/v1/emails/:id/html', {
    schema: {
      tags,
      summary: "An e-mail's HTML as sent, as a page to show in a sandboxed frame",
      params: idParams,
      response: { 200: fileResponse('text/html', "The e-mail's HTML") },
    },
    config: { access: read },
    handler: async (req, reply) => sendEmailHtml(reply, (await getEmail(ctx.db, req.params.id)).html ?? ''),
  });

  r.get('/api/v1/email-previews/html', {
    schema: {
      tags,
      summary: "A preview's HTML (see /api/v1/email-previews), as a page to show in a sandboxed frame",
      querystring: previewQuery,
      response: { 200: fileResponse('text/html', "The e-mail's HTML") },
    },
    config: { access: read },
    handler: async (req, reply) => sendEmailHtml(reply, (await previewShopperEmail(ctx, req.query)).html),
  });
}
