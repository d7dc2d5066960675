import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AccessLogFilters, type AccessLogItem, listAccessLog } from '../../../../app/admin/accessLogQueries.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { Page } from '../../../../app/kernel/pagination.js';
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

/** The CSV of the entries the filters select: the header, the first page (read before the answer
 * starts, so a bad filter or cursor is still a 422), then a page at a time from its cursor on. */
async function* csvPages(
  ctx: AppContext,
  filters: Omit<AccessLogFilters, 'limit'>,
  first: Page<AccessLogItem>,
): AsyncGenerator<string> {
  yield csvRow(CSV_COLUMNS);
  let page = first;
  for (;;) {
    yield page.items.map((entry) => csvRow(csvValues(entry))).join('');
    if (!page.nextCursor) return;
    page = await listAccessLog(ctx.db, { ...filters, cursor: page.nextCursor, limit: CSV_PAGE });
  }
}

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
      // The file holds every entry from the cursor on, read and sent a page at a time: a log of
      // years is never held in memory whole.
      const first = await listAccessLog(ctx.db, { ...filters, limit: CSV_PAGE });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="retour-access-log.csv"');
      // A stream is sent as it is, past the schema's string (its type knows only what it serialises).
      const file: FastifyReply = reply;
      return file.send(Readable.from(csvPages(ctx, filters, first)));
    },
  });
}
