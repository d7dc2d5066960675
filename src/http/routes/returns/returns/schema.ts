import { z } from 'zod';
import { address } from '../../../../domain/address.js';
import { RETURN_METHODS } from '../../../../domain/policy/vocabulary.js';
import { ACCEPTANCES, DISPOSITIONS, GRADES, LINE_SETTLEMENTS, RECEPTIONS, RESOLUTIONS } from '../../../../domain/returnLine.js';
import { RETURN_SORTS } from '../../../../domain/returnSorts.js';
import { RETURN_STATUSES } from '../../../../domain/returnStatus.js';
import { RISK_LEVELS } from '../../../../domain/risk/score.js';
import { MANUAL_SETTLEMENT_KINDS } from '../../../../domain/settlementStatus.js';
import { SHOP_PLATFORMS } from '../../../../domain/shopPlatforms.js';
import { lineImage } from '../../catalog/products/schema.js';
import { cursorQuery, instant, isoDateTime, limitQuery, pageOf, reasonText, type Wire } from '../../common.js';
import { exchangeOrder } from '../../exchanges/exchanges/schema.js';
import { settlement } from '../../money/settlements/schema.js';
import { verdictTotals } from '../../policy/policies/verdictSchema.js';
import { storedRiskSignal } from '../../risk/schema.js';
import { repair } from '../repairs/schema.js';

const lineId = z.string().min(1).max(64);

/** A comma-separated list in the query string. */
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(1000)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(item).max(50));
const lineList = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(200);

export const returnLineRequest = z.strictObject({
  orderLineId: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(10_000),
  reasonCode: z.string().min(1).max(64).nullish().describe('Required, except in a withdrawal (no reason is needed)'),
  comment: z.string().max(2000).nullish(),
  resolution: z.enum(RESOLUTIONS).default('refund'),
  exchangeVariantId: z.string().min(1).max(64).nullish().describe('For an exchange: the variant to get instead'),
  photoIds: z
    .array(z.string().min(1).max(64))
    .max(10)
    .nullish()
    .describe('Photos uploaded beforehand (POST /api/v1/shopper/photos)'),
  defect: z
    .boolean()
    .optional()
    .describe(
      'A claim under the legal guarantee: the item is defective (within two years of delivery, also after the return window). The comment says what is wrong (required); resolution repair, replacement or refund; without a reason code the defect reason of the shop is used',
    ),
});

export const createReturnBody = z.strictObject({
  orderId: z.string().min(1).max(64),
  method: z.enum(RETURN_METHODS).nullish(),
  /** The shopper withdraws from the contract (EU right of withdrawal): no reason needed, refund. */
  withdrawal: z.boolean().optional(),
  pickupSlot: z
    .strictObject({ start: isoDateTime, end: isoDateTime })
    .nullish()
    .describe('For a pickup: one of the slots from GET /api/v1/shopper/pickup-slots'),
  storeId: z.string().min(1).max(64).nullish().describe('For a return in a store: the store'),
  lines: lineList(returnLineRequest),
});

export const listReturnsQuery = z.strictObject({
  status: z
    .string()
    .max(300)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(RETURN_STATUSES)))
    .optional(),
  onHold: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  orderId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  createdFrom: isoDateTime.optional(),
  createdTo: isoDateTime.optional(),
  reason: csv(z.string().min(1).max(64)).optional().describe('Reason codes, comma-separated; a parent matches its children'),
  channel: csv(z.string().min(1).max(64)).optional().describe('Channel codes, comma-separated'),
  method: csv(z.enum(RETURN_METHODS)).optional(),
  source: csv(z.string().min(1).max(32)).optional().describe('Where the return was opened: portal, agent, api…'),
  // The value is a bigint amount; a whole number stops at what a JavaScript number holds exactly.
  minValue: z.coerce.number().int().min(0).optional().describe('Value of the returned units at least (minor units)'),
  maxValue: z.coerce.number().int().min(0).optional(),
  risk: csv(z.enum(RISK_LEVELS)).optional().describe('Risk levels, comma-separated'),
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional().describe('Opened at least this many days ago'),
  refundOverdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only returns past their refund-by date (withdrawal notice + 14 days) with money still owed'),
  sort: z.enum(RETURN_SORTS).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

