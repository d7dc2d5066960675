import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { StaffSession } from '../../../../app/admin/loginStaff.js';
import {
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  resetTwoFactor,
  startTwoFactorEnrolment,
} from '../../../../app/admin/twoFactorEnrolment.js';
import { completeTwoFactorLogin, type LoginChallenge } from '../../../../app/admin/twoFactorLogin.js';
import { getTwoFactorPolicy, setTwoFactorPolicy } from '../../../../app/admin/twoFactorPolicy.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { RetourConfig } from '../../../../config/env.js';
import { RetourError } from '../../../../domain/errors.js';
import { publicAccess, signedIn, staff } from '../../../access.js';
import { SESSION_COOKIE } from '../../../authentication.js';
import { actorOf, runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import { sessionAnswer } from './schema.js';
import {
  recoveryCodesAnswer,
  twoFactorCodeBody,
  twoFactorEnrolment,
  twoFactorOff,
  twoFactorPolicy,
  twoFactorPolicyBody,
  twoFactorReset,
  twoFactorStatus,
} from './twoFactorSchema.js';

/** The pending second step of a sign-in; sent only to the sign-in routes. */
export const TWO_FACTOR_COOKIE = 'retour_two_factor';
const CHALLENGE_PATH = '/api/v1/auth/login';

/** Sets the session cookie and answers as sign-in does. */
export function answerSession(reply: FastifyReply, config: RetourConfig, session: StaffSession) {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    expires: session.expiresAt,
  });
  return {
    user: session.user,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    ...(session.enrolOnly ? { enrolOnly: true } : {}),
  };
}

/** Sets the pending-sign-in cookie and answers that a second factor is needed. */
export function answerChallenge(reply: FastifyReply, config: RetourConfig, challenge: LoginChallenge) {
  reply.setCookie(TWO_FACTOR_COOKIE, challenge.challengeToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    path: CHALLENGE_PATH,
    expires: challenge.expiresAt,
  });
  return { twoFactorRequired: true as const, expiresAt: challenge.expiresAt.toISOString() };
}

/** The signed-in staff member: two-factor sign-in is a person's; an API key is let in (it is
 * signed in) but has none to see or change. */
function staffUserOf(req: FastifyRequest): { userId: string; sessionId: string } {
  const p = req.principal;
  if (p?.kind !== 'staff') {
    throw new RetourError(
      'conflict',
      'TWO_FACTOR_NOT_FOR_API_KEYS',
      'Two-factor sign-in is for staff members signed in, not API keys',
    );
  }
  return { userId: p.userId, sessionId: p.sessionId };
}

/** Two-factor sign-in: the second step, a staff member's own enrolment, an admin's reset, and the
 * roles that must use it. Answers carrying a secret or recovery codes are never stored for replay
 * (idempotent: false). */
export function twoFactorRoutes(app: FastifyInstance, ctx: AppContext, config: RetourConfig) {
  secondStepRoutes(app, ctx, config);
  ownTwoFactorRoutes(app, ctx, config);
  twoFactorAdminRoutes(app, ctx);
}

const tags = ['auth'];

/** The second step of a sign-in. */
function secondStepRoutes(app: FastifyInstance, ctx: AppContext, config: RetourConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/auth/login/two-factor', {
    schema: {
      tags,
      summary: 'Complete a sign-in with a TOTP code or a recovery code; sets the session cookie',
      body: twoFactorCodeBody,
      response: { 200: sessionAnswer },
    },
    config: {
      access: publicAccess,
      idempotent: false,
      rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' },
    },
    handler: async (req, reply) => {
      const challengeToken = req.cookies[TWO_FACTOR_COOKIE];
      if (!challengeToken) {
        throw new RetourError('unauthorized', 'TWO_FACTOR_CHALLENGE_INVALID', 'Sign in with your password first');
      }
      const session = await completeTwoFactorLogin(ctx, {
        challengeToken,
        code: req.body.code,
        ttlHours: config.sessionTtlHours,
      });
      reply.clearCookie(TWO_FACTOR_COOKIE, { path: CHALLENGE_PATH });
      return answerSession(reply, config, session);
    },
  });
}

