import { z } from 'zod';

/** A postal address as it is given (an order's shipping address, a warehouse, the shop's return
 * address): the country as its two-letter ISO code, upper case. */
export const addressSchema = z.strictObject({
  name: z.string().max(200).optional(),
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).optional(),
  postcode: z.string().min(1).max(20),
  city: z.string().min(1).max(100),
  country: z.string().length(2).toUpperCase(),
});

/** A postal address as it is stored and shown. */
export const address = z.object({
  name: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  postcode: z.string(),
  city: z.string(),
  country: z.string().describe('ISO 3166-1 alpha-2'),
});
