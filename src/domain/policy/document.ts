import { z } from 'zod';
import { deepFreeze } from '../deepFreeze.js';
import { INT4_MAX } from '../money.js';
import { RESOLUTIONS } from '../returnLifecycle.js';
import { RISK_SIGNAL_CODES } from '../risk/signals.js';
import { SHOPPER_LOCALES } from './messages.js';
import { BONUS_RESOLUTIONS, FEE_KINDS, REFUND_TIMINGS, RETURN_METHODS, SHOPPER_RESOLUTIONS } from './vocabulary.js';

/** A return policy as data: defaults plus an ordered list of rules. Each rule has conditions
 * (`when`, all must hold; a list means "any of") and `effects`. Every rule runs; where two
 * matching rules set the same effect, the later one wins, as in a style sheet, so specific rules
 * go below general ones. The verdict names the rule behind every effect it used. */

export {
  BONUS_RESOLUTIONS,
  FEE_KINDS,
  REFUND_TIMINGS,
  RETURN_METHODS,
  type RefundTiming,
  type ReturnMethod,
  SHOPPER_RESOLUTIONS,
} from './vocabulary.js';

const amount = z.number().int().min(0).max(100_000_000);
const percent = z.number().min(0).max(100);
const code = z.string().trim().min(1).max(100);
const codes = z.array(code).min(1).max(500);
const localDate = z.iso.date();
const range = <T extends z.ZodType<number>>(n: T) =>
  z
    .strictObject({ min: n.optional(), max: n.optional() })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min is above max', path: ['min'] });

export const conditionsSchema = z
  .strictObject({
    /** Category codes; a product matches its own category and every ancestor. */
    categories: codes.optional(),
    productTags: codes.optional(),
    skus: codes.optional(),
    /** Price paid per unit, after discounts, in minor units. */
    unitPrice: range(amount).optional(),
    channels: codes.optional(),
    /** ISO 3166 alpha-2 shipping countries. */
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .min(1)
      .optional(),
    region: z.enum(['eu', 'non_eu']).optional(),
    segments: codes.optional(),
    customerTags: codes.optional(),
    /** Share of units the customer bought before that came back, 0–1. */
    returnRate: range(z.number().min(0).max(1)).optional(),
    /** Returns the customer made before. */
    returnCount: range(z.number().int().min(0).max(INT4_MAX)).optional(),
    /** Orders placed between these local dates (inclusive), e.g. a holiday window. */
    orderedBetween: z
      .strictObject({ from: localDate.optional(), to: localDate.optional() })
      .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from is after to', path: ['from'] })
      .optional(),
    /** Reason codes; a reason matches its own code and its parent's. Needs the shopper's reason. */
    reasons: codes.optional(),
    /** Whether the reason is the shop's doing (wrong item, defect) or not (changed mind, size). */
    controllable: z.boolean().optional(),
    /** Risk signal codes (docs/fraud.md); any of them fired on the return being asked. Holds for no
     * line where no return is being asked (a preview, the simulator). */
    riskSignals: z.array(z.enum(RISK_SIGNAL_CODES)).min(1).max(RISK_SIGNAL_CODES.length).optional(),
    /** The risk score of the return being asked, 0–100; as riskSignals, only when one is asked. */
    riskScore: range(z.number().int().min(0).max(100)).optional(),
  })
  .describe('All conditions must hold; a list matches any of its values; no conditions match every line');

export const effectsSchema = z
  .strictObject({
    window: z
      .strictObject({ days: z.number().int().min(0).max(3650), from: z.enum(['delivery', 'order']).default('delivery') })
      .optional(),
    resolutions: z.array(z.enum(RESOLUTIONS)).max(RESOLUTIONS.length).optional(),
    methods: z.array(z.enum(RETURN_METHODS)).max(RETURN_METHODS.length).optional(),
    /** Per line: a share of the value returned plus a fixed amount per unit. */
    restockingFee: z.strictObject({ percent: percent.default(0), fixed: amount.default(0) }).optional(),
    /** Per return: one amount, or one per method (a method not listed costs `amount`). */
    returnShippingFee: z
      .strictObject({ amount: amount.default(0), perMethod: z.partialRecord(z.enum(RETURN_METHODS), amount).default({}) })
      .optional(),
    /** When fees are waived: a controllable reason, a chosen resolution, a chosen method. */
    feeWaivers: z
      .strictObject({
        controllableReasons: z.boolean().default(false),
        resolutions: z.array(z.enum(RESOLUTIONS)).default([]),
        methods: z.array(z.enum(RETURN_METHODS)).default([]),
        fees: z
          .array(z.enum(FEE_KINDS))
          .min(1)
          .default([...FEE_KINDS]),
      })
      .optional(),
    /** Extra credit for choosing store credit or an exchange: a share of the value plus a fixed amount. */
    bonus: z
      .strictObject({
        percent: percent.default(0),
        fixed: amount.default(0),
        for: z
          .array(z.enum(BONUS_RESOLUTIONS))
          .min(1)
          .default([...BONUS_RESOLUTIONS]),
      })
      .optional(),
    finalSale: z.boolean().optional(),
    exchangeOnly: z.boolean().optional(),
    maxExchangesPerLine: z.number().int().min(0).max(100).optional(),
    /** Instant exchange: the new item ships on approval, before the old one is back (for trusted
     * shoppers); if it is not back by the ship-by date the shopper is charged or it goes to review. */
    instantExchange: z.boolean().optional(),
    /** Returnless refund: keep the item when its value is below an amount, or when sending it back
     * would cost more than a share of its value. */
    keepItem: z
      .strictObject({ valueBelow: amount.optional(), costShareAbove: percent.optional() })
      .refine((k) => k.valueBelow !== undefined || k.costShareAbove !== undefined, {
        message: 'give valueBelow or costShareAbove',
      })
      .nullable()
      .optional(),
    /** Deduction for diminished value per inspection grade, in percent of the value (Art. 14(2):
     * handling beyond what is needed to establish the nature of the goods). Never taken for a
     * defect or a reason that is the shop's doing. */
    diminishedValue: z.strictObject({ B: percent.optional(), C: percent.optional(), D: percent.optional() }).optional(),
    /** When the money moves: on approval (for trusted shoppers), on the carrier's first scan, on
     * receipt at the warehouse, or after inspection (the default). */
    refundTiming: z.enum(REFUND_TIMINGS).optional(),
    photoRequired: z.boolean().optional(),
    manualReview: z.boolean().optional(),
    autoApprove: z.boolean().optional(),
    /** Refuse returns from matching customers (CUSTOMER_BLOCKED). */
    blocked: z.boolean().optional(),
  })
  .describe('Effects of a matching rule; a later matching rule overrides what an earlier one set');

