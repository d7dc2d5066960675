import { ORDER_COLUMN_TYPES, ORDER_LINE_COLUMN_TYPES, pickColumns } from '../../../db/columnTypes.js';
import type { ShopConnectionSettings } from '../../../db/schema/connections.js';
import { SHOP_PLATFORM_CAPABILITIES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import type { ShopOrder } from '../connections/port.js';
import { CLOCK_SKEW_MS, priceOrderLines } from '../importOrders.js';

/** What the sync needs to know of a connection to bring its orders and products in. */
export interface SyncConnection {
  id: string;
  platform: ShopPlatform;
  name: string;
  channelId: string;
  /** The code of the connection's sales channel: the mark a clashing order number gets. */
  channelCode: string;
  settings: ShopConnectionSettings;
}

/** An order of a page the sync refused, and why (it is recorded as a sync error and skipped). */
export interface ShopOrderRejection {
  externalId: string;
  number: string | null;
  code: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_AMOUNT = 1_000_000_000;

function isAmount(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_AMOUNT;
}

/** Why an order cannot come in, or null when it can. The adapters map the platforms' answers; this
 * is the last check before rows are written, so one bad order never stops its page. */
export function shopOrderProblem(order: ShopOrder): { code: string; message: string } | null {
  if (!order.externalId || !order.number) return { code: 'ORDER_INCOMPLETE', message: 'The order has no id or number' };
  if (!EMAIL.test(order.customer?.email?.trim() ?? ''))
    return { code: 'EMAIL_INVALID', message: `The order's e-mail address "${order.customer?.email ?? ''}" is not usable` };
  if (Number.isNaN(Date.parse(order.placedAt)) || Number.isNaN(Date.parse(order.updatedAt)))
    return { code: 'DATE_INVALID', message: 'The order has no valid placement or change date' };
  if (!/^[A-Za-z]{3}$/.test(order.currency ?? ''))
    return { code: 'CURRENCY_INVALID', message: `Unknown currency "${order.currency}"` };
  if (!order.shippingAddress?.country || order.shippingAddress.postcode == null)
    return { code: 'ADDRESS_INVALID', message: 'The order has no shipping country or postcode' };
  if (order.lines.length === 0) return { code: 'ORDER_HAS_NO_LINES', message: 'The order has no lines' };
  const seen = new Set<string>();
  for (const line of order.lines) {
    if (!line.externalId || seen.has(line.externalId))
      return { code: 'LINE_ID_INVALID', message: `A line has no id of its own (${line.externalId || 'none'})` };
    seen.add(line.externalId);
    if (!line.sku) return { code: 'SKU_MISSING', message: `Line ${line.externalId} has no SKU` };
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      return { code: 'QUANTITY_INVALID', message: `Line ${line.externalId} has quantity ${line.quantity}` };
    if (!isAmount(line.unitPriceAmount) || !isAmount(line.discountAmount))
      return { code: 'AMOUNT_INVALID', message: `Line ${line.externalId} has an amount Retour cannot take` };
    if (line.discountAmount > line.unitPriceAmount * line.quantity)
      return { code: 'DISCOUNT_EXCEEDS_PRICE', message: `Line ${line.externalId}'s discount exceeds its price` };
    if (!Number.isInteger(line.taxRateBp) || line.taxRateBp < 0 || line.taxRateBp > 10_000)
      return { code: 'TAX_RATE_INVALID', message: `Line ${line.externalId} has tax rate ${line.taxRateBp}` };
  }
  if (!isAmount(order.shippingAmount)) return { code: 'AMOUNT_INVALID', message: 'The shipping amount is not usable' };
  return null;
}

/** A delivery date the return window can be counted from: not before the order, not in the future.
 * A platform's impossible date is left out rather than refusing the whole order. */
function plausibleDelivery(deliveredAt: string | null, placedAt: string, now: Date): string | null {
  if (!deliveredAt) return null;
  const at = Date.parse(deliveredAt);
  if (Number.isNaN(at) || at < Date.parse(placedAt) || at > now.getTime() + CLOCK_SKEW_MS) return null;
  return new Date(at).toISOString();
}

/**
 * Who refunds the order's shopper. Paid on the platform, and the shop lets refunds go through it:
 * the platform, with a reference the refund path reads back (`<connection id>:<order id>`).
 * Otherwise by hand (`manual`): a marketplace refunds its buyer itself, and an order paid outside
 * the platform has nothing to refund through.
 */
export function paymentOf(connection: SyncConnection, order: ShopOrder) {
  const throughPlatform =
    order.payment.refundable &&
    order.marketplace === null &&
    connection.settings.refundThroughPlatform !== false &&
    SHOP_PLATFORM_CAPABILITIES[connection.platform].refunds;
  return throughPlatform
    ? { provider: connection.platform as string, reference: `${connection.id}:${order.externalId}` }
    : { provider: 'manual', reference: null };
}

/** An instant in UTC as JavaScript writes it (`2026-05-01T10:00:00.000Z`), which PostgreSQL reads
 * as JavaScript does, is taken as it is (the platforms mostly give it so); any other text goes
 * through a Date. So does a day the month does not have, which JavaScript rolls over into the
 * next month and PostgreSQL refuses. */
const UTC_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function instant(text: string): string {
  if (UTC_INSTANT.test(text)) {
    const digit = (i: number) => text.charCodeAt(i) - 48;
    const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const month = digit(5) * 10 + digit(6);
    const day = digit(8) * 10 + digit(9);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day <= (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number))) return text;
  }
  return new Date(text).toISOString();
}

