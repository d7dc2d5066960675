import { sql } from 'kysely';
import { ORDER_COLUMN_TYPES, ORDER_LINE_COLUMN_TYPES, pickColumns } from '../../db/columnTypes.js';
import type { NewOrder, NewOrderLine } from '../../db/schema.js';
import { insertUnnested } from '../../db/unnestRows.js';
import { RetourError } from '../../domain/errors.js';
import { allocate } from '../../domain/money.js';
import type { OrderImport } from '../../domain/orderImport.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Tx } from '../kernel/transaction.js';
import { upsertCustomers } from './upsertCustomers.js';

export type { OrderImport } from '../../domain/orderImport.js';

export interface ImportRejection {
  index: number;
  orderNumber: string | null;
  code: string;
  message: string;
  path?: string;
}

export interface ImportOrdersResult {
  imported: { index: number; orderId: string; orderNumber: string }[];
  rejected: ImportRejection[];
}

/** Money of one imported line: order discounts are spread by largest remainder so the lines add
 * up exactly, and tax is taken as included in the price (EU consumer prices). */
export function priceOrderLines<
  T extends {
    discountAmount: number;
    lines: { unitPriceAmount: number; quantity: number; discountAmount: number; taxRateBp: number }[];
  },
>(order: T) {
  const gross = order.lines.map((l) => l.unitPriceAmount * l.quantity);
  const afterLine = gross.map((g, i) => g - (order.lines[i]?.discountAmount ?? 0));
  const orderShare = allocate(order.discountAmount, afterLine);
  return order.lines.map((l, i) => {
    const discount = (l.discountAmount ?? 0) + (orderShare[i] ?? 0);
    const paid = (gross[i] ?? 0) - discount;
    const tax = paid - Math.round((paid * 10_000) / (10_000 + l.taxRateBp));
    return { gross: gross[i] ?? 0, discount, paid, tax };
  });
}

/** A shop's clock may run a little ahead of ours: a delivery stamped this much after our "now"
 * is taken as delivered now-ish, not refused as one that has not happened yet. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A delivery that cannot have happened: before the order was placed, or later than now. Either
 * would move the return window (counted from delivery) to a date the shopper never had. */
function impossibleDelivery(
  order: Pick<OrderImport, 'placedAt' | 'lines'>,
  now: Date,
): { code: string; message: string; path: string } | null {
  const placed = Date.parse(order.placedAt);
  for (const [i, line] of order.lines.entries()) {
    if (!line.deliveredAt) continue;
    const delivered = Date.parse(line.deliveredAt);
    const path = `lines.${i}.deliveredAt`;
    if (delivered < placed) {
      return {
        code: 'DELIVERY_BEFORE_ORDER',
        message: `Delivered at ${line.deliveredAt}, before the order was placed (${order.placedAt})`,
        path,
      };
    }
    if (delivered > now.getTime() + CLOCK_SKEW_MS) {
      return { code: 'DELIVERY_IN_FUTURE', message: `Delivered at ${line.deliveredAt}, which is in the future`, path };
    }
  }
  return null;
}

/** Why an order cannot be imported, or null when it can. */
function orderProblem(
  order: OrderImport,
  now: Date,
  taken: Set<string>,
  channels: Map<string, string>,
  variants: Map<string, unknown>,
): { code: string; message: string; path: string } | null {
  if (taken.has(order.orderNumber)) {
    return { code: 'ORDER_EXISTS', message: `Order ${order.orderNumber} already exists`, path: 'orderNumber' };
  }
  if (!channels.has(order.channel))
    return { code: 'CHANNEL_NOT_FOUND', message: `Unknown channel "${order.channel}"`, path: 'channel' };
  const untitled = order.lines.findIndex((l) => !variants.has(l.sku) && !l.title);
  if (untitled >= 0)
    return { code: 'TITLE_REQUIRED', message: 'A line with an unknown SKU needs a title', path: `lines.${untitled}.title` };
  const overDiscount = order.lines.findIndex((l) => l.discountAmount > l.unitPriceAmount * l.quantity);
  if (overDiscount >= 0) {
    return {
      code: 'DISCOUNT_EXCEEDS_PRICE',
      message: 'A line discount exceeds the line price',
      path: `lines.${overDiscount}.discountAmount`,
    };
  }
  const lineTotal = order.lines.reduce((s, l) => s + l.unitPriceAmount * l.quantity - l.discountAmount, 0);
  if (order.discountAmount > lineTotal) {
    return { code: 'DISCOUNT_EXCEEDS_PRICE', message: 'The order discount exceeds the order value', path: 'discountAmount' };
  }
  return impossibleDelivery(order, now);
}

