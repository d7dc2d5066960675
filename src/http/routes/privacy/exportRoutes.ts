import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/kernel/context.js';
import { exportShopperData } from '../../../app/privacy/exportShopperData.js';
import { staff } from '../../access.js';
import { exportOf } from '../../accessLogHook.js';
import { fileResponse, idParams } from '../common.js';
import { privacyExportQuery } from './exportSchema.js';

/** A shopper's access request: everything kept about them as one ZIP to hand over. */
export function privacyExportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/customers/:id/privacy-export', {
    schema: {
      tags: ['privacy'],
      summary:
        'Everything kept about the customer (and their other customer rows with the same normalised e-mail), as a ZIP: data.json with its schema, summary.html, summary.pdf, photos and labels (GDPR Art. 15 and 20)',
      params: idParams,
      querystring: privacyExportQuery,
      response: {
        200: fileResponse('application/zip', 'data.json, data.schema.json, summary.html, summary.pdf, photos/, labels/'),
      },
    },
    // Admin's alone, and each one recorded in the access log as an export about the customer.
    config: { access: staff('privacy.manage'), accessLog: exportOf('privacy.export', 'customer') },
    handler: async (req, reply) => {
      const bundle = await exportShopperData(
        ctx,
        { customerId: req.params.id },
        req.query.lang ? { language: req.query.lang } : {},
      );
      return sendZip(reply, bundle.zip, bundle.fileName);
    },
  });
}

/** A download of personal data: an attachment, never cached on the way. */
function sendZip(reply: FastifyReply, zip: Uint8Array, fileName: string) {
  return reply
    .header('content-type', 'application/zip')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
}
