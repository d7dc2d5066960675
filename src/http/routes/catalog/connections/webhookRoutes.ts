import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { receiveShopWebhook } from '../../../../app/catalog/sync/receiveShopWebhook.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { publicAccess } from '../../../access.js';
import { sendProblem } from '../../../problem.js';
import { rawBodyOf } from '../../../requestBody.js';
import * as s from './webhookSchema.js';

/** Headers as the adapters read them: lower-case names, one value each. */
function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) out[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return out;
}

/** The body exactly as sent: JSON keeps its text (the signature covers it), a form (WooCommerce's
 * ping) arrives as its text. */
function rawTextOf(req: FastifyRequest): string {
  if (typeof req.body === 'string') return req.body;
  const raw = rawBodyOf(req);
  return typeof raw === 'string' ? raw : raw.toString('utf8');
}

/**
 * Shop platforms' webhooks. Public: the token in the URL finds the connection, and the platform
 * proves itself with its signature over the raw body (ChannelEngine signs nothing: its call is only
 * a prompt to ask its API with Retour's key). Not rate limited (platforms send bursts) and not
 * idempotent by key (the platform's delivery id dedupes). The answer is quick; a job applies it.
 */
export function shopWebhookRoutes(app: FastifyInstance, ctx: AppContext) {
  void app.register(async (scope) => {
    // WooCommerce pings a new webhook with a form body (`webhook_id=…`), which the API refuses
    // elsewhere; here it is read as text and handed to the adapter like any body.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const handler = async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
      const receipt = await receiveShopWebhook(ctx, {
        token: req.params.token,
        rawBody: rawTextOf(req),
        headers: headersOf(req.headers),
        query: req.query as Record<string, string | undefined>,
      });
      if (receipt.outcome === 'unknown') {
        return sendProblem(reply, {
          status: 404,
          code: 'SHOP_CONNECTION_NOT_FOUND',
          title: 'No such webhook address',
          instance: '/api/v1/shop-webhooks',
        });
      }
      if (receipt.outcome === 'refused') {
        const { status, code, message } = receipt;
        return sendProblem(reply, { status, code, title: message, instance: '/api/v1/shop-webhooks' });
      }
      return { received: true as const, duplicate: receipt.duplicate, topic: receipt.topic };
    };
    const common = {
      // A large order (hundreds of lines, Shopify's REST shape) is more than the API's usual limit.
      bodyLimit: 8 * 1024 * 1024,
      config: { access: publicAccess, idempotent: false },
      schema: { tags: ['connections'], params: s.shopWebhookParams, response: { 200: s.shopWebhookReceived } },
    };
    r.post('/api/v1/shop-webhooks/:token', {
      ...common,
      schema: { ...common.schema, summary: "A shop platform's webhook (Shopify, WooCommerce), signed by the platform" },
      handler,
    });
    r.get('/api/v1/shop-webhooks/:token', {
      ...common,
      schema: { ...common.schema, summary: "ChannelEngine's call that something changed (type, updatedSince in the query)" },
      handler,
    });
  });
}
