/** Webhook endpoints and failed deliveries as the API lists them. */
export type {
  WebhookDelivery as Delivery,
  WebhookEndpoint as Endpoint,
} from '../../../../../../src/http/routes/messaging/webhooks/schema.js';
