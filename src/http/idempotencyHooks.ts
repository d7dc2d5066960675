import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { AppContext, CommandMeta, IdempotencyClaim } from '../app/kernel/context.js';
import {
  claimIdempotencyKey,
  type HeldClaim,
  releaseIdempotencyKey,
  requestFingerprint,
  storeIdempotentResponse,
  wasStored,
} from '../app/kernel/idempotency.js';
import { ProcessLease } from '../app/kernel/processLease.js';
import { RetourError } from '../domain/errors.js';
import type { Principal } from './access.js';
import { rawBodyOf } from './requestBody.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: HeldClaim | null;
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Whose keys a request's key is among: a key replays only to the caller who could have made the
 * first request. A shopper's reach is the token's: an order token's is the order, a status link's
 * only its one return, so a status link never replays what was answered to the order token (another
 * return's status link among it). */
export function principalKey(p: Principal | null, ip: string): string {
  if (!p) return `anonymous:${ip}`;
  if (p.kind === 'staff') return `staff:${p.userId}`;
  if (p.kind === 'api_key') return `api_key:${p.apiKeyId}`;
  if (p.returnId) return `shopper:${p.customerId}:${p.orderId}:${p.returnId}`;
  return `shopper:${p.customerId}:${p.orderId}`;
}

const claims = new WeakMap<FastifyRequest, IdempotencyClaim>();

/** Honours `Idempotency-Key` on every POST: the first request runs, a repeat with the same body
 * gets the stored response, a repeat with another body is refused. */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('idempotency', null);
  // Claims name this server's lease, so a server that dies leaves keys that free up within
  // LEASE_SECONDS instead of blocking their clients for the whole lock.
  let lease: ProcessLease | null = null;
  app.addHook('onReady', async () => {
    lease = await ProcessLease.start(ctx.db);
  });
  app.addHook('onClose', async () => {
    await lease?.stop().catch((err: unknown) => app.log.warn({ err }, 'ending the process lease failed'));
  });

  /** Claims the request's key; answers whether a repeat was answered with the stored response. */
  const claimKey = async (request: FastifyRequest, reply: FastifyReply, raw: string | string[]): Promise<boolean> => {
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new RetourError('invalid', 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–255 visible ASCII characters', [
        { path: 'headers.idempotency-key', message: 'invalid format' },
      ]);
    }
    const principal = principalKey(request.principal, request.ip);
    const fingerprint = requestFingerprint(request.method, request.url, rawBodyOf(request));
    const outcome = await claimIdempotencyKey(ctx.db, principal, key, fingerprint, ctx.now(), lease?.id ?? null);
    if (outcome.kind === 'replay') {
      reply.header('idempotent-replayed', 'true');
      const body = outcome.body as { status?: number } | null;
      if (outcome.status >= 400) reply.type('application/problem+json');
      reply.code(outcome.status).send(body);
      return true;
    }
    request.idempotency = { principal, key, token: outcome.token };
    return false;
  };
  /** A callback hook: a POST without a key (most of them) passes on at once. */
  const claim: preHandlerHookHandler = (request, reply, done) => {
    const raw = request.method === 'POST' ? request.headers['idempotency-key'] : undefined;
    if (raw === undefined) return done();
    claimKey(request, reply, raw).then((answered) => {
      if (!answered) done();
    }, done);
  };
  // Only the routes that honour a key run the claim: GETs and the POSTs whose replay would be
  // wrong (`idempotent: false`) never pay for it. It runs after the app's own preHandlers.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || route.config?.idempotent === false) return;
    const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [claim, ...own];
  });

  // A request that ran no command unit stores its response here; a failed one frees its key. A
  // callback hook, so that the requests without a key pass on at once.
  app.addHook('onSend', (request, reply, payload, done) => {
    const claimed = request.idempotency;
    if (!claimed) {
      done(null, payload);
      return;
    }
    const held = claims.get(request);
    if (held && wasStored(held)) {
      done(null, payload);
      return;
    }
    settle(ctx, claimed, reply.statusCode, payload).then(() => done(null, payload), done);
  });
}

/** Stores the response of a claimed request that succeeded, or frees the key of one that failed. */
async function settle(ctx: AppContext, claimed: HeldClaim, status: number, payload: unknown): Promise<void> {
  if (status >= 400) return releaseIdempotencyKey(ctx.db, claimed);
  let body: unknown = null;
  try {
    body = typeof payload === 'string' ? JSON.parse(payload) : null;
  } catch {
    body = payload;
  }
  await storeIdempotentResponse(ctx.db, claimed, status, body);
}

/** The actor of a request, as commands record it. */
export function actorOf(request: FastifyRequest): CommandMeta['actor'] {
  const p = request.principal;
  if (!p) return { type: 'shopper', id: null };
  if (p.kind === 'staff') return { type: 'staff', id: p.userId, role: p.role };
  if (p.kind === 'api_key') return { type: 'api_key', id: p.apiKeyId, role: p.role };
  return { type: 'shopper', id: p.customerId };
}

/** Runs a command for a route and answers with its presented result. With an Idempotency-Key
 * the presented response is stored in the command's own transaction. */
export async function runCommand<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  run: (meta: CommandMeta) => Promise<T>,
  present: (result: T) => unknown = (r) => r,
) {
  const claimed = request.idempotency;
  let idempotency: IdempotencyClaim | undefined;
  if (claimed) {
    idempotency = { ...claimed, respond: (result) => ({ status, body: present(result as T) }) };
    claims.set(request, idempotency);
  }
  const result = await run({ actor: actorOf(request), idempotency });
  return reply.code(status).send(present(result));
}
