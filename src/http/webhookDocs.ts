import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { EVENT_CATALOGUE } from '../app/messaging/eventCatalogue.js';
import { SIGNATURE_TOLERANCE_SECONDS } from '../domain/webhookSignature.js';

/** The document's `webhooks` map, typed as the swagger plugin takes it. */
type Webhooks = NonNullable<Extract<NonNullable<FastifyDynamicSwaggerOptions['openapi']>, { webhooks?: unknown }>['webhooks']>;

const envelope = {
  type: 'object',
  required: ['id', 'type', 'subject', 'returnId', 'actor', 'reason', 'data', 'occurredAt'],
  properties: {
    id: { type: 'string', description: 'The event id; the same in every retry and replay.' },
    type: { type: 'string', description: 'The event type.' },
    subject: {
      type: 'object',
      properties: { type: { type: 'string' }, id: { type: 'string' } },
      description: 'What the event is about (a return, an exchange order, a policy, …).',
    },
    returnId: { type: ['string', 'null'] },
    actor: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['staff', 'api_key', 'shopper', 'system', 'cli'] },
        id: { type: ['string', 'null'] },
      },
    },
    reason: { type: ['string', 'null'] },
    data: { type: 'object', additionalProperties: true, description: 'Facts of the event, by type.' },
    occurredAt: { type: 'string', format: 'date-time' },
  },
};

const headers = {
  'Retour-Delivery': {
    description: 'The delivery id: the same on every try of one delivery; receivers drop repeats by it.',
    schema: { type: 'string' },
  },
  'Retour-Event': { description: 'The event type.', schema: { type: 'string' } },
  'Retour-Signature': {
    description:
      '`t=<unix seconds>,v1=<hex>`: HMAC-SHA256 with the endpoint secret over `<t>.<raw body>`. ' +
      `Recompute it over the raw body, compare in constant time, and refuse a t more than ${SIGNATURE_TOLERANCE_SECONDS} s from your clock.`,
    schema: { type: 'string' },
  },
};

/**
 * The `webhooks` part of the OpenAPI document: one entry per event type an endpoint can subscribe
 * to, each a POST of the same signed envelope. Answer 2xx within 10 s; anything else is retried
 * with backoff for about a day.
 */
export function webhookDocs(): Webhooks {
  // The schema literals are plain JSON Schema; the plugin's types want its own object types.
  return Object.fromEntries(
    [...EVENT_CATALOGUE].map(([type, description]) => [
      type,
      {
        post: {
          summary: type,
          description,
          parameters: Object.entries(headers).map(([name, h]) => ({ name, in: 'header', required: true, ...h })),
          requestBody: { required: true, content: { 'application/json': { schema: envelope } } },
          responses: { '2XX': { description: 'Received; any other answer is tried again later.' } },
        },
      },
    ]),
  ) as unknown as Webhooks;
}
