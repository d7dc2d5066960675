import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { decodeCursor, type Page, toPage } from '../kernel/pagination.js';
import { lineImageColumns, presentLineImage } from './lineImages.js';

function presentOrderHeader(o: {
  id: string;
  order_number: string;
  channel_code: string;
  customer_id: string;
  email: string;
  currency: string;
  placed_at: Date;
  shipping_country: string;
  total_amount: number;
}) {
  return {
    id: o.id,
    orderNumber: o.order_number,
    channel: o.channel_code,
    customerId: o.customer_id,
    email: o.email,
    currency: o.currency,
    placedAt: o.placed_at.toISOString(),
    shippingCountry: o.shipping_country,
    totalAmount: o.total_amount,
  };
}

const headerColumns = [
  'orders.id',
  'orders.order_number',
  'channels.code as channel_code',
  'orders.customer_id',
  'orders.email',
  'orders.currency',
  'orders.placed_at',
  'orders.shipping_country',
  'orders.total_amount',
] as const;

/** Orders by number, e-mail, customer or placement date, newest first. */
export async function searchOrders(
  db: RetourDb,
  f: { q?: string; email?: string; customerId?: string; placedFrom?: string; placedTo?: string; cursor?: string; limit: number },
): Promise<Page<ReturnType<typeof presentOrderHeader>>> {
  let q = db.selectFrom('orders').innerJoin('channels', 'channels.id', 'orders.channel_id').select(headerColumns);
  if (f.q)
    q = q.where((eb) =>
      eb.or([eb('orders.order_number', '=', f.q?.trim() ?? ''), eb('orders.email', '=', f.q?.trim().toLowerCase() ?? '')]),
    );
  if (f.email) q = q.where('orders.email', '=', f.email.toLowerCase());
  if (f.customerId) q = q.where('orders.customer_id', '=', f.customerId);
  if (f.placedFrom) q = q.where('orders.placed_at', '>=', new Date(f.placedFrom));
  if (f.placedTo) q = q.where('orders.placed_at', '<', new Date(f.placedTo));
  if (f.cursor) q = q.where('orders.id', '<', decodeCursor(f.cursor));
  const rows = await q
    .orderBy('orders.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = toPage(rows, f.limit);
  return { items: page.items.map(presentOrderHeader), nextCursor: page.nextCursor };
}

/** One order with its lines and money, as stored at import. */
export async function getOrderDetail(db: RetourDb, orderId: string) {
  const order = await db
    .selectFrom('orders')
    .innerJoin('channels', 'channels.id', 'orders.channel_id')
    .selectAll('orders')
    .select('channels.code as channel_code')
    .where('orders.id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw notFound('Order', orderId);
  const lines = await db
    .selectFrom('order_lines')
    .leftJoin('variants as line_variants', 'line_variants.id', 'order_lines.variant_id')
    .leftJoin('products as line_products', 'line_products.id', 'line_variants.product_id')
    .selectAll('order_lines')
    .select(['line_products.id as product_id', 'line_variants.options', 'line_variants.ean', ...lineImageColumns])
    .where('order_lines.order_id', '=', orderId)
    .orderBy('order_lines.line_number')
    .execute();
  return {
    ...presentOrderHeader(order),
    shippingAddress: order.shipping_address,
    subtotalAmount: order.subtotal_amount,
    discountAmount: order.discount_amount,
    shippingAmount: order.shipping_amount,
    shippingPremiumAmount: order.shipping_premium_amount,
    taxAmount: order.tax_amount,
    paymentMethod: order.payment_method,
    externalId: order.external_id,
    lines: lines.map((l) => ({
      id: l.id,
      lineNumber: l.line_number,
      sku: l.sku,
      title: l.title,
      productId: l.product_id,
      variantId: l.variant_id,
      ean: l.ean,
      options: l.options ?? {},
      quantity: l.quantity,
      unitPriceAmount: l.unit_price_amount,
      discountAmount: l.discount_amount,
      taxAmount: l.tax_amount,
      taxRateBp: l.tax_rate_bp,
      paidAmount: l.paid_amount,
      deliveredAt: l.delivered_at?.toISOString() ?? null,
      image: presentLineImage(l, l.title),
    })),
  };
}
