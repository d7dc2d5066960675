import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES } from '../../../../domain/webhookDelivery.js';
import { cursorQuery, instant, itemsOf, limitQuery, noBody, pageOf, type Wire } from '../../common.js';

const eventType = z
  .string()
  .trim()
  .max(100)
  .regex(/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/, 'an event type such as return.approved, a prefix such as return.* or *');

export const createEndpointBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  description: z.string().trim().max(200).nullish(),
  eventTypes: z.array(eventType).min(1).max(100),
});
export const updateEndpointBody = createEndpointBody.partial().extend({ enabled: z.boolean().optional() });
export const deliveriesQuery = z.strictObject({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});
export const replayBody = noBody;

/** An endpoint as the API shows it: never its secret, only the secret's last characters. */
export const webhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()).describe('Event types, prefixes (return.*) or *'),
  secretHint: z.string().describe("The signing secret's last characters"),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('Why it was switched off (by staff, or after failing for too long)'),
  disabledAt: instant.nullable(),
  lastSuccessAt: instant.nullable(),
  createdAt: instant,
});
export const webhookEndpointList = itemsOf(webhookEndpoint);
export const createdWebhookEndpoint = webhookEndpoint.extend({
  secret: z.string().describe('The signing secret (whsec_…): shown only in this answer'),
});

/** One event for one endpoint, with each try. */
export const webhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).describe('dead: the tries ran out (a dead letter)'),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  payloadRemoved: z.boolean().describe('retention emptied the payload: it cannot be replayed (409 DELIVERY_PAYLOAD_REMOVED)'),
  createdAt: instant,
  deliveredAt: instant.nullable(),
  log: z.array(
    z.object({
      attemptedAt: instant,
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
      durationMs: z.number(),
    }),
  ),
});
export const webhookDeliveryPage = pageOf(webhookDelivery);

export const replayedDelivery = z.object({
  id: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  replayed: z.boolean().describe('false: it was still pending, so nothing changed'),
});

export type WebhookEndpoint = Wire<typeof webhookEndpoint>;
export type WebhookEndpointList = Wire<typeof webhookEndpointList>;
export type CreatedWebhookEndpoint = Wire<typeof createdWebhookEndpoint>;
export type WebhookDelivery = Wire<typeof webhookDelivery>;
export type WebhookDeliveryPage = Wire<typeof webhookDeliveryPage>;
