import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { updateWeeklyReportSettings, weeklyReportSettings } from '../../../app/analytics/weeklyReportSettings.js';
import type { AppContext } from '../../../app/kernel/context.js';
import { staff } from '../../access.js';
import { runCommand } from '../../idempotencyHooks.js';
import * as s from './reportSchema.js';

/** The weekly analytics report by e-mail: who gets it and when. */
export function analyticsReportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];

  r.get('/api/v1/analytics/weekly-report', {
    schema: {
      tags,
      summary: 'Who gets the weekly report by e-mail (key figures, problem products, overdue refunds) and when',
      response: { 200: s.weeklyReportSettings },
    },
    // It names the staff who get it, with their e-mail addresses: for those who manage settings.
    config: { access: staff('settings.manage') },
    handler: () => weeklyReportSettings(ctx.db),
  });

  r.put('/api/v1/analytics/weekly-report', {
    schema: {
      tags,
      summary: 'Choose who gets the weekly report (each in their language) and when it goes',
      body: s.weeklyReportBody,
      response: { 200: s.weeklyReportSettings },
    },
    config: { access: staff('settings.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => updateWeeklyReportSettings(ctx, meta, req.body)),
  });
}
