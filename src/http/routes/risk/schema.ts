import { z } from 'zod';
import { RETURN_STATUSES } from '../../../domain/returnLifecycle.js';
import { RISK_LEVELS } from '../../../domain/risk/score.js';
import { riskSettingsSchema } from '../../../domain/risk/settings.js';
import { cursorQuery, instant, limitQuery, noBody, pageOf, type Wire } from '../common.js';

/** The risk API's shapes (docs/fraud.md): settings, block and allow lists, the queue of returns and
 * customers by risk, a return's and a customer's risk with its explanation, the human review, and
 * the marketing-suppression export. The back office types its answers with them. */

export const RISK_LISTS = ['block', 'allow'] as const;
export const RISK_LIST_KINDS = ['customer', 'email', 'address', 'phone', 'payment'] as const;
export const RISK_REVIEW_OUTCOMES = ['confirmed', 'cleared'] as const;
export const RISK_LOCALES = ['en', 'nl'] as const;

const localeQuery = z.enum(RISK_LOCALES).default('en').describe("The explanations' language");
const scoreQuery = z.coerce.number().int().min(0).max(100);
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const riskSettingsAnswer = z.object({
  settings: riskSettingsSchema,
  customised: z.boolean().describe('False while the shop runs on the defaults'),
  updatedAt: instant,
  updatedBy: z.string().nullable(),
  defaults: riskSettingsSchema,
});

/** A signal as it is stored on a return; the numbers are absent on returns scored before signals had a strength. */
export const storedRiskSignal = z.object({
  code: z.string(),
  points: z.number(),
  strength: z.number().optional().describe("What the signal measured, in its threshold's unit"),
  threshold: z.number().optional(),
  weight: z.number().optional(),
  detail: z.record(z.string(), z.unknown()).optional().describe("What the signal's sentence is made from"),
});

/** A signal as staff read it: its numbers and a sentence in their language. */
export const explainedSignal = z.object({
  code: z.string().describe('A risk signal code, e.g. SERIAL_RETURNING'),
  points: z.number().describe('What it added to the score (negative: took away)'),
  strength: z.number().nullable().describe("What it measured, in its threshold's unit; null on signals of older returns"),
  threshold: z.number().nullable(),
  explanation: z.string().describe('Why it fired, for staff'),
});

export const detailedSignal = explainedSignal.extend({
  weight: z.number().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable().describe('What the sentence is made from'),
});

// ── lists ────────────────────────────────────────────────────────────────────────────────────────

export const riskListEntry = z.object({
  id: z.string(),
  list: z.enum(RISK_LISTS),
  kind: z.enum(RISK_LIST_KINDS),
  value: z.string().describe('The normal form compared (a customer id as is)'),
  display: z.string().describe('What staff entered'),
  reason: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: instant,
  until: instant.nullable().describe('Null: until removed'),
  removedAt: instant.nullable(),
  removedBy: z.string().nullable(),
  active: z.boolean().describe('Not removed and not past its end'),
});
export const riskListEntries = z.object({ items: z.array(riskListEntry) });

export const riskListsQuery = z.strictObject({
  list: z.enum(RISK_LISTS).optional(),
  kind: z.enum(RISK_LIST_KINDS).optional(),
  active: booleanQuery.optional().describe('true: only entries in force; false: only removed or expired ones'),
});

export const addressValue = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  postcode: z.string().trim().min(1).max(20),
  country: z.string().trim().length(2),
});

export const addRiskListEntryBody = z.strictObject({
  list: z.enum(RISK_LISTS),
  kind: z.enum(RISK_LIST_KINDS),
  value: z
    .union([z.string().trim().min(1).max(320), addressValue])
    .describe('A customer id, an e-mail, a phone number, a payment fingerprint, or for an address {line1, postcode, country}'),
  reason: z.string().trim().min(1).max(500),
  until: z.iso.datetime({ offset: true }).optional().describe('When the entry stops counting; none: until removed'),
});

// ── queues ───────────────────────────────────────────────────────────────────────────────────────

export const riskReturnsQuery = z.strictObject({
  minScore: scoreQuery.optional(),
  signal: z.string().min(1).max(40).optional().describe('Only returns on which this signal fired'),
  status: z.enum(['open', 'all']).default('open').describe('open: not closed, cancelled, rejected, expired or resolved'),
  locale: localeQuery,
  cursor: cursorQuery,
  limit: limitQuery,
});