/** Imports orders (from the API, a CSV or a JSON file). Each order is checked on its own;
 * rejected ones are reported with a reason and the valid ones are written together. */
export async function importOrders(
  ctx: AppContext,
  meta: CommandMeta,
  orders: OrderImport[],
  options: { startIndex?: number; strict?: boolean } = {},
): Promise<ImportOrdersResult> {
  const offset = options.startIndex ?? 0;
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const known = await readKnown(tx, orders);
    const { accepted, rejected } = checkOrders(orders, offset, ctx.now(), known);
    const first = rejected[0];
    if (options.strict && first) {
      throw new RetourError(first.code === 'ORDER_EXISTS' ? 'conflict' : 'invalid', first.code, first.message, [
        { path: first.path ?? '', message: first.message },
      ]);
    }
    if (accepted.length === 0) return { imported: [], rejected };

    const customerIdByEmail = await upsertCustomers(
      tx,
      accepted.map(({ order }) => ({
        ...order.customer,
        country: order.shippingAddress.country,
        postcode: order.shippingAddress.postcode,
      })),
    );
    const orderRows: ImportedOrderRow[] = [];
    const lineRows: ImportedLineRow[] = [];
    const imported: ImportOrdersResult['imported'] = [];
    for (const { index, order } of accepted) {
      const rows = orderRowsOf(order, customerIdByEmail, known);
      orderRows.push(rows.order);
      lineRows.push(...rows.lines);
      imported.push({ index, orderId: rows.order.id, orderNumber: order.orderNumber });
      record({
        type: 'order.imported',
        subjectType: 'order',
        subjectId: rows.order.id,
        data: { orderNumber: order.orderNumber, channel: order.channel, lines: order.lines.length },
      });
    }
    // One statement per table whatever the batch's size (as a shop's backfill writes them).
    await insertUnnested(tx, 'orders', IMPORTED_ORDER_COLUMNS, orderRows);
    await insertUnnested(tx, 'order_lines', IMPORTED_LINE_COLUMNS, lineRows);
    return { imported, rejected };
  });
}

type Known = Awaited<ReturnType<typeof readKnown>>;

/** What the batch refers to that already exists: order numbers taken, variants by SKU, channels. */
async function readKnown(tx: Tx, orders: OrderImport[]) {
  const numbers = [...new Set(orders.map((o) => o.orderNumber))];
  const skus = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.sku)))];
  const channelCodes = [...new Set(orders.map((o) => o.channel))];
  // One array parameter rather than an `in (…)` list of one per value, so the statement stays short
  // and prepared; each value is one index probe whatever the tables' statistics say (a lateral
  // subquery kept apart by `offset 0`: left to choose, the planner read every row of a table
  // whose statistics lagged behind a bulk load).
  const [existing, variants, channels] = await Promise.all([
    numbers.length
      ? sql<{ order_number: string }>`select o.order_number from unnest(${numbers}::text[]) as n(number)
          cross join lateral (select order_number from orders where order_number = n.number offset 0) o`.execute(tx)
      : { rows: [] },
    skus.length
      ? sql<{ id: string; sku: string; title: string; currency: string }>`select v.id, v.sku, v.title, v.currency
          from unnest(${skus}::text[]) as s(sku)
          cross join lateral (select * from variants where variants.sku = s.sku offset 0) v`.execute(tx)
      : { rows: [] },
    tx.selectFrom('channels').select(['id', 'code']).where('code', 'in', channelCodes).execute(),
  ]);
  return {
    taken: new Set(existing.rows.map((e) => e.order_number)),
    variantBySku: new Map(variants.rows.map((v) => [v.sku, v])),
    channelByCode: new Map(channels.map((c) => [c.code, c.id])),
  };
}

