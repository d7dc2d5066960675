import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { latestRetentionRuns } from '../../../../app/privacy/retentionRuns.js';
import { getRetentionPeriods, setRetentionPeriods } from '../../../../app/privacy/retentionSettings.js';
import { DEFAULT_RETENTION, RETENTION_LIMITS } from '../../../../domain/privacy/retention.js';
import { publicAccess, staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { publicRetention, retentionPatch, retentionPeriods, retentionSettings } from './schema.js';

/** How long the shop keeps photos, e-mails, closed returns' personal data and logs; the runs of the
 * round that enforces it; and what the portal's policy page says of it. */
export function retentionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  const answer = async () => ({
    periods: await getRetentionPeriods(ctx.db),
    defaults: DEFAULT_RETENTION,
    limits: RETENTION_LIMITS,
    runs: await latestRetentionRuns(ctx.db),
  });

  r.get('/api/v1/settings/retention', {
    schema: {
      tags,
      summary: 'The retention periods, their defaults and limits, and the latest runs',
      response: { 200: retentionSettings },
    },
    config: { access: staff('settings.manage') },
    handler: answer,
  });
  r.put('/api/v1/settings/retention', {
    schema: {
      tags,
      summary: 'Change retention periods (only those given; null keeps that kind)',
      description: 'A period outside its limits is refused whole: 422 RETENTION_PERIOD_OUT_OF_RANGE naming the field.',
      body: retentionPatch,
      response: { 200: retentionPeriods },
    },
    config: { access: staff('settings.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => setRetentionPeriods(ctx, meta, req.body)),
  });
  r.get('/api/v1/public/retention', {
    schema: {
      tags: ['policies'],
      summary:
        'How long the shop keeps return photos, e-mails, returns’ personal data and logs (null: kept), for its policy page',
      response: { 200: publicRetention },
    },
    config: { access: publicAccess },
    handler: async () => {
      const p = await getRetentionPeriods(ctx.db);
      return { photoDays: p.photoDays, emailDays: p.emailDays, personalDays: p.personalDays, logDays: p.logDays };
    },
  });
}
