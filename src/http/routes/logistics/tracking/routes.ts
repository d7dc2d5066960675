import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { expectedReturns } from '../../../../app/logistics/tracking/expectedReturns.js';
import { inboundForecast } from '../../../../app/logistics/tracking/inboundForecast.js';
import { receiveTrackingWebhook } from '../../../../app/logistics/tracking/receiveTrackingWebhook.js';
import { publicAccess, staff } from '../../../access.js';
import { sendProblem } from '../../../problem.js';
import * as s from './schema.js';

/** Headers as the adapters read them: lower-case names, one value each. */
function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) out[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return out;
}

/** A carrier's JSON kept as the bytes it sent, unparsed: its adapter checks the signature over
 * them and parses them itself, so Fastify's parse (and the text guard's look through a parsed body)
 * would be done for nothing; the command refuses what cannot be stored. */
function carrierBodies(scope: FastifyInstance) {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/** Carriers' tracking webhooks, tracking histories and what the warehouse expects to arrive. */
export function trackingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tracking'];

  // Public: the carrier proves itself with the signature over the raw body. Not rate limited (carriers
  // send bursts) and not idempotent by key (the carrier's own delivery key dedupes). The body is
  // the carrier's JSON as sent; it is checked by the carrier's adapter, not a schema of ours.
  void app.register(async (scope) => {
    carrierBodies(scope);
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/carriers/:connectionId/webhooks', {
      schema: {
        tags,
        summary: "A carrier's tracking webhook (Sendcloud, Shippo, ShipStation, Easyship), signed by the carrier",
        params: s.webhookParams,
        response: { 200: s.webhookReceived },
      },
      config: { access: publicAccess, idempotent: false },
      // The answer is three values the handler makes: plain JSON, without the schema's encoding
      // and comparison each answer of a burst would pay for.
      serializerCompiler: () => (data) => JSON.stringify(data),
      handler: async (req, reply) => {
        const receipt = await receiveTrackingWebhook(ctx, {
          connectionId: req.params.connectionId,
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          headers: headersOf(req.headers),
          query: req.query as Record<string, string | undefined>,
        });
        if (!receipt.accepted) {
          const { status, code, message } = receipt.refusal;
          return sendProblem(reply, { status, code, title: message, instance: req.url });
        }
        // Which reading of an adapter that accepts several vouched for it: which one Shippo really
        // sends is unconfirmed (see docs/decisions.md). Never the signature or token itself.
        if (receipt.verifiedBy)
          req.log.debug(
            { connectionId: req.params.connectionId, verifiedBy: receipt.verifiedBy, duplicate: receipt.duplicate },
            'carrier webhook verified',
          );
        return { received: true as const, duplicate: receipt.duplicate, updates: receipt.updates };
      },
    });
  });

  r.get('/api/v1/inbound', {
    schema: {
      tags,
      summary: 'Return parcels the warehouse will receive per day, per destination warehouse',
      querystring: s.inboundQuery,
      response: { 200: s.inboundForecast },
    },
    config: { access: staff('returns.read') },
    handler: (req) => inboundForecast(ctx, { days: req.query.days }),
  });

  r.get('/api/v1/inbound/expected', {
    schema: {
      tags,
      summary: 'Returns the carrier delivered at the warehouse that are not received yet (the station\'s "expected" list)',
      querystring: s.expectedQuery,
      response: { 200: s.expectedList },
    },
    config: { access: staff('returns.read') },
    handler: (req) => expectedReturns(ctx, { limit: req.query.limit }),
  });
}
