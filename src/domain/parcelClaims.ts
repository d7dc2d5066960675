import { addDays, isNonWorkingDay, localDate, startOfLocalDay } from './calendar.js';
import { RetourError } from './errors.js';
import type { TrackingState } from './tracking.js';

/**
 * Parcels that went wrong on the way, and the claims the shop files with the carrier for them.
 *
 * A parcel is flagged once: when the carrier reports trouble (an exception, which is how carriers
 * report damage, or sent back to the shopper), or when a parcel the carrier has had stops moving
 * for the shop's number of working days (then it is probably lost). Staff then open at most one
 * claim per parcel and move it on:
 *
 *   open ─▶ submitted ─▶ accepted (the carrier pays an amount) | rejected
 *     └────────────────────▶ rejected (staff drop it before filing)
 *
 * Pure: time and the shop's calendar are passed in.
 */

export const FLAG_REASONS = ['exception', 'returned_to_sender', 'stalled'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export const CLAIM_KINDS = ['lost', 'damaged', 'returned_to_sender'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_STATUSES = ['open', 'submitted', 'accepted', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Claims still waiting for the carrier or staff. */
export const OPEN_CLAIM_STATUSES: readonly ClaimStatus[] = ['open', 'submitted'];

export type ClaimStep = 'submit' | 'accept' | 'reject';

/** The states of a parcel the carrier has and that may stall: handed in and not yet delivered. */
export const MOVING_STATES: readonly TrackingState[] = ['handed_in', 'in_transit', 'at_pickup_point'];

/** Default working days without tracking news after which a parcel is flagged as lost. */
export const DEFAULT_STALLED_PARCEL_DAYS = 7;
export const MAX_STALLED_PARCEL_DAYS = 60;

/** The claim a flag suggests: carriers report damage as an exception; a parcel that stopped is lost. */
export function claimKindOf(reason: FlagReason): ClaimKind {
  if (reason === 'stalled') return 'lost';
  if (reason === 'returned_to_sender') return 'returned_to_sender';
  return 'damaged';
}

/** The trouble a tracking state is, if any. */
export function flagReasonOf(state: TrackingState | null): FlagReason | null {
  if (state === 'exception' || state === 'returned_to_sender') return state;
  return null;
}

/**
 * The moment before which a parcel's last tracking news means it stalled: the start of the day
 * `workingDays` working days before today in the shop's time zone (weekends and Dutch public
 * holidays do not count, carriers do not move parcels then).
 */
export function stalledBefore(now: Date, workingDays: number, timeZone: string): Date {
  let date = localDate(now, timeZone);
  let left = workingDays;
  while (left > 0) {
    date = addDays(date, -1);
    if (!isNonWorkingDay(date)) left--;
  }
  return startOfLocalDay(date, timeZone);
}

/** Where a claim goes on a step; a step its status does not allow is a conflict that says why. */
export function nextClaimStatus(status: ClaimStatus, step: ClaimStep): ClaimStatus {
  const allowed: Record<ClaimStep, readonly ClaimStatus[]> = {
    submit: ['open'],
    accept: ['submitted'],
    reject: ['open', 'submitted'],
  };
  if (!allowed[step].includes(status)) {
    throw new RetourError('conflict', 'CLAIM_STEP_NOT_ALLOWED', `A ${status} claim cannot be ${STEP_DONE[step]}`, [], {
      status,
      step,
    });
  }
  return step === 'submit' ? 'submitted' : step === 'accept' ? 'accepted' : 'rejected';
}

const STEP_DONE: Record<ClaimStep, string> = { submit: 'submitted', accept: 'accepted', reject: 'rejected' };

/** What the carrier paid may be less than claimed, never more: more is a typing error. */
export function checkAmountPaid(paid: number, claimed: number): void {
  if (paid > claimed) {
    throw new RetourError('invalid', 'AMOUNT_PAID_ABOVE_CLAIM', `${paid} is more than the ${claimed} claimed`, [
      { path: 'amountPaid', message: `at most the amount claimed (${claimed})` },
    ]);
  }
}

/**
 * What a claim asks by default: the value of the goods in the parcel (the return's goods shared
 * over its parcels) and the label's cost the carrier charged, when charged in the same currency.
 */
export function defaultClaimAmount(goods: number, label: { amount: number; currency: string } | null, currency: string): number {
  return goods + (label && label.currency === currency ? label.amount : 0);
}
