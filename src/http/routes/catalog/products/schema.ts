import { z } from 'zod';
import { cursorQuery, limitQuery, pageOf, type Wire } from '../../common.js';

export const productsQuery = z.strictObject({
  q: z.string().max(200).optional(),
  category: z.string().max(64).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

export const variant = z.object({
  id: z.string(),
  sku: z.string(),
  ean: z.string().nullable(),
  title: z.string(),
  options: z.record(z.string(), z.string()).describe('e.g. { "size": "M" }'),
  priceAmount: z.number(),
  currency: z.string(),
});

export const product = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  category: z.string().nullable().describe('The category code'),
  tags: z.array(z.string()),
  flags: z.object({
    finalSale: z.boolean(),
    exchangeOnly: z.boolean(),
    personalised: z.boolean(),
    hygieneSealed: z.boolean(),
    perishable: z.boolean(),
    sealedMedia: z.boolean(),
  }),
  variants: z.array(variant),
});
export const productPage = pageOf(product);

export type Product = Wire<typeof product>;
export type ProductPage = Wire<typeof productPage>;