/** Each order checked on its own; a number is taken by the first order of the batch that has it. */
function checkOrders(orders: OrderImport[], offset: number, now: Date, known: Known) {
  const rejected: ImportRejection[] = [];
  const accepted: { index: number; order: OrderImport }[] = [];
  for (const [i, order] of orders.entries()) {
    const index = offset + i;
    const problem = orderProblem(order, now, known.taken, known.channelByCode, known.variantBySku);
    if (problem) {
      rejected.push({ index, orderNumber: order.orderNumber, ...problem });
      continue;
    }
    known.taken.add(order.orderNumber);
    accepted.push({ index, order });
  }
  return { accepted, rejected };
}

/** The rows of one accepted order and its lines, priced. */
function orderRowsOf(order: OrderImport, customerIdByEmail: Map<string, string>, known: Known) {
  const orderId = newId('ord');
  const priced = priceOrderLines(order);
  const sum = (k: 'gross' | 'discount' | 'paid' | 'tax') => priced.reduce((s, p) => s + p[k], 0);
  const row = {
    id: orderId,
    order_number: order.orderNumber,
    channel_id: known.channelByCode.get(order.channel) as string,
    customer_id: customerIdByEmail.get(order.customer.email) as string,
    email: order.customer.email,
    currency: order.currency,
    placed_at: order.placedAt,
    shipping_country: order.shippingAddress.country,
    shipping_postcode: order.shippingAddress.postcode,
    shipping_address: JSON.stringify(order.shippingAddress),
    subtotal_amount: sum('gross'),
    discount_amount: sum('discount'),
    shipping_amount: order.shippingAmount,
    shipping_premium_amount: order.shippingPremiumAmount,
    tax_amount: sum('tax'),
    total_amount: sum('paid') + order.shippingAmount + order.shippingPremiumAmount,
    payment_method: order.paymentMethod ?? null,
    payment_provider: order.paymentProvider ?? null,
    payment_reference: order.paymentReference ?? null,
    external_id: order.externalId ?? null,
  } satisfies NewOrder;
  const lines = order.lines.map((l, i) => {
    const variant = known.variantBySku.get(l.sku);
    const p = priced[i] as (typeof priced)[number];
    return {
      id: newId('ol'),
      order_id: orderId,
      line_number: i + 1,
      variant_id: variant?.id ?? null,
      sku: l.sku,
      title: l.title ?? variant?.title ?? l.sku,
      quantity: l.quantity,
      unit_price_amount: l.unitPriceAmount,
      discount_amount: p.discount,
      tax_amount: p.tax,
      tax_rate_bp: l.taxRateBp,
      paid_amount: p.paid,
      delivered_at: l.deliveredAt ?? null,
    } satisfies NewOrderLine;
  });
  return { order: row, lines };
}

type ImportedOrderRow = ReturnType<typeof orderRowsOf>['order'];
type ImportedLineRow = ReturnType<typeof orderRowsOf>['lines'][number];

const IMPORTED_ORDER_COLUMNS = pickColumns<ImportedOrderRow>()(ORDER_COLUMN_TYPES, [
  'id',
  'order_number',
  'channel_id',
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
  'shipping_premium_amount',
  'tax_amount',
  'total_amount',
  'payment_method',
  'payment_provider',
  'payment_reference',
  'external_id',
]);

const IMPORTED_LINE_COLUMNS = pickColumns<ImportedLineRow>()(ORDER_LINE_COLUMN_TYPES, [
  'id',
  'order_id',
  'line_number',
  'variant_id',
  'sku',
  'title',
  'quantity',
  'unit_price_amount',
  'discount_amount',
  'tax_amount',
  'tax_rate_bp',
  'paid_amount',
  'delivered_at',
]);

/** Imports exactly one order, failing with a problem when it is refused. */
export async function importOrder(ctx: AppContext, meta: CommandMeta, order: OrderImport) {
  const result = await importOrders(ctx, meta, [order], { strict: true });
  return result.imported[0] as ImportOrdersResult['imported'][number];
}
