import { z } from 'zod';
import { CARRIERS } from '../../../../domain/carriers.js';
import { CLAIM_KINDS, CLAIM_STATUSES, FLAG_REASONS, MAX_STALLED_PARCEL_DAYS } from '../../../../domain/parcelClaims.js';
import { RETURN_STATUSES } from '../../../../domain/returnLifecycle.js';
import { TRACKING_STATES } from '../../../../domain/tracking.js';
import { cursorQuery, instant, limitQuery, reasonText, type Wire } from '../../common.js';

/** Cents; a claim of more than a million is a typing error. */
const cents = z.number().int().min(0).max(100_000_000);
const reference = z.string().trim().min(1).max(100);
const note = z.string().trim().min(1).max(2000);

export const listQuery = z.strictObject({
  status: z.enum(CLAIM_STATUSES).optional(),
  carrier: z.enum(CARRIERS).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});

export const openBody = z.strictObject({
  parcelId: z.string().min(1).max(64).describe('A booked parcel of the return'),
  kind: z.enum(CLAIM_KINDS),
  amountClaimed: cents
    .nullish()
    .describe("Cents, in the order's currency; left out: the goods in the parcel plus its share of the label's cost"),
  carrierReference: reference.nullish().describe("The carrier's claim reference, when known already"),
  note: note.nullish(),
});

export const submitBody = z.strictObject({
  carrierReference: reference.nullish().describe("The carrier's claim reference; required unless given when opened"),
  amountClaimed: cents.nullish().describe('Cents; left out: as opened'),
  note: note.nullish(),
});

export const acceptBody = z.strictObject({
  amountPaid: cents.describe('What the carrier pays, in cents of the claim currency; at most the amount claimed'),
  note: note.nullish(),
});

export const rejectBody = z.strictObject({ note: reasonText.describe('Why the carrier refused it, or why it was dropped') });
export const noteBody = z.strictObject({ note });

export const settingsBody = z.strictObject({
  stalledParcelDays: z
    .number()
    .int()
    .min(1)
    .max(MAX_STALLED_PARCEL_DAYS)
    .describe('Working days without tracking news after which a parcel the carrier has is flagged as lost'),
});
export const settings = z.object({ stalledParcelDays: z.number() });

export const claim = z.object({
  id: z.string(),
  returnId: z.string(),
  returnNumber: z.string(),
  shipmentId: z.string(),
  parcelId: z.string(),
  carrier: z.string(),
  trackingNumber: z.string().nullable(),
  kind: z.enum(CLAIM_KINDS),
  status: z.enum(CLAIM_STATUSES),
  amountClaimed: z.number().describe('Cents'),
  amountPaid: z.number().nullable().describe('Cents the carrier pays, once accepted'),
  currency: z.string(),
  carrierReference: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  submittedAt: instant.nullable(),
  decidedAt: instant.nullable(),
});

export const claimDetail = claim.extend({
  history: z
    .array(
      z.object({
        type: z.string().describe('The event: claim.opened, claim.submitted, claim.accepted, claim.rejected, claim.note_added…'),
        at: instant,
        actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
        note: z.string().nullable(),
        data: z.record(z.string(), z.unknown()),
      }),
    )
    .describe('Every change, oldest first: what, who and when'),
});

export const claimPage = z.object({
  items: z.array(claim),
  nextCursor: z.string().nullable(),
  totals: z
    .array(z.object({ currency: z.string(), count: z.number(), claimed: z.number(), paid: z.number() }))
    .describe('What every claim of the filter adds up to (not only this page), per currency'),
});

export const returnClaims = z.object({
  items: z.array(claim),
  parcels: z
    .array(
      z.object({
        parcelId: z.string(),
        shipmentId: z.string(),
        carrier: z.string(),
        trackingNumber: z.string().nullable(),
        trackingState: z.enum(TRACKING_STATES).nullable(),
        flaggedAt: instant.nullable(),
        flagReason: z.enum(FLAG_REASONS).nullable(),
        suggestedKind: z.enum(CLAIM_KINDS).nullable(),
        defaultAmount: z
          .number()
          .describe("Cents a claim asks by default: the goods in the parcel plus its share of the label's cost"),
        currency: z.string(),
        claimId: z.string().nullable(),
      }),
    )
    .describe('The booked parcels of the return, and whether a claim was opened for each'),
});

export const shopperRefund = z.object({
  claim: claimDetail,
  status: z.enum(RETURN_STATUSES).describe("The return's status after it"),
  started: z.array(z.string()).describe('Settlements started now; empty when the shopper was (being) paid already'),
  paid: z.boolean().describe('Every approved line is paid or being paid; false when the provider refused the refund (pay again)'),
});

export type Claim = Wire<typeof claim>;
export type ClaimDetail = Wire<typeof claimDetail>;
export type ClaimPage = Wire<typeof claimPage>;
export type ReturnClaims = Wire<typeof returnClaims>;
