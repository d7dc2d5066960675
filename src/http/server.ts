import cookie from '@fastify/cookie';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/kernel/context.js';
import { newId } from '../app/kernel/ids.js';
import type { RetourConfig } from '../config/env.js';
import type { RouteAccess } from './access.js';
import { registerAccessLog } from './accessLogHook.js';
import { registerAuthentication } from './authentication.js';
import { registerCompression } from './compression.js';
import { registerIdempotency } from './idempotencyHooks.js';
import { registerPortal } from './portal.js';
import { frameworkProblem, registerProblemHandling } from './problem.js';
import { registerRequestBodies } from './requestBody.js';
import { responseSerializerCompiler } from './responseSerializer.js';
import { accessLogRoutes } from './routes/admin/accessLog/routes.js';
import { adminRoutes } from './routes/admin/admin/routes.js';
import { authRoutes } from './routes/admin/auth/routes.js';
import { ownSessionRoutes } from './routes/admin/auth/sessionRoutes.js';
import { twoFactorRoutes } from './routes/admin/auth/twoFactorRoutes.js';
import { reasonRoutes } from './routes/admin/reasons/routes.js';
import { settingsRoutes } from './routes/admin/settings/routes.js';
import { ssoRoutes } from './routes/admin/sso/routes.js';
import { analyticsReportRoutes } from './routes/analytics/reportRoutes.js';
import { analyticsRoutes } from './routes/analytics/routes.js';
import { channelRoutes } from './routes/catalog/channels/routes.js';
import { connectionRoutes } from './routes/catalog/connections/routes.js';
import { shopWebhookRoutes } from './routes/catalog/connections/webhookRoutes.js';
import { customerRoutes } from './routes/catalog/customers/routes.js';
import { orderRoutes } from './routes/catalog/orders/routes.js';
import { productRoutes } from './routes/catalog/products/routes.js';
import { stockRoutes } from './routes/catalog/stock/routes.js';
import { warehouseRoutes } from './routes/catalog/warehouses/routes.js';
import { exchangeRoutes } from './routes/exchanges/exchanges/routes.js';
import { carrierSettingsRoutes } from './routes/logistics/carriers/routes.js';
import { claimRoutes } from './routes/logistics/claims/routes.js';
import { dropOffRoutes } from './routes/logistics/dropOff/routes.js';
import { routingRuleRoutes } from './routes/logistics/routing/routes.js';
import { shipmentRoutes } from './routes/logistics/shipments/routes.js';
import { trackingRoutes } from './routes/logistics/tracking/routes.js';
import { automationRoutes } from './routes/messaging/automation/routes.js';
import { emailRoutes } from './routes/messaging/emails/routes.js';
import { liveRoutes } from './routes/messaging/live/routes.js';
import { notificationRoutes } from './routes/messaging/notifications/routes.js';
import { webhookRoutes } from './routes/messaging/webhooks/routes.js';
import { financeRoutes } from './routes/money/finance/routes.js';
import { settlementRoutes } from './routes/money/settlements/routes.js';
import { storeCreditRoutes } from './routes/money/storeCredit/routes.js';
import { policyRoutes } from './routes/policy/policies/routes.js';
import { privacyErasureRoutes } from './routes/privacy/erasureRoutes.js';
import { privacyExportRoutes } from './routes/privacy/exportRoutes.js';
import { retentionRoutes } from './routes/privacy/retention/routes.js';
import { returnWorkRoutes } from './routes/returns/backoffice/routes.js';
import { inspectionRoutes } from './routes/returns/inspection/routes.js';
import { repairRoutes } from './routes/returns/repairs/routes.js';
import { returnRoutes } from './routes/returns/returns/routes.js';
import { shopperRoutes } from './routes/returns/shopper/routes.js';
import { riskRoutes } from './routes/risk/routes.js';
import { storeCounterRoutes } from './routes/stores/counter/routes.js';
import { systemRoutes } from './routes/system.js';
import { registerSecurityHeaders } from './securityHeaders.js';
import { registerTextGuard } from './textGuard.js';
import { webhookDocs } from './webhookDocs.js';

