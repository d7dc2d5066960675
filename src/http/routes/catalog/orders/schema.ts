import { z } from 'zod';
import { address } from '../../../../domain/address.js';
import { orderImportSchema } from '../../../../domain/orderImport.js';
import { cursorQuery, instant, isoDateTime, limitQuery, pageOf, type Wire } from '../../common.js';
import { lineImage } from '../products/schema.js';

export const importOrderBody = orderImportSchema;
export const importOrdersBody = z.strictObject({ orders: z.array(orderImportSchema).min(1).max(1000) });

export const searchOrdersQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().min(1).max(254).optional(),
  customerId: z.string().max(64).optional(),
  placedFrom: isoDateTime.optional(),
  placedTo: isoDateTime.optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

/** One order taken in, with its place in the request. */
export const importedOrder = z.object({ index: z.number(), orderId: z.string(), orderNumber: z.string() });
export const importedOrders = z.object({
  imported: z.array(importedOrder),
  rejected: z.array(
    z.object({
      index: z.number().describe('The place of the order in the request'),
      orderNumber: z.string().nullable(),
      code: z.string().describe('ORDER_EXISTS, CHANNEL_NOT_FOUND, TITLE_REQUIRED, …'),
      message: z.string(),
      path: z.string().optional().describe('The field at fault'),
    }),
  ),
});

export const orderHeader = z.object({
  id: z.string(),
  orderNumber: z.string(),
  channel: z.string().describe('The sales channel code'),
  customerId: z.string(),
  email: z.string(),
  currency: z.string(),
  placedAt: instant,
  shippingCountry: z.string(),
  totalAmount: z.number(),
});
export const orderPage = pageOf(orderHeader);

export const orderLine = z.object({
  id: z.string(),
  lineNumber: z.number(),
  sku: z.string(),
  title: z.string(),
  productId: z.string().nullable(),
  variantId: z.string().nullable().describe('null when the SKU is not in the catalogue'),
  ean: z.string().nullable(),
  options: z.record(z.string(), z.string()),
  quantity: z.number(),
  unitPriceAmount: z.number(),
  discountAmount: z.number(),
  taxAmount: z.number(),
  taxRateBp: z.number().describe('Tax rate in basis points (2100 = 21%)'),
  paidAmount: z.number(),
  deliveredAt: instant.nullable(),
  image: lineImage,
});

export const orderDetail = orderHeader.extend({
  shippingAddress: address,
  subtotalAmount: z.number(),
  discountAmount: z.number(),
  shippingAmount: z.number(),
  shippingPremiumAmount: z.number(),
  taxAmount: z.number(),
  paymentMethod: z.string().nullable(),
  externalId: z.string().nullable(),
  lines: z.array(orderLine),
});

export type OrderHeader = Wire<typeof orderHeader>;
export type OrderPage = Wire<typeof orderPage>;
export type OrderDetail = Wire<typeof orderDetail>;
export type ImportedOrders = Wire<typeof importedOrders>;
