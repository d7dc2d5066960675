import { z } from 'zod';
import { NEXT_STEP_CODES } from '../../../../domain/nextStep.js';
import { SHOPPER_LOCALES } from '../../../../domain/policy/messages.js';
import { RETURN_METHODS } from '../../../../domain/policy/vocabulary.js';
import { RESOLUTIONS } from '../../../../domain/returnLine.js';
import { shopSettings } from '../../admin/settings/schema.js';
import { instant, pageOf, type Wire } from '../../common.js';
import { exchangeOrder } from '../../exchanges/exchanges/schema.js';
import { chosenServicePoint, shopperLogistics } from '../../logistics/dropOff/schema.js';
import { settlement } from '../../money/settlements/schema.js';
import { codeParams, verdictTotals } from '../../policy/policies/verdictSchema.js';
import { repair } from '../repairs/schema.js';
import {
  createReturnBody,
  photoInfo,
  pickupSlot,
  returnLine,
  returnNote,
  returnStore,
  returnSummary,
} from '../returns/schema.js';

export const lookupBody = z
  .strictObject({
    orderNumber: z.string().trim().min(1).max(64),
    email: z.string().trim().min(3).max(254).optional(),
    postcode: z.string().trim().min(2).max(20).optional(),
  })
  .refine((b) => b.email || b.postcode, { message: 'give the e-mail address or the postcode', path: ['email'] });
export const exchangeOptionsQuery = z.strictObject({ orderLineId: z.string().trim().min(1).max(64) });
export const shopperReturnBody = createReturnBody.omit({ orderId: true }).extend({
  servicePointId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .nullish()
    .describe(
      'The drop-off point from GET /api/v1/shopper/service-points (required where the service needs one, and for partner)',
    ),
  servicePoint: chosenServicePoint.nullish().describe('The point as the search described it (its carrier and postcode)'),
  parcelCount: z.number().int().min(1).max(10).optional().describe('How many boxes the return travels in (default 1)'),
});
export const feedbackBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).nullish(),
});
export const disputeBody = z.strictObject({ message: z.string().trim().min(1).max(2000) });

// ── Answers ────────────────────────────────────────────────────────────────────────────────

/** What the portal shows of the shop before anyone signs in. Nothing internal. */
export const portalShop = shopSettings
  .pick({
    name: true,
    logoUrl: true,
    brandColor: true,
    supportEmail: true,
    defaultLocale: true,
    locales: true,
    timezone: true,
    returnAddress: true,
  })
  .extend({ stores: z.array(returnStore).describe('Stores that take returns') });

export const orderToken = z.object({
  token: z.string().describe('Send as `Authorization: Bearer …`'),
  expiresAt: instant,
  orderId: z.string(),
  orderNumber: z.string(),
});

/** A reason as a shopper reads it: what it means, never how the shop judges it. */
const shopperReason = z.object({
  code: z.string(),
  severity: z.string().describe('refusal, review, restriction, requirement or info'),
  message: z.string().describe('In the language asked'),
  params: codeParams.optional(),
});

const shopperLineVerdict = z.object({
  orderLineId: z.string(),
  quantity: z.number(),
  returnableQuantity: z.number(),
  eligible: z.boolean(),
  flow: z.enum(['return', 'warranty']).describe('warranty: a defect reported after the return window'),
  withinStatutoryPeriod: z.boolean(),
  statutoryDeadline: z.string().nullable(),
  guaranteeEnds: z.string().nullable().describe('The last day a defect can be reported under the legal guarantee'),
  deadline: z.string().nullable(),
  resolutions: z.array(z.enum(RESOLUTIONS)),
  methods: z.array(z.enum(RETURN_METHODS)),
  value: z.number(),
  restockingFee: z.number(),
  bonus: z.partialRecord(z.enum(RESOLUTIONS), z.number()).describe('Extra credit per resolution that earns one'),
  keepItem: z.boolean(),
  photoRequired: z.boolean(),
  reasons: z.array(shopperReason),
});

/** What may come back from the order, until when, how and at what cost, in plain words. */
export const shopperEvaluation = z.object({
  locale: z.enum(SHOPPER_LOCALES),
  currency: z.string(),
  eligible: z.boolean(),
  methods: z
    .array(
      z.object({
        method: z.enum(RETURN_METHODS),
        fee: z.number(),
        waived: z.boolean(),
        byCarrier: z.boolean().describe("One of the shop's carriers carries it from the shopper's country"),
        needsServicePoint: z.boolean().describe('A drop-off point must be picked (GET /api/v1/shopper/service-points)'),
      }),
    )
    .describe("The policy's methods the shop offers in the shopper's country"),
  method: z.enum(RETURN_METHODS).nullable(),
  reasons: z.array(shopperReason),
  totals: verdictTotals,
  lines: z.array(shopperLineVerdict),
});