export const approveBody = z.strictObject({
  lines: lineList(
    z.strictObject({
      returnLineId: lineId,
      reason: z.string().max(500).nullish(),
      resolution: z.enum(RESOLUTIONS).nullish(),
      justification: z
        .string()
        .trim()
        .max(1000)
        .nullish()
        .describe('Why a resolution the policy did not allow is granted (required then)'),
    }),
  ),
});
export const rejectBody = z.strictObject({ lines: lineList(z.strictObject({ returnLineId: lineId, reason: reasonText })) });
export const optionalReasonBody = z.strictObject({ reason: z.string().trim().max(500).nullish() }).nullish();
export const holdBody = z.strictObject({ reason: reasonText });
export const inTransitBody = z.strictObject({ trackingNumber: z.string().trim().min(1).max(100).nullish() }).nullish();
export const receiveBody = z.strictObject({
  lines: lineList(
    z.strictObject({
      returnLineId: lineId,
      quantity: z.number().int().min(0).max(10_000),
      wrongItem: z.boolean().optional(),
      note: z.string().max(2000).nullish(),
    }),
  ),
  extras: z
    .array(z.strictObject({ description: z.string().trim().min(1).max(500), quantity: z.number().int().min(1).max(1000) }))
    .max(50)
    .optional()
    .describe('Items in the parcel that are not part of the return'),
});
export const inspectBody = z.strictObject({
  warehouseId: z
    .string()
    .min(1)
    .max(64)
    .nullish()
    .describe("Where restocked goods go; by default the return's store, else the default warehouse"),
  lines: lineList(
    z.strictObject({
      returnLineId: lineId,
      grade: z.enum(GRADES),
      disposition: z.enum(DISPOSITIONS).nullish().describe('Left out: what the disposition rules suggest'),
      checklist: z.record(z.string().min(1).max(64), z.boolean()).nullish().describe('Checklist answers by item code'),
      note: z.string().max(2000).nullish(),
    }),
  ),
});
export const settlementBody = z.strictObject({
  kind: z.enum(MANUAL_SETTLEMENT_KINDS),
  reference: z.string().max(200).nullish(),
  note: z.string().max(2000).nullish(),
  lines: lineList(z.strictObject({ returnLineId: lineId, amount: z.number().int().min(0).max(100_000_000) })),
});
export const resolveBody = z.strictObject({ returnless: z.boolean().optional() }).nullish();
export const emptyBody = z.strictObject({}).nullish();

// ── Answers ────────────────────────────────────────────────────────────────────────────────

/** A home pickup window, as the carrier books it. */
export const pickupSlot = z.object({ start: instant, end: instant });

export const returnLine = z.object({
  id: z.string(),
  orderLineId: z.string(),
  sku: z.string(),
  title: z.string(),
  quantity: z.number(),
  reasonCode: z.string().nullable(),
  comment: z.string().nullable(),
  requestedResolution: z.enum(RESOLUTIONS),
  grantedResolution: z.enum(RESOLUTIONS).nullable().describe('What staff granted, when it differs from the request'),
  acceptance: z.enum(ACCEPTANCES),
  acceptanceReason: z.string().nullable(),
  reception: z.enum(RECEPTIONS),
  quantityReceived: z.number(),
  grade: z.enum(GRADES).nullable(),
  disposition: z.enum(DISPOSITIONS).nullable(),
  settlement: z.enum(LINE_SETTLEMENTS).describe("How far the line's money is"),
  settledAmount: z.number(),
  eligibilityCodes: z.array(z.string()),
  variantId: z.string().nullable(),
  unitPrice: z.number(),
  checklist: z.record(z.string(), z.boolean()).nullable().describe('Inspection checklist answers by item code'),
  recoveredValue: z.number().nullable().describe('What the chosen disposition is expected to bring back'),
  image: lineImage,
  exchange: z
    .object({ variantId: z.string(), title: z.string().nullable(), sku: z.string().nullable(), unitPrice: z.number().nullable() })
    .nullable()
    .describe('For an exchange: the variant the shopper gets instead'),
});

