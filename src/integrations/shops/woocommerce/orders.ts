import type { ShopOrder, ShopOrderLine } from '../../../app/catalog/connections/port.js';
import type { Address } from '../../../db/schema/columns.js';
import { fromDecimal } from '../http.js';
import { badAnswer, gmt, isObject, type Json, str } from './client.js';

const money = (value: unknown) => (value === undefined || value === null || value === '' ? 0 : fromDecimal(str(value) || '0'));
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const orNull = (value: unknown) => (str(value).trim() === '' ? null : str(value).trim());

/** The SKU a line or variant is known by: WooCommerce allows none, so the product's id stands in. */
export function skuOf(sku: unknown, productId: unknown, variationId: unknown): string {
  const given = str(sku).trim();
  if (given) return given;
  const id = Number(variationId) > 0 ? variationId : productId;
  return `woo-${str(id)}`;
}

/** Tax rates of the order by rate id, in basis points (tax_lines' `rate_percent`). */
function taxRates(order: Json): Map<string, number> {
  const rates = new Map<string, number>();
  for (const t of list(order.tax_lines)) {
    const percent = Number(t.rate_percent);
    if (Number.isFinite(percent)) rates.set(str(t.rate_id), Math.round(percent * 100));
  }
  return rates;
}

function mapLine(item: Json, rates: Map<string, number>): ShopOrderLine {
  const quantity = Math.max(1, Number(item.quantity) || 1);
  const subtotal = money(item.subtotal);
  const subtotalTax = money(item.subtotal_tax);
  const total = money(item.total);
  const totalTax = money(item.total_tax);
  const taxIds = list(item.taxes)
    .filter((t) => str(t.total) !== '' || str(t.subtotal) !== '')
    .map((t) => str(t.id));
  const known = taxIds.map((id) => rates.get(id)).filter((r): r is number => r !== undefined);
  // Without tax lines (older orders, some plugins) the rate is what the line's own tax says.
  const taxRateBp =
    known.length > 0 ? known.reduce((a, b) => a + b, 0) : subtotal > 0 ? Math.round((subtotalTax * 10_000) / subtotal) : 0;
  const productId = Number(item.product_id) || 0;
  const variationId = Number(item.variation_id) || 0;
  return {
    externalId: str(item.id),
    sku: skuOf(item.sku, productId, variationId),
    title: str(item.name),
    quantity,
    unitPriceAmount: Math.round((subtotal + subtotalTax) / quantity),
    discountAmount: Math.max(0, subtotal + subtotalTax - (total + totalTax)),
    taxRateBp,
    productExternalId: productId ? String(productId) : null,
    variantExternalId: variationId ? String(variationId) : productId ? String(productId) : null,
    deliveredAt: null,
    ref: { lineItemId: str(item.id), taxRateId: taxIds[0] ?? null, taxRateIds: taxIds.join(',') || null, taxRateBp },
  };
}

function addressOf(shipping: Json, billing: Json): Address {
  // Virtual goods have no shipping address; the billing one is where the shopper is.
  const from = str(shipping.address_1).trim() ? shipping : billing;
  const name = [str(from.first_name), str(from.last_name)].join(' ').trim();
  const address: Address = {
    line1: str(from.address_1),
    postcode: str(from.postcode),
    city: str(from.city),
    country: str(from.country).toUpperCase(),
  };
  if (name) address.name = from.company ? `${name} (${str(from.company)})` : name;
  if (str(from.address_2)) address.line2 = str(from.address_2);
  return address;
}

/** A REST order (a listing's, a single read's or a webhook's payload) as the port's ShopOrder. */
export function mapOrder(order: Json): ShopOrder {
  if (order.id === undefined || !Array.isArray(order.line_items)) throw badAnswer('an order');
  const billing = isObject(order.billing) ? order.billing : {};
  const shipping = isObject(order.shipping) ? order.shipping : {};
  const rates = taxRates(order);
  const placedAt = gmt(order.date_created_gmt, order.date_created) ?? new Date(0).toISOString();
  const updatedAt = gmt(order.date_modified_gmt, order.date_modified) ?? placedAt;
  const shippingLines = list(order.shipping_lines).map((s) => ({
    title: str(s.method_title) || str(s.method_id),
    amount: money(s.total) + money(s.total_tax),
  }));
  const method = orNull(order.payment_method);
  const customerId = Number(order.customer_id) || 0;
  return {
    externalId: str(order.id),
    number: str(order.number) || str(order.id),
    marketplace: null,
    placedAt,
    updatedAt,
    cancelledAt: order.status === 'cancelled' ? updatedAt : null,
    currency: str(order.currency).toUpperCase(),
    customer: {
      externalId: customerId ? String(customerId) : null,
      email: str(billing.email).trim().toLowerCase(),
      firstName: orNull(billing.first_name),
      lastName: orNull(billing.last_name),
      phone: orNull(billing.phone),
      locale: null,
    },
    shippingAddress: addressOf(shipping, billing),
    lines: list(order.line_items).map((item) => mapLine(item, rates)),
    shippingLines,
    discountCodes: list(order.coupon_lines)
      .map((c) => str(c.code))
      .filter(Boolean),
    shippingAmount: money(order.shipping_total) + money(order.shipping_tax),
    // Paid through a gateway: WooCommerce can send a refund back through it (api_refund).
    payment: { refundable: Boolean(orNull(order.date_paid_gmt) ?? orNull(order.date_paid)) && method !== null, method },
    tags: [],
  };
}
