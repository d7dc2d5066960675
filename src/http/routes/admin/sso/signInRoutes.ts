import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { completeSsoSignIn, startSsoSignIn } from '../../../../app/admin/sso/ssoSignIn.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { RetourConfig } from '../../../../config/env.js';
import { RetourError } from '../../../../domain/errors.js';
import { publicAccess } from '../../../access.js';
import { noContent } from '../../common.js';
import { loginAnswer } from '../auth/schema.js';
import { answerChallenge, answerSession } from '../auth/twoFactorRoutes.js';
import { ssoCallbackQuery, ssoStartAnswer } from './schema.js';

/** The sign-in on its way through the provider (state, nonce, PKCE verifier, sealed). */
export const SSO_COOKIE = 'retour_sso';
const SSO_PATH = '/api/v1/auth/sso';
const CALLBACK = `${SSO_PATH}/callback`;
const BACK_OFFICE = '/admin/';

const redirectDoc = (description: string) => noContent.describe(description);

/** Where the provider sends the browser back to: the configured public address, else this request's. */
function redirectUri(req: FastifyRequest, config: RetourConfig): string {
  const base = config.publicUrl ? config.publicUrl.replace(/\/$/, '') : `${req.protocol}://${req.host}`;
  return `${base}${CALLBACK}`;
}

/** A browser (it asks for a page) is redirected; other callers get JSON and follow themselves. */
const wantsPage = (req: FastifyRequest) => String(req.headers.accept ?? '').includes('text/html');

/** A browser is sent back to the sign-in page, which says what went wrong in the user's language,
 * whatever went wrong (an unexpected failure is logged and shown as the provider's error, never as
 * a server's JSON page); any other caller gets the problem (403 SSO_NO_ROLE and the like). */
function refuse(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (!wantsPage(req)) throw err;
  if (!(err instanceof RetourError)) req.log.error({ err }, 'single sign-on failed');
  const code = err instanceof RetourError ? err.code : 'SSO_PROVIDER_ERROR';
  return reply.redirect(`${BACK_OFFICE}?sso_error=${encodeURIComponent(code)}`, 303);
}

/** The sign-in through the provider: out with a redirect, back with the code, into the same
 * session (httpOnly cookie, CSRF token from /auth/me) as a password opens. */
export function ssoSignInRoutes(app: FastifyInstance, ctx: AppContext, config: RetourConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const limited = { access: publicAccess, rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } };

  r.get(`${SSO_PATH}/start`, {
    schema: {
      tags,
      summary:
        'Start signing in through the identity provider: a browser is redirected there, other callers get its URL (404 SSO_NOT_ENABLED)',
      response: { 200: ssoStartAnswer, 303: redirectDoc('To the identity provider (a browser)') },
    },
    config: limited,
    handler: async (req, reply) => {
      try {
        const started = await startSsoSignIn(ctx, { redirectUri: redirectUri(req, config) });
        // Lax, not strict: the provider sends the browser back with a top-level GET from its own site.
        reply.setCookie(SSO_COOKIE, started.pending, {
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
          path: SSO_PATH,
          expires: started.expiresAt,
        });
        return wantsPage(req) ? reply.redirect(started.url, 303) : { authorizationUrl: started.url };
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  });

  r.get(CALLBACK, {
    schema: {
      tags,
      summary:
        'Where the identity provider sends the browser back: opens the session as sign-in does and redirects a browser to the back office (403 SSO_NO_ROLE, SSO_DOMAIN_NOT_ALLOWED, SSO_LINK_NEEDS_VERIFIED_EMAIL, SSO_LAST_ADMIN, SSO_USER_DEACTIVATED, SSO_ACCESS_DENIED, SSO_PROVIDER_ERROR; 401 SSO_STATE_INVALID, SSO_RESPONSE_INVALID)',
      querystring: ssoCallbackQuery,
      response: { 200: loginAnswer, 303: redirectDoc('To the back office, signed in, or to its second step (a browser)') },
    },
    config: limited,
    handler: async (req, reply) => {
      const query = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
      try {
        const opened = await completeSsoSignIn(ctx, {
          query,
          pending: req.cookies[SSO_COOKIE],
          ttlHours: config.sessionTtlHours,
        });
        reply.clearCookie(SSO_COOKIE, { path: SSO_PATH });
        if ('twoFactorRequired' in opened) {
          const answer = answerChallenge(reply, config, opened);
          return wantsPage(req) ? reply.redirect(`${BACK_OFFICE}?sso=two-factor`, 303) : answer;
        }
        const answer = answerSession(reply, config, opened);
        return wantsPage(req) ? reply.redirect(BACK_OFFICE, 303) : answer;
      } catch (err) {
        // The pending sign-in is spent either way: a second try starts again.
        reply.clearCookie(SSO_COOKIE, { path: SSO_PATH });
        return refuse(req, reply, err);
      }
    },
  });
}
