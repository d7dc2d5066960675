import { z } from 'zod';
import { MANUAL_STOCK_KINDS, STOCK_CONDITIONS } from '../../../../domain/disposition.js';
import { cursorQuery, instant, itemsOf, limitQuery, pageOf, type Wire } from '../../common.js';

const id = z.string().trim().min(1).max(64);
const search = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('The start of a SKU, or a part of the item or product title (any case)');
const sku = z.string().trim().min(1).max(100).describe('One exact SKU');

export const stockLevelsQuery = z.strictObject({
  q: search.optional(),
  variantId: id.optional(),
  sku: sku.optional(),
  warehouseId: id.optional(),
  condition: z.enum(STOCK_CONDITIONS).optional(),
});
export const stockMovementsQuery = z.strictObject({
  q: search.optional(),
  variantId: id.optional(),
  sku: sku.optional(),
  warehouseId: id.optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});
export const stockMovementBody = z.strictObject({
  variantId: id,
  warehouseId: id,
  condition: z.enum(STOCK_CONDITIONS).default('new'),
  quantity: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((q) => q !== 0, 'a movement moves something'),
  kind: z.enum(MANUAL_STOCK_KINDS),
  note: z.string().trim().max(500).nullish(),
});

/** On hand of one variant in one warehouse and condition: the sum of its movements. */
export const stockLevel = z.object({
  variantId: z.string(),
  sku: z.string(),
  title: z.string(),
  warehouseId: z.string(),
  warehouseCode: z.string(),
  condition: z.enum(STOCK_CONDITIONS),
  onHand: z.number(),
});
export const stockLevels = itemsOf(stockLevel);

export const stockMovement = z.object({
  id: z.string(),
  variantId: z.string(),
  sku: z.string(),
  warehouseId: z.string(),
  warehouseCode: z.string(),
  condition: z.enum(STOCK_CONDITIONS),
  quantity: z.number().describe('Signed: receipts and restocks add, shipments and write-offs take away'),
  kind: z.string().describe('One of the manual kinds, or written by a flow (return_restock, …)'),
  returnLineId: z.string().nullable(),
  returnNumber: z.string().nullable().describe('The return a restock came from'),
  note: z.string().nullable(),
  actor: z.string().nullable(),
  createdAt: instant,
});
export const stockMovementPage = pageOf(stockMovement);

export const recordedStockMovement = z.object({
  id: z.string(),
  onHand: z.number().describe('On hand in this warehouse and condition after the movement'),
});

export type StockLevel = Wire<typeof stockLevel>;
export type StockLevelList = Wire<typeof stockLevels>;
export type StockMovement = Wire<typeof stockMovement>;
export type StockMovementPage = Wire<typeof stockMovementPage>;
