import { z } from 'zod';
import {
  EXCHANGE_CHARGE_STATUSES,
  EXCHANGE_PAYMENT_STATUSES,
  EXCHANGE_STATUSES,
} from '../../../../domain/exchangeOrderLifecycle.js';
import { cursorQuery, instant, itemsOf, limitQuery, pageOf, reasonText, type Wire } from '../../common.js';

export const listExchangeOrdersQuery = z.strictObject({
  status: z.enum(EXCHANGE_STATUSES).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

export const shipBody = z
  .strictObject({
    trackingNumber: z.string().trim().min(1).max(100).nullish(),
    carrier: z.string().trim().min(1).max(100).nullish(),
    warehouseId: z.string().min(1).max(64).nullish().describe('Default: the warehouse with the most of each item'),
  })
  .nullish();
export const confirmPaymentBody = z.strictObject({ reference: z.string().trim().min(1).max(200) });
export const cancelBody = z.strictObject({ reason: reasonText, settleAs: z.enum(['refund', 'store_credit']) });

const exchangeOrderLine = z.object({
  returnLineId: z.string(),
  variantId: z.string(),
  sku: z.string(),
  title: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  returnedValue: z.number(),
  bonus: z
    .number()
    .describe("The policy's exchange bonus put towards the new item: unitPrice × quantity − returnedValue − bonus = difference"),
  difference: z.number(),
});

export const exchangeOrder = z.object({
  id: z.string(),
  number: z.string(),
  returnId: z.string(),
  returnNumber: z.string(),
  status: z.enum(EXCHANGE_STATUSES),
  instant: z.boolean(),
  currency: z.string(),
  priceDifference: z.number().describe('Positive: the shopper pays it; negative: it goes back to them'),
  payment: z.object({
    status: z.enum(EXCHANGE_PAYMENT_STATUSES),
    provider: z.string().nullable(),
    url: z.string().nullable().describe('The payment link, while it takes payments'),
    expiresAt: instant.nullable().describe('When the link stops taking payments'),
    via: z.string().nullable().describe("How the difference came in: the link's provider, or 'manual' (staff confirmed it)"),
    reference: z.string().nullable(),
    paidAt: instant.nullable(),
    error: z.string().nullable(),
  }),
  surplusSettlementId: z.string().nullable(),
  differenceRefundSettlementId: z
    .string()
    .nullable()
    .describe('The settlement paying a difference back when a paid-for exchange did not ship'),
  returnBy: instant.nullable(),
  overdue: z
    .object({
      action: z.string(),
      chargeAmount: z.number().nullable(),
      chargeUrl: z.string().nullable(),
      chargeStatus: z.enum(EXCHANGE_CHARGE_STATUSES).nullable(),
    })
    .nullable()
    .describe("What happened when an instant exchange's item was not back in time"),
  shipment: z.object({ trackingNumber: z.string().nullable(), carrier: z.string().nullable(), shippedAt: instant.nullable() }),
  cancelReason: z.string().nullable(),
  lines: z.array(exchangeOrderLine),
  createdAt: instant,
  readyAt: instant.nullable(),
});

export const exchangeOrderPage = pageOf(exchangeOrder);
export const exchangeOrderList = itemsOf(exchangeOrder);

export const exchangeRoundReport = z.object({
  linksOpened: z.number(),
  paid: z.number(),
  expired: z.number(),
  overdue: z.number(),
  surplusPaid: z.number(),
  errors: z.number(),
});

export type ExchangeOrder = Wire<typeof exchangeOrder>;
export type ExchangeOrderPage = Wire<typeof exchangeOrderPage>;
export type ExchangeRoundReport = Wire<typeof exchangeRoundReport>;
