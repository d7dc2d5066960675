import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listCategories } from '../../../../app/catalog/catalogQueries.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { listInspectionSettings } from '../../../../app/returns/backofficeQueries.js';
import { replaceChecklists, replaceDispositionRules } from '../../../../app/returns/inspection/updateInspectionRules.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import * as s from './schema.js';

/** How goods are judged at the station: disposition rules (grade × category) and checklists. */
export function inspectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inspection'];

  r.get('/api/v1/categories', {
    schema: { tags: ['products'], summary: 'Product categories (nested by parentId)', response: { 200: s.categoryList } },
    config: { access: staff('catalog.read') },
    handler: () => listCategories(ctx.db),
  });

  r.get('/api/v1/inspection-settings', {
    schema: { tags, summary: 'Disposition rules and inspection checklists', response: { 200: s.inspectionSettings } },
    config: { access: staff('returns.read') },
    handler: () => listInspectionSettings(ctx.db),
  });

  r.put('/api/v1/disposition-rules', {
    schema: {
      tags,
      summary: 'Replace the disposition rules (grade × category → disposition, with the value it recovers)',
      body: s.dispositionRulesBody,
      response: { 200: s.dispositionRulesReplaced },
    },
    config: { access: staff('dispositions.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => replaceDispositionRules(ctx, meta, req.body)),
  });

  r.put('/api/v1/inspection-checklists', {
    schema: {
      tags,
      summary: 'Replace the inspection checklists (one per category, one for all)',
      body: s.checklistsBody,
      response: { 200: s.checklistsReplaced },
    },
    config: { access: staff('dispositions.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => replaceChecklists(ctx, meta, req.body)),
  });
}
