import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { listInspectionSettings } from '../../../../app/returns/backofficeQueries.js';
import { replaceChecklists, replaceDispositionRules } from '../../../../app/returns/inspection/updateInspectionRules.js';
import { DISPOSITIONS, GRADES } from '../../../../domain/returnLifecycle.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';

const categoryId = z.string().min(1).max(64).nullable().describe('null: every category');
const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'lower-case letters, digits and _');

/** How goods are judged at the station: disposition rules (grade × category) and checklists. */
export function inspectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inspection'];

  r.get('/api/v1/categories', {
    schema: { tags: ['products'], summary: 'Product categories (nested by parentId)' },
    config: { access: staff('catalog.read') },
    handler: async () => ({
      items: (await ctx.db.selectFrom('categories').select(['id', 'parent_id', 'code', 'name']).orderBy('name').execute()).map(
        (c) => ({ id: c.id, parentId: c.parent_id, code: c.code, name: c.name }),
      ),
    }),
  });

  r.get('/api/v1/inspection-settings', {
    schema: { tags, summary: 'Disposition rules and inspection checklists' },
    config: { access: staff('returns.read') },
    handler: () => listInspectionSettings(ctx.db),
  });

  r.put('/api/v1/disposition-rules', {
    schema: {
      tags,
      summary: 'Replace the disposition rules (grade × category → disposition, with the value it recovers)',
      body: z.strictObject({
        rules: z
          .array(
            z.strictObject({
              grade: z.enum(GRADES),
              categoryId,
              disposition: z.enum(DISPOSITIONS),
              recoveryBp: z.number().int().min(0).max(10_000).describe('Share of the paid price recovered, 0–10000'),
            }),
          )
          .min(1)
          .max(500),
      }),
    },
    config: { access: staff('dispositions.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => replaceDispositionRules(ctx, meta, req.body)),
  });

  r.put('/api/v1/inspection-checklists', {
    schema: {
      tags,
      summary: 'Replace the inspection checklists (one per category, one for all)',
      body: z.strictObject({
        checklists: z
          .array(
            z.strictObject({
              categoryId,
              items: z
                .array(
                  z.strictObject({
                    code,
                    labels: z
                      .record(z.string().regex(/^[a-z]{2}$/), z.string().trim().min(1).max(200))
                      .refine((l) => Object.keys(l).length > 0, 'at least one label'),
                  }),
                )
                .min(1)
                .max(30),
            }),
          )
          .min(1)
          .max(200),
      }),
    },
    config: { access: staff('dispositions.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => replaceChecklists(ctx, meta, req.body)),
  });
}
