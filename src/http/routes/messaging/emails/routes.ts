import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { getEmail, listEmails } from '../../../../app/messaging/emails/emailQueries.js';
import { previewShopperEmail } from '../../../../app/messaging/emails/previewShopperEmail.js';
import { resendEmail } from '../../../../app/messaging/emails/resendEmail.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import { emailHtmlRoutes } from './htmlRoutes.js';
import { emailPage, emailPreview, emailView, listEmailsQuery, previewQuery, resendBody, resentEmail } from './schema.js';

/** The e-mails sent to shoppers (the local mailbox without SMTP), sending one again, and previews. */
export function emailRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['emails'];
  const read = staff('emails.read');

  r.get('/api/v1/emails', {
    schema: {
      tags,
      summary: 'E-mails to shoppers, newest first (of one return with returnId)',
      querystring: listEmailsQuery,
      response: { 200: emailPage },
    },
    config: { access: read },
    handler: (req) => listEmails(ctx.db, req.query),
  });

  r.get('/api/v1/email-previews', {
    schema: {
      tags,
      summary: 'An e-mail as a shopper would get it now: for a return (returnId) or a sample return',
      querystring: previewQuery,
      response: { 200: emailPreview },
    },
    config: { access: read },
    handler: (req) => previewShopperEmail(ctx, req.query),
  });

  r.get('/api/v1/emails/:id', {
    schema: {
      tags,
      summary: 'One e-mail with its subject, HTML and text as sent',
      params: idParams,
      response: { 200: emailView },
    },
    config: { access: read },
    handler: (req) => getEmail(ctx.db, req.params.id),
  });

  r.post('/api/v1/emails/:id/resend', {
    schema: {
      tags,
      summary: 'Send an e-mail again (the same message) with a fresh retry schedule',
      params: idParams,
      body: resendBody,
      response: { 200: resentEmail },
    },
    config: { access: staff('emails.resend') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => resendEmail(ctx, meta, req.params.id)),
  });

  emailHtmlRoutes(app, ctx);
}