export const riskQueueReturn = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(RETURN_STATUSES),
  onHold: z.boolean(),
  createdAt: instant,
  customer: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  value: z.number().describe('What the units asked back were paid, minor units'),
  currency: z.string(),
  score: z.number(),
  level: z.enum(RISK_LEVELS),
  signals: z.array(explainedSignal),
  refundAfterReceipt: z.boolean(),
  reviewed: z.boolean().describe('A person reviewed the score'),
});
export const riskQueuePage = pageOf(riskQueueReturn);

export const riskCustomersQuery = z.strictObject({
  minScore: scoreQuery.optional(),
  signal: z.string().min(1).max(40).optional(),
  locale: localeQuery,
  cursor: cursorQuery,
  limit: limitQuery,
});

export const riskCustomer = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  segment: z.string(),
  score: z.number(),
  level: z.enum(RISK_LEVELS),
  signals: z.array(explainedSignal),
  assessedAt: instant.nullable(),
  linked: z.number().describe('How many other customers share an address, e-mail, phone, payment, device or IP'),
  listed: z.enum(RISK_LISTS).nullable().describe('On the block or allow list'),
});
export const riskCustomerPage = pageOf(riskCustomer);

// ── a customer's and a return's risk ─────────────────────────────────────────────────────────────

export const customerRiskQuery = z.strictObject({ locale: localeQuery });

export const customerRisk = z.object({
  score: z.number().nullable().describe('Null: never assessed'),
  level: z.enum(RISK_LEVELS).nullable(),
  signals: z.array(explainedSignal),
  assessedAt: instant.nullable(),
  linked: z.array(
    z.object({
      customerId: z.string(),
      name: z.string(),
      email: z.string(),
      via: z.array(z.string()).describe('address, email, phone, payment, device, ip'),
      score: z.number().nullable(),
      blocked: z.boolean(),
    }),
  ),
  lists: z.array(riskListEntry).describe('Active entries matching this customer'),
  history: z.array(
    z.object({
      returnId: z.string(),
      number: z.string(),
      stage: z.enum(['request', 'inspection', 'review']),
      score: z.number(),
      level: z.string(),
      createdAt: instant,
    }),
  ),
});

export const riskDecisionSchema = z.object({
  review: z.boolean().describe('Sent to a person'),
  refundAfterReceipt: z.boolean().describe('Money waits until the goods are received'),
});

export const returnRiskQuery = z.strictObject({ locale: localeQuery });

export const returnRisk = z.object({
  score: z.number().nullable().describe('Null: never assessed'),
  level: z.enum(RISK_LEVELS).nullable(),
  signals: z.array(detailedSignal),
  decision: riskDecisionSchema.nullable(),
  refundAfterReceipt: z.boolean(),
  onHoldForRisk: z.boolean(),
  allowListed: z.boolean(),
  history: z.array(
    z.object({
      id: z.string(),
      stage: z.enum(['request', 'inspection', 'review']),
      score: z.number(),
      level: z.string(),
      signals: z.array(z.string()).describe('Codes of the signals that fired'),
      decision: riskDecisionSchema,
      actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
      note: z.string().nullable(),
      createdAt: instant,
    }),
  ),
  law: z.object({
    withinWithdrawalPeriod: z.boolean(),
    sentence: z.string().describe('What a score may and may not do to this return'),
  }),
});

export const riskReviewBody = z.strictObject({
  outcome: z.enum(RISK_REVIEW_OUTCOMES).describe('confirmed: the score stands; cleared: the person decided it was wrong'),
  note: z.string().trim().min(1).max(2000),
});

export const suppressionQuery = z.strictObject({
  hashed: booleanQuery.default(false).describe('SHA-256 of the normalised e-mail and phone, as ad platforms take them'),
  minScore: scoreQuery.optional().describe('Also customers scoring at least this'),
});

export type RiskSettingsAnswer = Wire<typeof riskSettingsAnswer>;
export type RiskListEntry = Wire<typeof riskListEntry>;
export type RiskQueueReturn = Wire<typeof riskQueueReturn>;
export type RiskQueuePage = Wire<typeof riskQueuePage>;
export type RiskCustomer = Wire<typeof riskCustomer>;
export type RiskCustomerPage = Wire<typeof riskCustomerPage>;
export type CustomerRisk = Wire<typeof customerRisk>;
export type ReturnRisk = Wire<typeof returnRisk>;
export type ExplainedSignal = Wire<typeof explainedSignal>;
export type AddRiskListEntry = z.input<typeof addRiskListEntryBody>;

/** Taking an entry off its list reads no body. */
export const removeRiskListEntryBody = noBody;
