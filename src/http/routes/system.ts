import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app/kernel/context.js';
import { publicAccess } from '../access.js';
import { sendProblem } from '../problem.js';

const health = z.object({ status: z.literal('ok') });
/** Names this process in readiness answers: random, so the public route tells nothing of the host
 * (unlike a pid), yet tells apart the server processes sharing a port. */
const PROCESS_ID = randomBytes(6).toString('hex');
const readiness = z.object({
  status: z.literal('ready'),
  process: z.string().describe('A random id of the server process that answered, made at its start (several may share the port)'),
});
const openApiDocument = z.record(z.string(), z.unknown()).describe('The OpenAPI 3.1 document of this API');

/** Liveness, readiness and the OpenAPI document. */
export function systemRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/health',
    { config: { access: publicAccess }, schema: { tags: ['system'], summary: 'Liveness', response: { 200: health } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/api/ready',
    {
      config: { access: publicAccess },
      schema: { tags: ['system'], summary: 'Readiness: the database answers', response: { 200: readiness } },
    },
    async (req, reply) => {
      try {
        await sql`select 1`.execute(ctx.db);
        return { status: 'ready' as const, process: PROCESS_ID };
      } catch (err) {
        req.log.warn({ err }, 'database not reachable');
        return sendProblem(reply, { status: 503, code: 'DATABASE_UNAVAILABLE', title: 'The database does not answer' });
      }
    },
  );

  app.get(
    '/api/openapi.json',
    { config: { access: publicAccess }, schema: { hide: true, response: { 200: openApiDocument } } },
    async () => app.swagger(),
  );
}