export const riskInfo = z.object({
  score: z.number().describe('0–100, the sum of the signals'),
  level: z.enum(RISK_LEVELS),
  signals: z.array(storedRiskSignal),
});

/** A return as the queue lists it: its header and lines. */
export const returnSummary = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(RETURN_STATUSES),
  onHold: z.boolean(),
  holdReasons: z.array(z.string()),
  source: z.string().describe('Where the return was opened: portal, agent, api'),
  method: z.enum(RETURN_METHODS).nullable(),
  currency: z.string(),
  trackingNumber: z.string().nullable(),
  shipBy: instant.nullable(),
  pickupSlot: pickupSlot.nullable(),
  storeId: z.string().nullable(),
  withdrawalDeclaredAt: instant.nullable(),
  statusReason: z.string().nullable(),
  value: z.number().describe('What the returned units were paid'),
  risk: riskInfo,
  tags: z.array(z.string()).describe('Set by automation rules'),
  channel: z.string(),
  createdAt: instant,
  updatedAt: instant,
  order: z.object({ id: z.string(), orderNumber: z.string() }),
  customer: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  refundBy: instant.describe('Withdrawal notice (or request) + 14 days'),
  refundOverdue: z.boolean(),
  lines: z.array(returnLine),
});
export const returnPage = pageOf(returnSummary);

export const photoInfo = z.object({
  id: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  uploadedBy: z.string().describe('Who took it: shopper, staff…'),
  createdAt: instant,
});

export const returnNote = z.object({
  id: z.string(),
  kind: z.enum(['internal', 'shopper']).describe('internal: for staff only; shopper: a message the shopper reads'),
  body: z.string(),
  author: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  createdAt: instant,
});

export const returnStore = z.object({
  id: z.string(),
  name: z.string(),
  address: address,
  openingHours: z.string().nullable(),
});

/** The policy's verdict on a line as stored when the return was requested: handlers hand on the
 * stored JSON, which is checked against this shape on its way out. A verdict stored by an older
 * version may lack what later versions add, and carry what they dropped: only what every verdict
 * has is declared, the rest passes as it is. */
const lineVerdictShape = z.looseObject({
  eligible: z.boolean(),
  codes: z.array(z.string()),
  reasons: z.array(z.looseObject({ code: z.string(), severity: z.string(), source: z.string() })),
  firedRules: z.array(z.string()).describe('Rules whose conditions held for this line, in policy order'),
  resolutions: z.array(z.enum(RESOLUTIONS)),
  methods: z.array(z.string()),
  value: z.number(),
  restockingFee: z.number(),
  bonus: z.record(z.string(), z.number()),
  deadline: z.string().nullable(),
  statutoryDeadline: z.string().nullable(),
  manualReview: z.boolean(),
  photoRequired: z.boolean(),
  keepItem: z.boolean(),
  decidedBy: z.record(z.string(), z.string()).describe('Which rule set each effect used'),
});
export const storedLineVerdict = z
  .codec(lineVerdictShape, z.record(z.string(), z.unknown()), {
    decode: (verdict) => verdict,
    encode: (stored) => stored as z.input<typeof lineVerdictShape>,
  })
  .describe(
    "The policy's verdict on the line as stored when the return was requested: eligible, codes, reasons (code, severity, source), firedRules, resolutions, methods, value, restockingFee, bonus, deadline, statutoryDeadline, manualReview, photoRequired, keepItem, decidedBy, and what the version that judged it added",
  );

const timelineEntry = z.object({
  id: z.string(),
  type: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: instant,
});

