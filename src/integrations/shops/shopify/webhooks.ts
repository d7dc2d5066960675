import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  ShopError,
  type ShopOrder,
  type ShopWebhookEvent,
  type ShopWebhookRequest,
} from '../../../app/catalog/connections/port.js';
import { fromDecimal } from '../http.js';
import { type Gql, toAddress } from './orderMapper.js';

const PAID_STATUSES = new Set(['paid', 'partially_refunded', 'partially_paid']);

/** Whether the base64 HMAC-SHA256 of the raw body with the secret is the one sent (compared in constant time). */
export function shopifySignatureValid(rawBody: string, secret: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  const given = Buffer.from(sent, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const gid = (type: string, id: unknown) => (id == null ? null : `gid://shopify/${type}/${id}`);

/**
 * Verifies a webhook delivery (X-Shopify-Hmac-Sha256 with the app's client secret; the URL's
 * token must match too when one is expected) and reads what it is about. Order payloads are
 * REST-shaped; one without fulfilments holds all Retour needs and becomes the order, one with
 * fulfilments lacks their line item ids and delivery dates, so the sync fetches that order.
 */
export function parseShopifyWebhook(
  request: ShopWebhookRequest,
  secret: string | undefined,
  expectedToken: string,
): ShopWebhookEvent {
  const headers = request.headers;
  if (!secret) throw new ShopError('auth', 'SHOP_NO_WEBHOOK_SECRET', 'No client secret is stored to verify Shopify webhooks');
  if (!shopifySignatureValid(request.rawBody, secret, headers['x-shopify-hmac-sha256']))
    throw new ShopError('auth', 'SHOP_BAD_SIGNATURE', 'The Shopify webhook signature does not verify');
  if (expectedToken && request.query.token !== undefined && request.query.token !== expectedToken)
    throw new ShopError('auth', 'SHOP_BAD_TOKEN', 'The webhook address token does not match this connection');
  const deliveryId = headers['x-shopify-webhook-id'] ?? headers['x-shopify-event-id'];
  const topic = headers['x-shopify-topic'];
  if (!deliveryId || !topic)
    throw new ShopError('rejected', 'SHOP_BAD_WEBHOOK', 'The Shopify webhook lacks its topic or delivery id', {
      field: deliveryId ? 'x-shopify-topic' : 'x-shopify-webhook-id',
    });
  let payload: Gql;
  try {
    payload = JSON.parse(request.rawBody) as Gql;
  } catch {
    throw new ShopError('rejected', 'SHOP_BAD_WEBHOOK', 'The Shopify webhook body is not JSON', { field: 'body' });
  }
  const [group = '', verb = ''] = topic.split('/');
  const resource = resourceOf(group);
  return {
    deliveryId,
    topic,
    resource,
    action: actionOf(verb),
    externalId: externalIdOf(group, payload),
    order: resource === 'order' && group === 'orders' && verb !== 'delete' ? orderFromPayload(payload) : null,
    changedSince: null,
  };
}

function resourceOf(group: string): ShopWebhookEvent['resource'] {
  if (group === 'orders' || group === 'fulfillments' || group === 'refunds') return 'order';
  if (group === 'products') return 'product';
  if (group === 'returns' || group === 'reverse_fulfillment_orders' || group === 'reverse_deliveries') return 'return';
  return 'other';
}

function actionOf(verb: string): ShopWebhookEvent['action'] {
  if (verb === 'create') return 'created';
  if (verb === 'delete') return 'deleted';
  if (!verb) return 'other';
  return 'updated';
}

/** The GraphQL id of what the webhook is about (for fulfilments and refunds: their order). */
function externalIdOf(group: string, payload: Gql): string | null {
  if (group === 'fulfillments' || group === 'refunds') return gid('Order', payload.order_id);
  if (group === 'orders') return (payload.admin_graphql_api_id as string | undefined) ?? gid('Order', payload.id);
  if (group === 'products') return (payload.admin_graphql_api_id as string | undefined) ?? gid('Product', payload.id);
  if (group === 'returns') return (payload.admin_graphql_api_id as string | undefined) ?? gid('Return', payload.id);
  return (payload.admin_graphql_api_id as string | undefined) ?? null;
}

const amount = (value: unknown) => fromDecimal(String(value ?? '0'));

/** An order from a REST-shaped order payload, or null when it lacks fulfilment details. */
export function orderFromPayload(payload: Gql): ShopOrder | null {
  const fulfillments = (payload.fulfillments as Gql[] | null) ?? [];
  if (fulfillments.length > 0 || !Array.isArray(payload.line_items) || !payload.id) return null;
  // Paid in another currency than the shop's: the payload's plain amounts are the shop's, so the
  // order is read from the API in the shopper's currency instead.
  const presentment = typeof payload.presentment_currency === 'string' ? payload.presentment_currency : null;
  if (presentment && payload.currency && presentment !== payload.currency) return null;
  const customer = (payload.customer as Gql | null) ?? {};
  const taxesIncluded = payload.taxes_included !== false;
  const shippingLines = ((payload.shipping_lines as Gql[] | null) ?? []).map((s) => ({
    title: String(s.title ?? ''),
    amount: amount(s.discounted_price ?? s.price),
  }));
  const gateways = ((payload.payment_gateway_names as string[] | null) ?? []).filter((g) => g && g !== 'manual');
  return {
    externalId: (payload.admin_graphql_api_id as string | undefined) ?? `gid://shopify/Order/${payload.id}`,
    number: String(payload.name ?? payload.order_number ?? payload.id),
    marketplace: null,
    placedAt: String(payload.processed_at ?? payload.created_at),
    updatedAt: String(payload.updated_at ?? payload.created_at),
    cancelledAt: (payload.cancelled_at as string | null) ?? null,
    currency: String(payload.currency ?? 'EUR'),
    customer: {
      externalId: gid('Customer', customer.id),
      email: String(payload.email ?? payload.contact_email ?? customer.email ?? ''),
      firstName: (customer.first_name as string | null) ?? null,
      lastName: (customer.last_name as string | null) ?? null,
      phone: (payload.phone as string | null) ?? (customer.phone as string | null) ?? null,
      locale: (payload.customer_locale as string | null) ?? (customer.locale as string | null) ?? null,
    },
    shippingAddress: toAddress(payload.shipping_address as Gql | null),
    lines: (payload.line_items as Gql[]).map((line) => {
      const quantity = Number(line.quantity ?? 0);
      const taxLines = (line.tax_lines as Gql[] | null) ?? [];
      const tax = taxLines.reduce((sum, t) => sum + amount(t.price), 0);
      const allocations = (line.discount_allocations as Gql[] | null) ?? [];
      return {
        externalId: (line.admin_graphql_api_id as string | undefined) ?? `gid://shopify/LineItem/${line.id}`,
        sku: String(line.sku ?? ''),
        title: String(line.name ?? line.title ?? ''),
        quantity,
        unitPriceAmount: amount(line.price) + (!taxesIncluded && quantity > 0 ? Math.round(tax / quantity) : 0),
        discountAmount: allocations.length
          ? allocations.reduce((sum, a) => sum + amount(a.amount), 0)
          : amount(line.total_discount),
        taxRateBp: Math.round(taxLines.reduce((sum, t) => sum + Number(t.rate ?? 0), 0) * 10_000),
        productExternalId: gid('Product', line.product_id),
        variantExternalId: gid('ProductVariant', line.variant_id),
        deliveredAt: null,
        ref: { fulfillmentLineItemId: null, inventoryItemId: null },
      };
    }),
    shippingLines,
    discountCodes: ((payload.discount_codes as Gql[] | null) ?? []).map((d) => String(d.code)).filter(Boolean),
    shippingAmount: shippingLines.reduce((sum, s) => sum + s.amount, 0),
    payment: {
      refundable: PAID_STATUSES.has(String(payload.financial_status)) && gateways.length > 0,
      method: gateways[0] ?? null,
    },
    tags: String(payload.tags ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
}
