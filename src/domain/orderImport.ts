import { z } from 'zod';
import { addressSchema } from './address.js';
import { PAYMENT_PROVIDERS } from './paymentProviders.js';

const isoDate = z.iso.datetime({ offset: true });
const amount = z.number().int().min(0).max(1_000_000_000);

/** An order as a shop hands it over (the API, a CSV or JSON file): amounts in minor units, tax
 * included in the prices. */
export const orderImportSchema = z
  .strictObject({
    orderNumber: z.string().trim().min(1).max(64),
    channel: z.string().min(1).max(64).default('webshop'),
    placedAt: isoDate,
    currency: z.string().length(3).toUpperCase().default('EUR'),
    customer: z.strictObject({
      email: z.email().max(254).toLowerCase(),
      firstName: z.string().max(100).optional(),
      lastName: z.string().max(100).optional(),
      phone: z.string().max(40).optional(),
      locale: z.string().max(10).optional(),
    }),
    shippingAddress: addressSchema,
    shippingAmount: amount.default(0),
    shippingPremiumAmount: amount.default(0),
    discountAmount: amount.default(0),
    paymentMethod: z.string().max(40).optional(),
    /** Who took the payment and its id there, so a refund goes back the same way (Art. 13). */
    paymentProvider: z.enum([...PAYMENT_PROVIDERS, 'manual']).optional(),
    paymentReference: z.string().trim().min(1).max(128).optional(),
    externalId: z.string().max(128).optional(),
    lines: z
      .array(
        z.strictObject({
          sku: z.string().min(1).max(64),
          title: z.string().min(1).max(300).optional(),
          quantity: z.number().int().min(1).max(10_000),
          unitPriceAmount: amount,
          discountAmount: amount.default(0),
          taxRateBp: z.number().int().min(0).max(10_000).default(2100),
          deliveredAt: isoDate.nullable().optional(),
        }),
      )
      .min(1)
      .max(500),
  })
  .refine((o) => !o.paymentProvider || o.paymentProvider === 'manual' || o.paymentReference, {
    message: 'a payment through mollie or stripe needs its paymentReference (tr_… or pi_…)',
    path: ['paymentReference'],
  });

export type OrderImport = z.output<typeof orderImportSchema>;