export const exchangeChoice = z.object({
  orderLineId: z.string(),
  variantId: z.string(),
  title: z.string(),
  sku: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  returnedValue: z.number().describe('What the returned units are worth towards the new item'),
  bonus: z.number().describe("The policy's exchange bonus on top"),
  difference: z.number().describe('New units − returned value − bonus: what the exchange order will ask (or give back)'),
});

/** The same with the shopper's choices: every fee, and what the exchanges will ask. */
export const pricedShopperEvaluation = shopperEvaluation.extend({
  exchanges: z.array(exchangeChoice),
  exchangeDifference: z.number(),
  exchangeBonus: z.number().describe("The policy's exchange bonus taken off the difference"),
});

const exchangeVariant = z.object({
  variantId: z.string(),
  productId: z.string(),
  productTitle: z.string(),
  title: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  unitPrice: z.number(),
  currency: z.string(),
  available: z.number(),
});

export const exchangeOptions = z.object({
  orderLineId: z.string(),
  paidPerUnit: z.number().describe('What one unit of the line cost the shopper, after discounts'),
  sameProduct: z.array(exchangeVariant).describe('Other sizes and colours of the same product, in stock'),
  otherProducts: z
    .array(z.object({ productId: z.string(), title: z.string(), variants: z.array(exchangeVariant) }))
    .describe('Other products from the same category with something in stock'),
});

export const pickupSlots = z.object({
  timeZone: z.string().describe("The shop's time zone, to show the slots in"),
  slots: z.array(pickupSlot),
});

export const photoRemoved = z.object({ removed: z.literal(true) });

/** One of the shopper's returns: what they asked, what happens next, what they get and when. Not
 * how it was judged (risk, holds), nor who on the staff did what. */
export const shopperReturnLine = returnLine.omit({ recoveredValue: true });

/** A return in the shopper's list: not how staff judged it (risk, holds, automation tags). */
export const shopperReturnSummary = returnSummary
  .omit({ risk: true, holdReasons: true, tags: true })
  .extend({ lines: z.array(shopperReturnLine) });
export const shopperReturnPage = pageOf(shopperReturnSummary);

export const shopperReturn = shopperReturnSummary.extend({
  lines: z.array(shopperReturnLine.extend({ photos: z.array(photoInfo) })),
  notes: z.array(returnNote).describe('Messages the shop sent about this return'),
  store: returnStore.nullable(),
  settlements: z.array(settlement.omit({ lastError: true, attempts: true, providerRefundId: true })),
  exchangeOrders: z.array(exchangeOrder).describe('What the shop sends instead of money'),
  repairs: z.array(repair).describe('Repairs under the legal guarantee'),
  disputeOpen: z.boolean().describe("The shopper's dispute of a deduction waits for the shop"),
  feedbackGiven: z.boolean(),
  timeZone: z.string(),
  next: z.object({ code: z.enum(NEXT_STEP_CODES), by: z.string().nullable().describe('The date it should happen by') }),
  statusToken: z.string().describe('Opens this return (and only this one) without looking up the order'),
  timeline: z.array(z.object({ id: z.string(), type: z.string(), occurredAt: instant })),
  logistics: shopperLogistics.describe('The drop-off point, boxes, pickup cut-off and the carrier parcel with its tracking'),
});

export const feedbackGiven = z.object({ returnId: z.string(), rating: z.number() });
export const disputeOpened = z.object({
  returnId: z.string(),
  status: returnSummary.shape.status,
  onHold: z.literal(true),
  deducted: z.number().describe('What was kept back from the refund'),
});

export type PortalShop = Wire<typeof portalShop>;
export type OrderToken = Wire<typeof orderToken>;
export type ShopperEvaluation = Wire<typeof shopperEvaluation>;
export type PricedShopperEvaluation = Wire<typeof pricedShopperEvaluation>;
export type ExchangeChoice = Wire<typeof exchangeChoice>;
export type ExchangeOptions = Wire<typeof exchangeOptions>;
export type PickupSlots = Wire<typeof pickupSlots>;
export type ShopperReturn = Wire<typeof shopperReturn>;
export type ShopperReturnPage = Wire<typeof shopperReturnPage>;

/** The portal's random device id: with the IP, hashed, it links accounts and counts lookups. */
export const portalDeviceHeaders = z.object({
  'x-retour-device': z
    .string()
    .optional()
    .describe('A random id the portal keeps per browser; stored only as a keyed hash (docs/fraud.md)'),
});