/** The return on a shop platform: registered there by Retour, or announced by a marketplace. */
const platformReturn = z.object({
  id: z.string(),
  platform: z.enum(SHOP_PLATFORMS),
  connectionId: z.string(),
  connectionName: z.string(),
  origin: z.enum(['retour', 'platform']),
  externalId: z.string().nullable().describe("The platform's id of the return; null until it took it"),
  status: z.string().nullable().describe("The platform's status of it (Shopify: OPEN, CLOSED, CANCELED …)"),
  failed: z.boolean().describe('The platform refused to take it: the return goes on in Retour only'),
  lastError: z.string().nullable().describe("The platform's message on the last call that failed"),
  linesReported: z.number().describe('Lines whose receipt was reported to the platform'),
  updatedAt: instant,
});

/** A return with everything around it, as staff see it. */
export const returnDetail = returnSummary.extend({
  policy: z.object({
    versionId: z.string().nullable(),
    versionNumber: z.number().nullable(),
    versionName: z.string().nullable(),
    arm: z.enum(['control', 'variant']).nullable(),
    experimentId: z.string().nullable(),
  }),
  lines: z.array(returnLine.extend({ photos: z.array(photoInfo), verdict: storedLineVerdict.nullable() })),
  feedback: z.object({ rating: z.number(), comment: z.string().nullable(), createdAt: instant }).nullable(),
  notes: z.array(returnNote),
  store: returnStore.nullable().describe('For a return in a store: the store'),
  settlements: z.array(settlement),
  exchangeOrders: z.array(exchangeOrder).describe('What the shop sends instead of money'),
  repairs: z.array(repair).describe('Repairs under the legal guarantee'),
  platformReturns: z
    .array(platformReturn)
    .describe('Where the return lives on the shop platform or marketplace its order came from'),
  timeline: z.array(timelineEntry),
});

/** A return just requested: how each line was judged, and what it will cost or bring. */
export const requestedReturn = z.object({
  returnId: z.string(),
  number: z.string(),
  status: z.enum(RETURN_STATUSES),
  lines: z.array(
    z.object({
      id: z.string(),
      orderLineId: z.string(),
      acceptance: z.enum(ACCEPTANCES),
      codes: z.array(z.string()),
      deadline: z.string().nullable(),
      restockingFee: z.number(),
      bonus: z.number(),
    }),
  ),
  policy: z.object({
    versionId: z.string(),
    versionNumber: z.number(),
    experimentId: z.string().nullable(),
    arm: z.enum(['control', 'variant']).nullable(),
  }),
  totals: verdictTotals,
  withdrawal: z.object({ declaredAt: instant }).nullable(),
  method: z.enum(RETURN_METHODS).nullable(),
  pickupSlot: pickupSlot.nullable(),
  storeId: z.string().nullable(),
  exchanges: z
    .array(
      z.object({
        variantId: z.string(),
        title: z.string(),
        sku: z.string(),
        unitPrice: z.number(),
        orderLineId: z.string(),
        quantity: z.number(),
        bonus: z.number().describe("The policy's exchange bonus taken off the difference"),
        difference: z.number().describe('Positive: the shopper pays it; negative: it goes back to them'),
      }),
    )
    .describe('Per exchanged line: what the shopper gets, the exchange bonus and the price difference'),
  statusToken: z.string().nullable().describe('The link with which the shopper follows the return (portal requests)'),
});

/** Where a lifecycle transition left the return, and the events it recorded. */
export const transitionOutcome = z.object({
  returnId: z.string(),
  status: z.enum(RETURN_STATUSES),
  events: z.array(z.string()),
});

export const recordedSettlement = z.object({
  returnId: z.string(),
  status: z.enum(RETURN_STATUSES),
  settlementId: z.string(),
  amount: z.number(),
  currency: z.string(),
});

export type ReturnLine = Wire<typeof returnLine>;
export type RiskInfo = Wire<typeof riskInfo>;
export type ReturnSummary = Wire<typeof returnSummary>;
export type ReturnPage = Wire<typeof returnPage>;
export type StoredLineVerdict = Wire<typeof storedLineVerdict>;
export type ReturnDetail = Wire<typeof returnDetail>;
export type RequestedReturn = Wire<typeof requestedReturn>;
export type TransitionOutcome = Wire<typeof transitionOutcome>;