/** Every route with its declared access rule, for the access-matrix test and the docs. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  /** Which parts of the request the route validates. */
  validates: { body: boolean; query: boolean; params: boolean };
  /** The success statuses whose answer the route declares (`schema.response`). */
  responds: string[];
  /** Whether the route pages with `cursor` and `limit`. */
  paginated: boolean;
  /** False for a POST whose repeat must run again (`idempotent: false`): it takes no `Idempotency-Key`. */
  idempotent: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    retourRoutes: RegisteredRoute[];
  }
}

export interface ServerOptions {
  config: RetourConfig;
  /** The process's context, with every service the routes' commands need. */
  ctx: AppContext;
  /** pino options, or false to stay quiet (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Where the rate limits count, when not in this process's memory (several server processes). */
  rateLimitStore?: FastifyRateLimitStoreCtor;
}

/** Paths pino must never write: credentials and tokens. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'body.password',
  'password',
  'token',
];

/** Query parameters whose values are secrets: Shippo's webhook `?token=`, API keys some callers
 * put in the URL, signatures, one-time codes. */
const SECRET_QUERY = /token|secret|key|sig|password|auth|code/i;

/** The identity provider's callback: its `state` (and Keycloak's `session_state`) ties the answer
 * to a sign-in, so it stays out of the log with the code. */
const SSO_CALLBACK = /^\/api\/v1\/auth\/sso\/callback\?/;

