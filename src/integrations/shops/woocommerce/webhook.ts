import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ShopError, type ShopWebhookEvent, type ShopWebhookRequest } from '../../../app/catalog/connections/port.js';
import { isObject, str } from './client.js';
import { mapOrder } from './orders.js';

/** WooCommerce's signature of a delivery: base64 HMAC-SHA256 of the body as sent, with the webhook's secret. */
export function signWooBody(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}

const invalid = (why: string) => new ShopError('auth', 'WEBHOOK_SIGNATURE_INVALID', `WooCommerce webhook ${why}`);
const malformed = (why: string) => new ShopError('rejected', 'WEBHOOK_MALFORMED', `WooCommerce webhook ${why}`);

/** The ping WooCommerce sends when a webhook is saved: a form body naming the webhook, nothing else. */
const PING = /^webhook_id=\d+$/;

function verify(request: ShopWebhookRequest, secret: string | undefined): void {
  const signature = request.headers['x-wc-webhook-signature'];
  if (!signature) throw invalid('has no X-WC-Webhook-Signature header');
  if (!secret) throw invalid('cannot be checked: the connection has no webhook secret');
  const expected = Buffer.from(signWooBody(request.rawBody, secret), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('signature does not match');
}

const ACTIONS: Record<string, ShopWebhookEvent['action']> = {
  created: 'created',
  updated: 'updated',
  restored: 'updated',
  deleted: 'deleted',
};

/**
 * Verifies a delivery's `X-WC-Webhook-Signature` on the raw body and reads it. The ping sent when a
 * webhook is saved carries no signature in WooCommerce's own code and nothing to act on: it is
 * answered (WooCommerce wants a 2xx) when its body is exactly `webhook_id=<n>`, or when it is
 * signed, correctly. An order delivery carries the REST order, mapped as read from the API;
 * `order.deleted` carries only the id.
 */
export function parseWooWebhook(request: ShopWebhookRequest, secret: string | undefined): ShopWebhookEvent {
  const body = request.rawBody.trim();
  const deliveryHeader = request.headers['x-wc-webhook-delivery-id'];
  const deliveryId = deliveryHeader || `sha256:${createHash('sha256').update(request.rawBody).digest('hex')}`;
  if (PING.test(body)) {
    if (request.headers['x-wc-webhook-signature']) verify(request, secret);
    const ping = { resource: 'ping', action: 'other', externalId: null, order: null, changedSince: null } as const;
    return { deliveryId: deliveryHeader || `ping:${body.slice('webhook_id='.length)}`, topic: 'ping', ...ping };
  }
  verify(request, secret);
  let payload: unknown;
  try {
    payload = JSON.parse(request.rawBody);
  } catch {
    throw malformed('body is not JSON');
  }
  if (!isObject(payload)) throw malformed('body is not an object');
  const topic = request.headers['x-wc-webhook-topic'] ?? '';
  const [topicResource = '', topicEvent = ''] = topic.split('.');
  const resourceName = request.headers['x-wc-webhook-resource'] || topicResource;
  const action = ACTIONS[request.headers['x-wc-webhook-event'] || topicEvent] ?? 'other';
  const resource = resourceName === 'order' ? 'order' : resourceName === 'product' ? 'product' : 'other';
  const externalId = payload.id === undefined ? null : str(payload.id) || null;
  const order = resource === 'order' && action !== 'deleted' && Array.isArray(payload.line_items) ? mapOrder(payload) : null;
  return { deliveryId, topic, resource, action, externalId, order, changedSince: null };
}