/** A staff member's own two-factor sign-in: status, enrolment, recovery codes, turning it off. An
 * enrol-only session may reach those it needs to enrol (`beforeTwoFactor`). */
function ownTwoFactorRoutes(app: FastifyInstance, ctx: AppContext, config: RetourConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const own = { access: signedIn, beforeTwoFactor: true } as const;

  r.get('/api/v1/auth/two-factor', {
    schema: { tags, summary: 'Whether two-factor sign-in is on for me', response: { 200: twoFactorStatus } },
    config: own,
    handler: (req) => getTwoFactorStatus(ctx, staffUserOf(req).userId),
  });

  r.post('/api/v1/auth/two-factor/enrolment', {
    schema: {
      tags,
      summary: 'Start enrolment: a new secret with its otpauth URI and QR code',
      body: noBody,
      response: { 200: twoFactorEnrolment },
    },
    config: { ...own, idempotent: false },
    handler: (req) => startTwoFactorEnrolment(ctx, { actor: actorOf(req) }, { userId: staffUserOf(req).userId }),
  });

  r.post('/api/v1/auth/two-factor/enrolment/confirm', {
    schema: {
      tags,
      summary: 'Turn two-factor sign-in on with a current code; answers the recovery codes, once',
      body: twoFactorCodeBody,
      response: { 200: recoveryCodesAnswer },
    },
    config: { ...own, idempotent: false, rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    handler: (req) => confirmTwoFactorEnrolment(ctx, { actor: actorOf(req) }, { ...staffUserOf(req), code: req.body.code }),
  });

  r.post('/api/v1/auth/two-factor/recovery-codes', {
    schema: {
      tags,
      summary: 'Replace my recovery codes (with a current code); the old ones stop working',
      body: twoFactorCodeBody,
      response: { 200: recoveryCodesAnswer },
    },
    config: { access: signedIn, idempotent: false, rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    handler: (req) =>
      regenerateRecoveryCodes(ctx, { actor: actorOf(req) }, { userId: staffUserOf(req).userId, code: req.body.code }),
  });

  r.post('/api/v1/auth/two-factor/disable', {
    schema: {
      tags,
      summary: 'Turn my two-factor sign-in off with a current code (not for a role that must use it)',
      body: twoFactorCodeBody,
      response: { 200: twoFactorOff },
    },
    config: { access: signedIn, rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        disableTwoFactor(ctx, meta, { userId: staffUserOf(req).userId, code: req.body.code }),
      ),
  });
}

/** An admin's reset of a member's two-factor sign-in, and the roles that must use it. */
function twoFactorAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/staff/:id/two-factor/reset', {
    schema: {
      tags: ['staff'],
      summary: "Reset a staff user's two-factor sign-in (a lost phone); they enrol again",
      params: idParams,
      body: noBody,
      response: { 200: twoFactorReset },
    },
    config: { access: staff('staff.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => resetTwoFactor(ctx, meta, { userId: req.params.id })),
  });

  r.get('/api/v1/settings/two-factor', {
    schema: { tags: ['settings'], summary: 'The roles that must use two-factor sign-in', response: { 200: twoFactorPolicy } },
    config: { access: staff('settings.read') },
    handler: () => getTwoFactorPolicy(ctx),
  });

  r.put('/api/v1/settings/two-factor', {
    schema: {
      tags: ['settings'],
      summary: 'Set the roles that must use two-factor sign-in',
      body: twoFactorPolicyBody,
      response: { 200: twoFactorPolicy },
    },
    config: { access: staff('settings.manage') },
    handler: (req, reply) => {
      const keepSessionId = req.principal?.kind === 'staff' ? req.principal.sessionId : undefined;
      return runCommand(req, reply, 200, (meta) => setTwoFactorPolicy(ctx, meta, { ...req.body, keepSessionId }));
    },
  });
}
