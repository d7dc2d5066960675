import { z } from 'zod';
import { effectsSchema, policyDocumentSchema, RETURN_METHODS } from '../../../../domain/policy/document.js';
import { SHOPPER_LOCALES } from '../../../../domain/policy/messages.js';
import { RESOLUTIONS } from '../../../../domain/returnLifecycle.js';
import { isoDateTime, reasonText } from '../../common.js';

const id = z.string().trim().min(1).max(64);
const name = z.string().trim().min(1).max(200);
const notes = z.string().trim().max(5000).nullish();

export const createDraftBody = z.strictObject({ name, document: policyDocumentSchema.optional(), basedOn: id.nullish(), notes });
export const updateDraftBody = z.strictObject({ name: name.optional(), document: policyDocumentSchema.optional(), notes });
export const publishBody = z.strictObject({ activate: z.boolean().optional() }).optional();

export const startExperimentBody = z.strictObject({
  name,
  variantVersionId: id,
  variantPercent: z.number().min(0.01).max(99.99),
});
export const stopExperimentBody = z.strictObject({ promote: z.boolean().optional(), reason: reasonText.nullish() }).optional();

export const grantExceptionBody = z
  .strictObject({
    customerId: id.optional(),
    orderId: id.optional(),
    returnId: id.optional(),
    effects: effectsSchema.default({}),
    allowReturn: z.boolean().default(false),
    reason: reasonText,
    expiresAt: isoDateTime.nullish(),
  })
  .refine((b) => [b.customerId, b.orderId, b.returnId].filter(Boolean).length === 1, {
    message: 'give exactly one of customerId, orderId, returnId',
    path: ['customerId'],
  });
export const listExceptionsQuery = z.strictObject({ customerId: id.optional(), orderId: id.optional(), returnId: id.optional() });
export const revokeExceptionBody = z.strictObject({ reason: reasonText });

export const segmentBody = z.strictObject({
  segment: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _'),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  reason: reasonText,
});

export const localeField = z.enum(SHOPPER_LOCALES).optional();
export const selectionSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        orderLineId: id,
        quantity: z.number().int().min(1).max(10_000),
        reasonCode: z.string().trim().min(1).max(100).nullish(),
        resolution: z.enum(RESOLUTIONS).nullish(),
        exchangeVariantId: id.nullish().describe('For an exchange: the variant wanted instead, to price the difference'),
        defect: z.boolean().optional().describe('The shopper reports the item as defective: judged under the legal guarantee'),
      }),
    )
    .min(1)
    .max(200),
  method: z.enum(RETURN_METHODS).nullish(),
});

export const orderEvaluationBody = z
  .strictObject({
    selection: selectionSchema.optional(),
    versionId: id.optional(),
    document: policyDocumentSchema.optional().describe('An unsaved policy, e.g. a draft while it is being edited'),
    locale: localeField,
  })
  .refine((b) => !(b.versionId && b.document), { message: 'give versionId or document, not both', path: ['document'] })
  .optional();
export const shopperEvaluationBody = z.strictObject({ selection: selectionSchema.optional(), locale: localeField }).optional();
export const localeQuery = z.strictObject({ locale: localeField });

const flags = z.strictObject({
  finalSale: z.boolean().optional(),
  exchangeOnly: z.boolean().optional(),
  personalised: z.boolean().optional(),
  perishable: z.boolean().optional(),
  hygieneSealed: z.boolean().optional(),
  sealedMedia: z.boolean().optional(),
});

export const hypotheticalBody = z
  .strictObject({
    versionId: id.optional(),
    document: policyDocumentSchema.optional(),
    now: isoDateTime.optional(),
    order: z.strictObject({
      placedAt: isoDateTime,
      channel: z.string().trim().min(1).max(100).default('webshop'),
      shippingCountry: z.string().regex(/^[A-Z]{2}$/),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .default('EUR'),
      lines: z
        .array(
          z.strictObject({
            id: id.optional(),
            sku: z.string().trim().min(1).max(100),
            quantity: z.number().int().min(1).max(10_000),
            paidAmount: z.number().int().min(0).max(100_000_000),
            deliveredAt: isoDateTime.nullish(),
            categoryPath: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
            productTags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
            flags: flags.optional(),
            quantityInReturns: z.number().int().min(0).max(10_000).optional(),
            exchangesUsed: z.number().int().min(0).max(100).optional(),
          }),
        )
        .min(1)
        .max(200),
    }),
    customer: z
      .strictObject({
        segment: z.string().trim().min(1).max(40).optional(),
        tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
        returnRate: z.number().min(0).max(1).optional(),
        returnCount: z.number().int().min(0).max(100_000).optional(),
      })
      .optional(),
    selection: selectionSchema.optional(),
    locale: localeField,
  })
  .refine((b) => !(b.versionId && b.document), { message: 'give versionId or document, not both', path: ['document'] });

export const simulationBody = z.strictObject({
  versionId: id,
  baselineVersionId: id.optional(),
  days: z.number().int().min(1).max(730).default(90),
});