/** An order's row as the upsert writes it (column names of `orders`, typed by `ORDER_ROW_COLUMNS`),
 * but for what every order of the connection's page shares (its channel and connection). */
export function orderRowOf(
  connection: SyncConnection,
  order: ShopOrder,
  ids: { orderId: string; orderNumber: string; customerId: string },
) {
  // The platforms give each line its share of the order's discounts, so no order discount is spread.
  const priced = priceOrderLines({ discountAmount: 0, lines: order.lines });
  const sum = { gross: 0, discount: 0, paid: 0, tax: 0 };
  for (const p of priced) {
    sum.gross += p.gross;
    sum.discount += p.discount;
    sum.paid += p.paid;
    sum.tax += p.tax;
  }
  const payment = paymentOf(connection, order);
  return {
    row: {
      id: ids.orderId,
      order_number: ids.orderNumber,
      customer_id: ids.customerId,
      email: order.customer.email.trim().toLowerCase(),
      currency: order.currency.toUpperCase(),
      placed_at: instant(order.placedAt),
      shipping_country: order.shippingAddress.country,
      shipping_postcode: order.shippingAddress.postcode,
      shipping_address: order.shippingAddress,
      subtotal_amount: sum.gross,
      discount_amount: sum.discount,
      shipping_amount: order.shippingAmount,
      tax_amount: sum.tax,
      total_amount: sum.paid + order.shippingAmount,
      payment_method: order.payment.method?.slice(0, 80) ?? null,
      payment_provider: payment.provider,
      payment_reference: payment.reference,
      external_id: order.externalId,
      source_updated_at: instant(order.updatedAt),
      cancelled_at: order.cancelledAt ? instant(order.cancelledAt) : null,
      marketplace: order.marketplace,
      discount_codes: order.discountCodes,
      shipping_lines: order.shippingLines.map((s) => ({ title: s.title, amount: s.amount })),
    },
    priced,
  };
}

type OrderRow = ReturnType<typeof orderRowOf>['row'];

/** The columns of an order's row, with their types, for `unnestRows`. */
export const ORDER_ROW_COLUMNS = pickColumns<OrderRow>()(ORDER_COLUMN_TYPES, [
  'id',
  'order_number',
  'customer_id',
  'email',
  'currency',
  'placed_at',
  'shipping_country',
  'shipping_postcode',
  'shipping_address',
  'subtotal_amount',
  'discount_amount',
  'shipping_amount',
  'tax_amount',
  'total_amount',
  'payment_method',
  'payment_provider',
  'payment_reference',
  'external_id',
  'source_updated_at',
  'cancelled_at',
  'marketplace',
  'discount_codes',
  'shipping_lines',
]);

/** The rows of an order's lines. Lines already in Retour keep their id and number (returns refer
 * to them); new ones are numbered after the highest number the order has used. */
export function lineRowsOf(
  order: ShopOrder,
  orderId: string,
  priced: ReturnType<typeof priceOrderLines>,
  existing: Map<string, { id: string; lineNumber: number }>,
  now: Date,
  newLineId: () => string,
) {
  let next = Math.max(0, ...[...existing.values()].map((e) => e.lineNumber));
  return order.lines.map((l, i) => {
    const known = existing.get(l.externalId);
    const p = priced[i] as (typeof priced)[number];
    return {
      id: known?.id ?? newLineId(),
      order_id: orderId,
      line_number: known?.lineNumber ?? ++next,
      sku: l.sku,
      title: (l.title || l.sku).slice(0, 300),
      quantity: l.quantity,
      unit_price_amount: l.unitPriceAmount,
      discount_amount: p.discount,
      tax_amount: p.tax,
      tax_rate_bp: l.taxRateBp,
      paid_amount: p.paid,
      delivered_at: plausibleDelivery(l.deliveredAt, order.placedAt, now),
      external_id: l.externalId,
      external_ref: l.ref ?? {},
      // Null where the platform's answer did not say (a listing page): what is stored stays.
      refunded_quantity:
        l.refundedQuantity === undefined ? null : Math.min(Math.max(Math.trunc(l.refundedQuantity), 0), l.quantity),
      refunded_amount: l.refundedAmount === undefined ? null : Math.min(Math.max(Math.round(l.refundedAmount), 0), p.paid),
    };
  });
}

/** The columns of an order line's row, with their types, for `unnestRows`. */
export const LINE_ROW_COLUMNS = pickColumns<ReturnType<typeof lineRowsOf>[number]>()(ORDER_LINE_COLUMN_TYPES, [
  'id',
  'order_id',
  'line_number',
  'sku',
  'title',
  'quantity',
  'unit_price_amount',
  'discount_amount',
  'tax_amount',
  'tax_rate_bp',
  'paid_amount',
  'delivered_at',
  'external_id',
  'external_ref',
  'refunded_quantity',
  'refunded_amount',
]);
