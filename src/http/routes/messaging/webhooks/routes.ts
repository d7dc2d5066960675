import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { createWebhookEndpoint } from '../../../../app/messaging/webhooks/createWebhookEndpoint.js';
import { replayWebhookDelivery } from '../../../../app/messaging/webhooks/replayWebhookDelivery.js';
import { updateWebhookEndpoint } from '../../../../app/messaging/webhooks/updateWebhookEndpoint.js';
import { listWebhookDeliveries, listWebhookEndpoints } from '../../../../app/messaging/webhooks/webhookQueries.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import {
  createdWebhookEndpoint,
  createEndpointBody,
  deliveriesQuery,
  replayBody,
  replayedDelivery,
  updateEndpointBody,
  webhookDeliveryPage,
  webhookEndpoint,
  webhookEndpointList,
} from './schema.js';

/** Webhook endpoints, their delivery log, the dead letters and replay. */
export function webhookRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const access = staff('webhooks.manage');

  r.get('/api/v1/webhook-endpoints', {
    schema: { tags, summary: 'Webhook endpoints (secrets are never shown again)', response: { 200: webhookEndpointList } },
    config: { access },
    handler: () => listWebhookEndpoints(ctx.db),
  });

  r.post('/api/v1/webhook-endpoints', {
    schema: {
      tags,
      summary: 'Subscribe a URL to event types; the answer holds the signing secret, this once',
      body: createEndpointBody,
      response: { 201: createdWebhookEndpoint },
    },
    config: { access },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        createWebhookEndpoint(ctx, meta, { ...req.body, description: req.body.description ?? null }),
      ),
  });

  r.patch('/api/v1/webhook-endpoints/:id', {
    schema: {
      tags,
      summary: "Change an endpoint's URL or event types, or switch it on or off",
      params: idParams,
      body: updateEndpointBody,
      response: { 200: webhookEndpoint },
    },
    config: { access },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => updateWebhookEndpoint(ctx, meta, req.params.id, req.body)),
  });

  r.get('/api/v1/webhook-endpoints/:id/deliveries', {
    schema: {
      tags,
      summary: "An endpoint's deliveries, newest first, each with its tries",
      params: idParams,
      querystring: deliveriesQuery,
      response: { 200: webhookDeliveryPage },
    },
    config: { access },
    handler: (req) => listWebhookDeliveries(ctx.db, { endpointId: req.params.id, ...req.query }),
  });

  r.get('/api/v1/webhook-deliveries', {
    schema: {
      tags,
      summary: 'Deliveries across endpoints (status=dead: the dead letters)',
      querystring: deliveriesQuery,
      response: { 200: webhookDeliveryPage },
    },
    config: { access },
    handler: (req) => listWebhookDeliveries(ctx.db, req.query),
  });

  r.post('/api/v1/webhook-deliveries/:id/replay', {
    schema: {
      tags,
      summary: 'Send a delivery again with a fresh retry schedule',
      params: idParams,
      body: replayBody,
      response: { 200: replayedDelivery },
    },
    config: { access },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => replayWebhookDelivery(ctx, meta, req.params.id)),
  });
}
