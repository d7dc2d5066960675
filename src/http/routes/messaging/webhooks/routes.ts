import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { JobEnqueuer } from '../../../../app/kernel/jobQueue.js';
import { createWebhookEndpoint } from '../../../../app/messaging/webhooks/createWebhookEndpoint.js';
import { replayWebhookDelivery } from '../../../../app/messaging/webhooks/replayWebhookDelivery.js';
import { updateWebhookEndpoint } from '../../../../app/messaging/webhooks/updateWebhookEndpoint.js';
import { listWebhookDeliveries, listWebhookEndpoints } from '../../../../app/messaging/webhooks/webhookQueries.js';
import type { CredentialBox } from '../../../../app/money/payments/credentialBox.js';
import { WEBHOOK_DELIVERY_STATUSES } from '../../../../domain/webhookDelivery.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { cursorQuery, idParams, limitQuery } from '../../common.js';

const eventType = z
  .string()
  .trim()
  .max(100)
  .regex(/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/, 'an event type such as return.approved, a prefix such as return.* or *');
const endpointBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  description: z.string().trim().max(200).nullish(),
  eventTypes: z.array(eventType).min(1).max(100),
});
const deliveriesQuery = z.strictObject({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

/** Webhook endpoints, their delivery log, the dead letters and replay. */
export function webhookRoutes(app: FastifyInstance, ctx: AppContext, box: CredentialBox, jobs: JobEnqueuer) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const access = staff('webhooks.manage');

  r.get('/api/v1/webhook-endpoints', {
    schema: { tags, summary: 'Webhook endpoints (secrets are never shown again)' },
    config: { access },
    handler: () => listWebhookEndpoints(ctx.db),
  });

  r.post('/api/v1/webhook-endpoints', {
    schema: {
      tags,
      summary: 'Subscribe a URL to event types; the answer holds the signing secret, this once',
      body: endpointBody,
    },
    config: { access },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        createWebhookEndpoint(ctx, box, meta, { ...req.body, description: req.body.description ?? null }),
      ),
  });

  r.patch('/api/v1/webhook-endpoints/:id', {
    schema: {
      tags,
      summary: "Change an endpoint's URL or event types, or switch it on or off",
      params: idParams,
      body: endpointBody.partial().extend({ enabled: z.boolean().optional() }),
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
    },
    config: { access },
    handler: (req) => listWebhookDeliveries(ctx.db, { endpointId: req.params.id, ...req.query }),
  });

  r.get('/api/v1/webhook-deliveries', {
    schema: { tags, summary: 'Deliveries across endpoints (status=dead: the dead letters)', querystring: deliveriesQuery },
    config: { access },
    handler: (req) => listWebhookDeliveries(ctx.db, req.query),
  });

  r.post('/api/v1/webhook-deliveries/:id/replay', {
    schema: {
      tags,
      summary: 'Send a delivery again with a fresh retry schedule',
      params: idParams,
      body: z.strictObject({}).nullish(),
    },
    config: { access },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => replayWebhookDelivery(ctx, jobs, meta, req.params.id)),
  });
}
