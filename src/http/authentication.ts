import type { FastifyInstance, FastifyRequest } from 'fastify';
import { noteSessionUse } from '../app/admin/ownSessions.js';
import { findStaffSession } from '../app/admin/staffSessions.js';
import { refuseErasedShopper } from '../app/catalog/erasedCustomers.js';
import type { AppContext } from '../app/kernel/context.js';
import { safeEqual, sha256 } from '../app/kernel/tokens.js';
import { can, type StaffRole } from '../domain/access.js';
import { apiKeyExpired, isPermission } from '../domain/apiKeyScopes.js';
import { RetourError } from '../domain/errors.js';
import { type Principal, principalMay, type RouteAccess } from './access.js';

export const SESSION_COOKIE = 'retour_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function fromApiKey(ctx: AppContext, key: string): Promise<Principal> {
  const prefix = key.split('_')[1] ?? '';
  const row = await ctx.db
    .selectFrom('api_keys')
    .select(['id', 'key_hash', 'role', 'revoked_at', 'last_used_at', 'scopes', 'expires_at'])
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  if (!row || row.revoked_at || !safeEqual(row.key_hash, sha256(key))) {
    throw new RetourError('unauthorized', 'INVALID_API_KEY', 'The API key is invalid or revoked');
  }
  const now = ctx.now();
  // Told apart from an invalid key only once the secret matched: its holder may ask for a new one.
  if (apiKeyExpired(row.expires_at, now)) {
    throw new RetourError('unauthorized', 'API_KEY_EXPIRED', `The API key expired at ${row.expires_at?.toISOString()}`);
  }
  // Note the last use at most once a minute: a write per request would cost more than it tells.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await ctx.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  // A permission since dropped from the role table no longer means anything.
  const scopes = row.scopes === null ? null : row.scopes.filter(isPermission);
  return { kind: 'api_key', apiKeyId: row.id, role: row.role as StaffRole, scopes };
}

/** A shopper's token, unless the shopper was erased since it was issued (it would still verify). */
async function fromShopperToken(ctx: AppContext, token: string): Promise<Principal> {
  const claims = await ctx.shopperTokens.verify(token, ctx.now());
  await refuseErasedShopper(ctx.db, ctx.caches, claims.customerId);
  return { kind: 'shopper', ...claims };
}

async function fromSession(ctx: AppContext, token: string): Promise<Principal | null> {
  const session = await findStaffSession(ctx.db, ctx.caches, sha256(token), ctx.now());
  if (!session) return null;
  return {
    kind: 'staff',
    userId: session.userId,
    role: session.role,
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
    ...(session.enrolOnly ? { enrolOnly: true } : {}),
  };
}

/** Who the request's credentials name (an `Authorization: Bearer` token, else the session cookie),
 * and whether it is a cookie session (which must prove itself against CSRF on writes). */
async function identify(ctx: AppContext, request: FastifyRequest): Promise<{ principal: Principal | null; viaCookie: boolean }> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(' ', 2);
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new RetourError('unauthorized', 'INVALID_AUTHORIZATION', 'Use "Authorization: Bearer <token>"');
    }
    const principal: Principal = token.startsWith('rtr_') ? await fromApiKey(ctx, token) : await fromShopperToken(ctx, token);
    return { principal, viaCookie: false };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  const principal = cookie ? await fromSession(ctx, cookie) : null;
  if (principal?.kind === 'staff') {
    const use = { sessionId: principal.sessionId, userAgent: request.headers['user-agent'] };
    await noteSessionUse(ctx, use, (err) => request.log.warn({ err }, 'the use of a session was not noted'));
  }
  return { principal, viaCookie: principal !== null };
}

/** Applies a route's declared access rule to the caller; refuses with 401 or 403. */
function checkAccess(access: RouteAccess, request: FastifyRequest, viaCookie: boolean): void {
  const p = request.principal;
  if (access.kind === 'public') return;
  if (!p) throw new RetourError('unauthorized', 'AUTHENTICATION_REQUIRED', 'Sign in or send a valid token');
  if (access.kind === 'shopper') {
    if (p.kind !== 'shopper') throw new RetourError('forbidden', 'FORBIDDEN', 'This route is for shoppers with an order token');
  } else if (p.kind === 'shopper') {
    throw new RetourError('forbidden', 'FORBIDDEN', 'A shopper token cannot use staff routes');
  } else if (access.kind === 'staff' && !can(p.role, access.permission)) {
    throw new RetourError('forbidden', 'FORBIDDEN', `The role "${p.role}" may not ${access.permission}`, [], {
      permission: access.permission,
    });
  } else if (access.kind === 'staff' && !principalMay(p, access.permission)) {
    throw new RetourError('forbidden', 'API_KEY_OUT_OF_SCOPE', `The API key's scopes do not include ${access.permission}`, [], {
      permission: access.permission,
    });
  }
  if (p.kind === 'staff' && p.enrolOnly && !request.routeOptions.config.beforeTwoFactor) {
    throw new RetourError('forbidden', 'TWO_FACTOR_REQUIRED', 'Your role must use two-factor sign-in: set it up first');
  }
  if (viaCookie && p.kind === 'staff' && !SAFE_METHODS.has(request.method)) {
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !safeEqual(header, p.csrfToken)) {
      throw new RetourError('forbidden', 'CSRF_TOKEN_INVALID', "Send the session's CSRF token in the X-CSRF-Token header");
    }
  }
}

/** Works out who is calling (session cookie, API key or shopper token), then applies the route's
 * declared access rule and, for cookie sessions, the CSRF check on every write. */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('principal', null);

  // A callback hook: a request without credentials (a carrier's webhook, a shopper's lookup, an
  // anonymous caller) is judged at once, without a promise or a database read.
  app.addHook('onRequest', (request, _reply, done) => {
    const access = request.routeOptions.config.access;
    if (!access) return done(); // unknown route: the 404 handler answers
    if (request.headers.authorization === undefined && request.cookies[SESSION_COOKIE] === undefined) {
      try {
        checkAccess(access, request, false);
      } catch (err) {
        return done(err as Error);
      }
      return done();
    }
    identify(ctx, request).then(({ principal, viaCookie }) => {
      request.principal = principal;
      let refusal: Error | undefined;
      try {
        checkAccess(access, request, viaCookie);
      } catch (err) {
        refusal = err as Error;
      }
      done(refusal);
    }, done);
  });
}
