import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loginStaff } from '../../../../app/admin/loginStaff.js';
import { logoutStaff } from '../../../../app/admin/logoutStaff.js';
import { getStaffIdentity } from '../../../../app/admin/settingsLists.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { RetourConfig } from '../../../../config/env.js';
import { PERMISSIONS, type Permission } from '../../../../domain/access.js';
import { apiKeyMay } from '../../../../domain/apiKeyScopes.js';
import { publicAccess, signedIn } from '../../../access.js';
import { SESSION_COOKIE } from '../../../authentication.js';
import { actorOf } from '../../../idempotencyHooks.js';
import { noBody } from '../../common.js';
import { loginAnswer, loginBody, logoutAnswer, whoAmI } from './schema.js';
import { answerChallenge, answerSession } from './twoFactorRoutes.js';

/** Staff sign-in with an httpOnly session cookie; the CSRF token travels in the body. */
const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function authRoutes(app: FastifyInstance, ctx: AppContext, config: RetourConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post('/api/v1/auth/login', {
    schema: {
      tags,
      summary:
        'Sign in; sets the session cookie and returns the CSRF token, or, with two-factor sign-in on, answers twoFactorRequired',
      body: loginBody,
      response: { 200: loginAnswer },
    },
    config: {
      access: publicAccess,
      idempotent: false,
      rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' },
    },
    handler: async (req, reply) => {
      const opened = await loginStaff(ctx, { ...req.body, ttlHours: config.sessionTtlHours });
      // Two-factor sign-in on: no session yet, only the pending second step.
      if ('twoFactorRequired' in opened) return answerChallenge(reply, config, opened);
      return answerSession(reply, config, opened);
    },
  });

  r.post('/api/v1/auth/logout', {
    schema: { tags, summary: 'End the session', body: noBody, response: { 200: logoutAnswer } },
    config: { access: signedIn, beforeTwoFactor: true },
    handler: async (req, reply) => {
      const p = req.principal;
      if (p?.kind === 'staff') await logoutStaff(ctx, { actor: actorOf(req) }, { sessionId: p.sessionId });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { loggedOut: true as const };
    },
  });

  r.get('/api/v1/auth/me', {
    schema: { tags, summary: 'Who is signed in, with the CSRF token for writes', response: { 200: whoAmI } },
    config: { access: signedIn, beforeTwoFactor: true },
    handler: async (req) => {
      const p = req.principal;
      if (p?.kind === 'staff') {
        const user = await getStaffIdentity(ctx.db, p.userId);
        // The session's role is the user's, read with the session on this request.
        const enrolOnly = p.enrolOnly ? { enrolOnly: true } : {};
        return { kind: 'staff' as const, user: { ...user, role: p.role }, csrfToken: p.csrfToken, ...enrolOnly };
      }
      const key = p?.kind === 'api_key' ? p : null;
      return {
        kind: 'api_key' as const,
        apiKeyId: key?.apiKeyId ?? null,
        role: p && 'role' in p ? p.role : null,
        scopes: key?.scopes ? [...key.scopes] : null,
        permissions: key ? PERMISSION_NAMES.filter((permission) => apiKeyMay(key.role, key.scopes, permission)) : [],
      };
    },
  });
}
