import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { endOtherOwnSessions, endOwnSession, listOwnSessions } from '../../../../app/admin/ownSessions.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { notFound } from '../../../../domain/errors.js';
import { signedIn } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { noBody } from '../../common.js';
import { ownSessions, sessionParams, sessionsEnded } from './sessionSchema.js';

/** The caller's own session, or null for an API key: a key has no sessions, so it lists none,
 * ends none (not found) and has no others to end. */
function ownSessionOf(req: FastifyRequest): { userId: string; sessionId: string } | null {
  const p = req.principal;
  return p?.kind === 'staff' ? { userId: p.userId, sessionId: p.sessionId } : null;
}

/** A staff member's own sessions: which browsers are signed in as them, and ending the ones they
 * do not recognise (one, or all but this one). */
export function ownSessionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.get('/api/v1/auth/sessions', {
    schema: {
      tags,
      summary: 'Your live sessions: device, signed in, last used, which is this one',
      response: { 200: ownSessions },
    },
    config: { access: signedIn },
    handler: (req) => {
      const own = ownSessionOf(req);
      if (!own) return { items: [] };
      return listOwnSessions(ctx, { userId: own.userId, currentSessionId: own.sessionId });
    },
  });

  r.delete('/api/v1/auth/sessions/:id', {
    schema: {
      tags,
      summary: "End one of your sessions (another user's is not found)",
      params: sessionParams,
      body: noBody,
      response: { 200: sessionsEnded },
    },
    config: { access: signedIn },
    handler: (req, reply) => {
      const own = ownSessionOf(req);
      if (!own) throw notFound('Session', req.params.id);
      return runCommand(req, reply, 200, (meta) => endOwnSession(ctx, meta, { userId: own.userId, sessionId: req.params.id }));
    },
  });

  r.post('/api/v1/auth/sessions/end-others', {
    schema: { tags, summary: 'End all your sessions but this one', body: noBody, response: { 200: sessionsEnded } },
    config: { access: signedIn },
    handler: (req, reply) => {
      const own = ownSessionOf(req);
      if (!own) return { ended: 0 };
      return runCommand(req, reply, 200, (meta) =>
        endOtherOwnSessions(ctx, meta, { userId: own.userId, keepSessionId: own.sessionId }),
      );
    },
  });
}
