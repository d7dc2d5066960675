/** Webhook endpoints and failed deliveries as the API lists them. */
export type {
  CreatedWebhookEndpoint,
  WebhookDelivery as Delivery,
  WebhookDeliveryPage,
  WebhookEndpoint as Endpoint,
  WebhookEndpointList,
} from '../../../../../../src/http/routes/messaging/webhooks/schema.js';