export const ruleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _')
      .describe('Stable id, shown in verdicts'),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    /** The name and description in other languages of the shop, for the public policy page; a
     * language without them shows the shop's default language, then `name` and `description`. */
    translations: z
      .partialRecord(
        z.enum(SHOPPER_LOCALES),
        z.strictObject({ name: z.string().trim().min(1).max(200), description: z.string().trim().max(2000).optional() }),
      )
      .optional(),
    enabled: z.boolean().default(true),
    /** Shown on the public policy page. Fees of a rule that is not public are never charged. */
    public: z.boolean().default(true),
    when: conditionsSchema.default({}),
    effects: effectsSchema,
  })
  .superRefine((rule, ctx) => {
    // The law first (docs/fraud.md): a rule that tests the risk score or its signals may send a
    // return to a person, ask for photos, or make money or an exchange wait — never refuse or narrow
    // what the shopper may do, as a score is no reason a shopper can answer.
    if (rule.when.riskSignals === undefined && rule.when.riskScore === undefined) return;
    for (const effect of Object.keys(rule.effects)) {
      if (!(RISK_RULE_EFFECTS as readonly string[]).includes(effect)) {
        ctx.addIssue({
          code: 'custom',
          path: ['effects', effect],
          message: `a rule on the risk score or its signals may only set ${RISK_RULE_EFFECTS.join(', ')}`,
        });
      }
    }
  });

/** What a rule conditioned on risk may set: review, photos, and when money and exchanges move. */
export const RISK_RULE_EFFECTS = ['manualReview', 'photoRequired', 'refundTiming', 'autoApprove', 'instantExchange'] as const;

export const policyDocumentSchema = z
  .strictObject({
    defaults: effectsSchema
      .extend({
        window: z.strictObject({
          days: z.number().int().min(0).max(3650),
          from: z.enum(['delivery', 'order']).default('delivery'),
        }),
        resolutions: z
          .array(z.enum(RESOLUTIONS))
          .max(RESOLUTIONS.length)
          .default([...SHOPPER_RESOLUTIONS]),
        methods: z
          .array(z.enum(RETURN_METHODS))
          .max(RETURN_METHODS.length)
          .default([...RETURN_METHODS]),
      })
      .describe('Effects every line starts from'),
    /** What sending one return back costs the shop, for keep-the-item decisions (minor units). */
    returnCostEstimate: amount.default(700),
    rules: z.array(ruleSchema).max(500).default([]),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.rules.forEach((rule, index) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', message: `rule id ${rule.id} is used twice`, path: ['rules', index, 'id'] });
      seen.add(rule.id);
    });
  });

export type PolicyConditions = z.output<typeof conditionsSchema>;
export type PolicyEffects = z.output<typeof effectsSchema>;
export type PolicyRule = z.output<typeof ruleSchema>;
export type PolicyDocument = z.output<typeof policyDocumentSchema>;
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;
export type PolicyRuleInput = z.input<typeof ruleSchema>;
export type PolicyConditionsInput = z.input<typeof conditionsSchema>;
export type PolicyEffectsInput = z.input<typeof effectsSchema>;

/** Parses a stored or submitted policy document, filling defaults, and freezes it: the compiled
 * policy and the effects worked out for its lines are kept by the document object (see
 * compiledPolicy), which holds only while nobody edits it in place. Throws ZodError on bad input. */
export function parsePolicyDocument(input: unknown): PolicyDocument {
  return deepFreeze(policyDocumentSchema.parse(input));
}