/** Paths whose last segment is a secret. */
const SECRET_PATH = /^(\/api\/v1\/shop-webhooks\/)[^/?#]+/;

/** A request URL fit for the log: the values of secret-looking query parameters are masked
 * (Fastify logs every request's URL, query and all). */
export function loggableUrl(rawUrl: string): string {
  // A shop connection's webhook token is its URL's last segment (ChannelEngine signs nothing).
  const url = rawUrl.replace(SECRET_PATH, '$1[hidden]');
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A name that does not decode is checked as it came.
      }
      const secret = SECRET_QUERY.test(name) || (SSO_CALLBACK.test(url) && /state$/i.test(name));
      return secret ? `${pair.slice(0, eq)}=[hidden]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** What the log says of a request: Fastify's fields, with the URL's secrets masked. */
const requestSerializer = (req: LoggedRequest) => ({
  method: req.method,
  url: loggableUrl(req.url),
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

/** Fastify with zod validation, request ids and problem answers for its own errors. */
function createFastify(config: RetourConfig, logger: ServerOptions['logger']): FastifyInstance {
  const app = Fastify({
    logger:
      logger === false
        ? false
        : {
            level: config.logLevel,
            redact: REDACTED_PATHS,
            serializers: { req: requestSerializer },
            ...(typeof logger === 'object' ? logger : {}),
          },
    requestIdHeader: 'x-request-id',
    genReqId: () => newId('req'),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    frameworkErrors: frameworkProblem,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler({ strict: config.strictResponses }));
  // A callback hook: it runs on every answer, and needs no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  return app;
}

/** The OpenAPI document of every route (and what webhook endpoints receive), served with its UI. */
async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Retour API',
        version: '1',
        description:
          'Returns management: orders, returns and their lifecycle, reasons, customers, products, warehouses. ' +
          'Errors are RFC 9457 problem+json with a stable `code`. Every POST accepts an `Idempotency-Key` header.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'retour_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key (rtr_…) or a shopper order token' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
      // What webhook endpoints receive (OpenAPI 3.1 `webhooks`), one entry per event type.
      webhooks: webhookDocs(),
    },
    transform: jsonSchemaTransform,
  });
  recordRoutes(app);
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}

/** Keeps every route with its access rule in `app.retourRoutes`; the docs UI serves its own static
 * routes, which are public. */
function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('retourRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), access: { kind: 'public' } };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        access: (route.config as { access?: RouteAccess } | undefined)?.access,
        responds: Object.keys((route.schema?.response as Record<string, unknown> | undefined) ?? {}).filter((s) => /^2/.test(s)),
        validates: {
          body: Boolean(route.schema?.body),
          // A loose query (an identity provider's callback, which adds what it likes) takes any parameter.
          query: Boolean(route.schema?.querystring) && !takesAnyParameter(route.schema?.querystring),
          params: Boolean(route.schema?.params),
        },
        paginated: Boolean((route.schema?.querystring as { shape?: Record<string, unknown> } | undefined)?.shape?.cursor),
        idempotent: (route.config as { idempotent?: boolean } | undefined)?.idempotent !== false,
      });
    }
  });
}

/** The resource routes of every context. */
function registerRoutes(app: FastifyInstance, ctx: AppContext, config: RetourConfig): void {
  systemRoutes(app, ctx);
  authRoutes(app, ctx, config);
  ownSessionRoutes(app, ctx);
  twoFactorRoutes(app, ctx, config);
  ssoRoutes(app, ctx, config);
  returnRoutes(app, ctx);
  returnWorkRoutes(app, ctx);
  inspectionRoutes(app, ctx);
  orderRoutes(app, ctx);
  shopperRoutes(app, ctx, config.lookupRateLimit);
  customerRoutes(app, ctx);
  privacyExportRoutes(app, ctx);
  privacyErasureRoutes(app, ctx);
  productRoutes(app, ctx);
  reasonRoutes(app, ctx);
  warehouseRoutes(app, ctx);
  channelRoutes(app, ctx);
  stockRoutes(app, ctx);
  settingsRoutes(app, ctx);
  retentionRoutes(app, ctx);
  adminRoutes(app, ctx);
  accessLogRoutes(app, ctx);
  policyRoutes(app, ctx);
  riskRoutes(app, ctx);
  liveRoutes(app, ctx);
  settlementRoutes(app, ctx, config.reconcileAfterSeconds * 1000);
  storeCreditRoutes(app, ctx);
  exchangeRoutes(app, ctx);
  repairRoutes(app, ctx);
  carrierSettingsRoutes(app, ctx);
  routingRuleRoutes(app, ctx);
  shipmentRoutes(app, ctx);
  trackingRoutes(app, ctx);
  claimRoutes(app, ctx);
  dropOffRoutes(app, ctx, config.lookupRateLimit);
  automationRoutes(app, ctx);
  webhookRoutes(app, ctx);
  emailRoutes(app, ctx);
  financeRoutes(app, ctx);
  notificationRoutes(app, ctx);
  connectionRoutes(app, ctx);
  shopWebhookRoutes(app, ctx);
  storeCounterRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  analyticsReportRoutes(app, ctx);
}

/** Builds the HTTP API: plugins with one job each, then the resource routes. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config, ctx } = options;
  const app = createFastify(config, options.logger);
  registerSecurityHeaders(app, config);
  registerRequestBodies(app);
  registerProblemHandling(app, { explainResponseErrors: config.strictResponses });
  await app.register(cookie);
  await app.register(rateLimit, { global: false, ...(options.rateLimitStore ? { store: options.rateLimitStore } : {}) });
  await registerApiDocs(app);
  registerAuthentication(app, ctx);
  registerAccessLog(app, ctx);
  registerTextGuard(app);
  registerIdempotency(app, ctx);
  // After the idempotency hook, which stores the plain JSON of a response.
  registerCompression(app);
  registerRoutes(app, ctx, config);
  await registerPortal(app);
  return app;
}

/** Whether a query schema accepts parameters it does not name (a zod `looseObject`). */
function takesAnyParameter(schema: unknown): boolean {
  const def = (schema as { _zod?: { def?: { catchall?: { _zod?: { def?: { type?: string } } } } } } | undefined)?._zod?.def;
  return def?.catchall?._zod?.def?.type === 'unknown';
}
