import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AccessLogItem, listAccessLog } from '../../../../app/admin/accessLogQueries.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { csvRow } from '../../../../integrations/csv.js';
import { staff } from '../../../access.js';
import { exportOf } from '../../../accessLogHook.js';
import { accessLogAnswer, accessLogQuery } from './schema.js';

const CSV_COLUMNS = [
  'at',
  'actor_type',
  'actor_id',
  'actor_name',
  'action',
  'subject_type',
  'subject_id',
  'detail',
  'filters',
  'request_id',
  'ip_network',
];
/** Entries read per statement when the log is exported whole. */
const CSV_PAGE = 1000;

const csvValues = (e: AccessLogItem) => [
  e.at,
  e.actor.type,
  e.actor.id,
  e.actor.name,
  e.action,
  e.subject?.type,
  e.subject?.id,
  e.detail,
  e.filters ? JSON.stringify(e.filters) : null,
  e.requestId,
  e.ipNetwork,
];

/** The access log: who opened which return or customer and every export, for admins; exporting it
 * is itself an export in it. */
export function accessLogRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/access-log', {
    schema: {
      tags: ['access-log'],
      summary: 'Who opened which return or customer, and every export, newest first (CSV with format=csv)',
      querystring: accessLogQuery,
      response: { 200: accessLogAnswer },
    },
    config: { access: staff('audit.read'), accessLog: exportOf('access_log') },
    handler: async (req, reply) => {
      const { format, ...filters } = req.query;
      if (format === 'json') return listAccessLog(ctx.db, filters);
      // The file holds every entry from the cursor on, read a page at a time.
      const lines = [csvRow(CSV_COLUMNS)];
      let cursor = filters.cursor;
      do {
        const page = await listAccessLog(ctx.db, { ...filters, cursor, limit: CSV_PAGE });
        for (const entry of page.items) lines.push(csvRow(csvValues(entry)));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="retour-access-log.csv"');
      return lines.join('');
    },
  });
}
