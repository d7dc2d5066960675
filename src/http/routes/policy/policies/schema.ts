import { z } from 'zod';
import { effectsSchema, policyDocumentSchema, RETURN_METHODS } from '../../../../domain/policy/document.js';
import { EXPERIMENT_STATUSES, POLICY_ARMS } from '../../../../domain/policy/experiment.js';
import { SHOPPER_LOCALES } from '../../../../domain/policy/messages.js';
import { POLICY_VERSION_STATUSES } from '../../../../domain/policy/versionStatus.js';
import { SHOPPER_RESOLUTIONS } from '../../../../domain/policy/vocabulary.js';
import { RESOLUTIONS } from '../../../../domain/returnLifecycle.js';
import { instant, isoDateTime, itemsOf, reasonText, type Wire } from '../../common.js';
import { explainedVerdict, policyRef } from './verdictSchema.js';

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

// ── Answers ────────────────────────────────────────────────────────────────────────────────

const versionSummary = z.object({
  id: z.string(),
  number: z.number(),
  name: z.string(),
  status: z.enum(POLICY_VERSION_STATUSES),
  active: z.boolean().describe('The version in force'),
  basedOn: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  publishedBy: z.string().nullable(),
  publishedAt: instant.nullable(),
});
export const policyVersionList = z.object({
  activeVersionId: z.string().nullable(),
  items: z.array(versionSummary).describe('Newest first, without their documents'),
});
export const policyVersion = versionSummary.extend({
  notes: z.string().nullable(),
  document: policyDocumentSchema.describe('The policy, defaults filled in'),
});
export const draftSaved = z.object({ id: z.string(), number: z.number(), status: z.literal('draft') });
export const versionPublished = z.object({
  id: z.string(),
  number: z.number(),
  status: z.literal('published'),
  active: z.boolean(),
});

const experimentFields = {
  id: z.string(),
  controlVersionId: z.string().describe('The policy active when it started'),
  variantVersionId: z.string(),
  variantPercent: z.number().describe('The share of customers who get the variant'),
};
export const policyExperiment = z.object({
  ...experimentFields,
  name: z.string(),
  status: z.enum(EXPERIMENT_STATUSES),
  startedBy: z.string().nullable(),
  startedAt: instant,
  stoppedBy: z.string().nullable(),
  stoppedAt: instant.nullable(),
});
export const policyExperimentList = itemsOf(policyExperiment);
const shortResolutions = z.record(z.enum(SHOPPER_RESOLUTIONS), z.number());
const armOutcome = z.object({
  versionId: z.string(),
  returns: z.number(),
  lines: z.number(),
  inReview: z.number(),
  rejected: z.number(),
  cancelledReturns: z.number(),
  resolutions: shortResolutions.describe('Lines by the resolution asked'),
  resolutionShare: shortResolutions.describe('The same, in percent of the lines'),
  value: z.number(),
  restockingFees: z.number(),
  bonus: z.number().describe('Bonus promised for the resolutions asked'),
});
export const policyExperimentDetail = policyExperiment.extend({
  results: z.object({ control: armOutcome, variant: armOutcome }),
});
export const experimentStarted = z.object({ ...experimentFields, status: z.literal('running') });
export const experimentStopped = z.object({
  id: z.string(),
  status: z.literal('stopped'),
  activeVersionId: z.string().describe('The variant when it was promoted, else the control'),
});

export const policyException = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  orderId: z.string().nullable(),
  returnId: z.string().nullable(),
  effects: z.record(z.string(), z.unknown()).describe('Effects as in a policy rule'),
  allowReturn: z.boolean(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: instant,
  expiresAt: instant.nullable(),
  revokedBy: z.string().nullable(),
  revokedAt: instant.nullable(),
});
export const policyExceptionList = itemsOf(policyException).describe('Newest first, at most 500');
export const exceptionGranted = z.object({
  id: z.string(),
  scope: z.object({ type: z.enum(['customer', 'order', 'return']), id: z.string() }),
  allowReturn: z.boolean(),
});
export const exceptionRevoked = z.object({ id: z.string(), revoked: z.literal(true) });

export const segmentSet = z.object({ id: z.string(), segment: z.string(), tags: z.array(z.string()) });

export const orderEvaluation = z.object({
  policy: policyRef
    .extend({ arm: z.enum(POLICY_ARMS).nullable(), experimentId: z.string().nullable() })
    .nullable()
    .describe('The version that judged; null for an unsaved document'),
  verdict: explainedVerdict,
});
export const hypotheticalEvaluation = z.object({
  policy: policyRef.nullable().describe('The version that judged; null for an unsaved document'),
  verdict: explainedVerdict,
});

const defaults = policyDocumentSchema.shape.defaults.shape;
/** The shop's return policy as its policy page shows it. */
export const publicPolicy = z.object({
  shopName: z.string(),
  currency: z.string(),
  version: z.number(),
  window: defaults.window,
  resolutions: z.array(z.enum(RESOLUTIONS)),
  methods: z.array(z.object({ method: z.enum(RETURN_METHODS), fee: z.number() })),
  feeWaivers: defaults.feeWaivers.unwrap().nullable(),
  restockingFee: defaults.restockingFee.unwrap().nullable(),
  bonus: defaults.bonus.unwrap().nullable(),
  keepItemBelow: z.number().nullable().describe('Items worth less than this may be kept (minor units)'),
  locale: z.enum(SHOPPER_LOCALES),
  rules: z.array(z.object({ name: z.string(), description: z.string().nullable() })),
});

export type PolicyVersionSummary = Wire<typeof versionSummary>;
export type PolicyVersionList = Wire<typeof policyVersionList>;
export type PolicyVersion = Wire<typeof policyVersion>;
export type DraftSaved = Wire<typeof draftSaved>;
export type PolicyExperiment = Wire<typeof policyExperiment>;
export type PolicyExperimentList = Wire<typeof policyExperimentList>;
export type PolicyExperimentDetail = Wire<typeof policyExperimentDetail>;
export type ArmOutcome = Wire<typeof armOutcome>;
export type PolicyException = Wire<typeof policyException>;
export type OrderEvaluation = Wire<typeof orderEvaluation>;
export type HypotheticalEvaluation = Wire<typeof hypotheticalEvaluation>;
export type PublicPolicy = Wire<typeof publicPolicy>;
